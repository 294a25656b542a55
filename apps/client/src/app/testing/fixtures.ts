import type {
  AvailableModelsResponse,
  CalculateResponse,
  GpuConfigsResponse,
  GpuListItem,
  HistoryResponse,
  ModelConfigResponse,
  SavedCustomModel,
} from '@llm-calc/contracts';

/** Test data shaped like the API's answers (libs/contracts wire-types). Used by specs only. */

export const MODELS: AvailableModelsResponse = {
  families: [
    {
      family: 'Llama',
      models: [
        {
          id: 'llama-3.1-8b',
          name: 'Llama 3.1 8B',
          family: 'Llama',
          total_parameters: 8030261248,
          active_parameters: 8030261248,
          max_position_embeddings: 131072,
        },
        {
          id: 'llama-3.1-70b',
          name: 'Llama 3.1 70B',
          family: 'Llama',
          total_parameters: 70553706496,
          active_parameters: 70553706496,
          max_position_embeddings: 131072,
        },
      ],
    },
    {
      family: 'DeepSeek',
      models: [
        {
          id: 'deepseek-v3',
          name: 'DeepSeek V3',
          family: 'DeepSeek',
          total_parameters: 671e9,
          active_parameters: 37e9,
          max_position_embeddings: 163840,
        },
      ],
    },
  ],
};

const ALL_FORMATS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'] as const;

export const H100: GpuListItem = {
  id: 'h100-sxm',
  name: 'NVIDIA H100 SXM5 80GB',
  family: 'NVIDIA Hopper',
  vendor: 'NVIDIA',
  memory_bytes: 80e9,
  memory_bandwidth_bytes_per_second: 3.35e12,
  peak_flops: { fp32: 6.7e13, tf32: 4.95e14, fp16: 9.89e14, bf16: 9.89e14, fp8: 1.979e15, int8: 1.979e15 },
  interconnect_bandwidth_bytes_per_second: 4.5e11,
  supported_precisions: [...ALL_FORMATS],
  price_per_gpu_hour: null,
};

export const V100: GpuListItem = {
  id: 'v100-sxm2-32gb',
  name: 'NVIDIA V100 SXM2 32GB',
  family: 'NVIDIA Volta',
  vendor: 'NVIDIA',
  memory_bytes: 32e9,
  memory_bandwidth_bytes_per_second: 900e9,
  peak_flops: { fp32: 15.7e12, fp16: 125e12 },
  interconnect_bandwidth_bytes_per_second: 150e9,
  supported_precisions: ['fp32', 'fp16', 'int8', 'int4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'],
  price_per_gpu_hour: null,
};

export const GPUS: GpuConfigsResponse = {
  families: [
    { family: 'NVIDIA Hopper', gpus: [H100] },
    { family: 'NVIDIA Volta', gpus: [V100] },
  ],
};

export const LLAMA_8B_CONFIG: ModelConfigResponse = {
  id: 'llama-3.1-8b',
  family: 'Llama',
  source: 'https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json',
  name: 'Llama 3.1 8B',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_layers: 32,
  num_attention_heads: 32,
  num_kv_heads: 8,
  head_dim: 128,
  vocab_size: 128256,
  tie_word_embeddings: false,
  ffn_type: 'gated',
  num_experts: 1,
  experts_per_token: 1,
  expert_intermediate_size: 14336,
  num_shared_experts: 0,
  first_dense_layers: 0,
  kv_lora_rank: null,
  qk_rope_head_dim: null,
  sliding_window: null,
  sliding_window_pattern: null,
  norm_type: 'rmsnorm',
  max_position_embeddings: 131072,
};

/** A custom model saved from the calculator (GET /api/custom_models). */
export const SAVED_MODEL: SavedCustomModel = (() => {
  const architecture: Partial<ModelConfigResponse> = { ...LLAMA_8B_CONFIG };
  delete architecture.id;
  delete architecture.family;
  delete architecture.source;
  return {
    name: 'my llama',
    saved_at: '2026-11-30T12:00:00.000Z',
    model: { ...(architecture as SavedCustomModel['model']), name: 'my llama', num_layers: 40 },
  };
})();

export function calculateResponse(overrides: Partial<CalculateResponse> = {}, id = 'run-1'): CalculateResponse {
  const base: CalculateResponse = {
    id,
    timestamp: '2026-01-01T00:00:00.000Z',
    source: 'web',
    inputs: {
      model: 'llama-3.1-8b',
      custom_model: null,
      gpu: 'h100-sxm',
      custom_gpu: null,
      sequence_length: 4096,
      output_tokens: 1000,
      batch_size: 1,
      precision: 'bf16',
      kv_cache_precision: 'bf16',
      num_gpus: 1,
      tensor_parallel: 1,
      pipeline_parallel: 1,
      runtime: 'vllm',
      gpu_layers: null,
      host_memory_bandwidth_bytes_per_second: 60e9,
      gpu_memory_utilization: 0.9,
      // As echoed for a request that gave them (null when left to the runtime's fitted values).
      efficiency: 0.3,
      memory_efficiency: 0.8,
      flash_attention: true,
      price_per_gpu_hour: null,
    },
    model_summary: {
      name: 'Llama 3.1 8B',
      family: 'Llama',
      total_parameters: 8030261248,
      active_parameters: 8030261248,
      num_layers: 32,
      hidden_size: 4096,
      attention_type: 'GQA',
      is_moe: false,
    },
    gpu_summary: {
      name: 'NVIDIA H100 SXM5 80GB',
      family: 'NVIDIA Hopper',
      memory_bytes: 80e9,
      memory_bandwidth_bytes_per_second: 3.35e12,
      peak_flops_per_second: 9.89e14,
    },
    memory: {
      weights_bytes: 16.86e9,
      kv_cache_bytes: 0.69e9,
      activations_bytes: 0.35e9,
      system_overhead_bytes: 0.9e9,
      total_bytes: 18.8e9,
      per_gpu_bytes: 18.8e9,
      gpu_memory_bytes: 80e9,
      fits: true,
      headroom_bytes: 61.2e9,
      total_bytes_range: { low: 17.9e9, high: 19.9e9 },
      max_batch_size: 88,
      max_sequence_length: 470000,
      max_prompt_tokens: 469000,
      min_gpus: 1,
      runtime_overhead_bytes: 0.9e9,
      reserved_bytes: 72e9,
      kv_pool_bytes: 53.2e9,
      kv_pool_tokens: 405_000,
      usable_bytes: 72e9,
      host_bytes: 0,
      gpu_layers: 32,
      max_gpu_layers: null,
      per_gpu: { weights_bytes: 16.86e9, kv_cache_bytes: 0.69e9, activations_bytes: 0.35e9, system_overhead_bytes: 0.9e9 },
      bytes_per_weight: 2,
      bytes_per_kv_element: 2,
      kv_cache_bytes_per_token: 131072,
    },
    compute: {
      attention_flops: 3.4e9,
      feedforward_flops: 11.3e9,
      prefill_flops: 6.6e13,
      per_token_flops: 16.1e9,
      compute_precision: 'bf16',
    },
    performance: {
      tokens_per_second: 141.2,
      aggregate_tokens_per_second: 141.2,
      prefill_latency_seconds: 0.223,
      per_token_latency_seconds: 0.00708,
      time_for_1000_tokens_seconds: 7.3,
      total_latency_seconds: 7.3,
      tokens_per_second_range: { low: 121, high: 152 },
      aggregate_tokens_per_second_range: { low: 121, high: 152 },
      prefill_latency_seconds_range: { low: 0.19, high: 0.3 },
      per_token_latency_seconds_range: { low: 0.00658, high: 0.00826 },
      time_for_1000_tokens_seconds_range: { low: 6.8, high: 8.5 },
      total_latency_seconds_range: { low: 6.8, high: 8.5 },
      prefill_bound: 'compute',
      decode_bound: 'memory',
      ridge_point_flops_per_byte: 295,
      prefill: {
        flops: 6.6e13,
        bytes: 17e9,
        compute_seconds: 0.22,
        memory_seconds: 0.006,
        communication_seconds: 0,
        seconds: 0.223,
        bound: 'compute',
        arithmetic_intensity_flops_per_byte: 3880,
        compute_efficiency: 0.45,
        memory_efficiency: 0.8,
      },
      decode: {
        flops: 16.1e9,
        bytes: 17.2e9,
        compute_seconds: 0.00005,
        memory_seconds: 0.0064,
        communication_seconds: 0,
        seconds: 0.0064,
        bound: 'memory',
        arithmetic_intensity_flops_per_byte: 0.94,
        compute_efficiency: 0.45,
        memory_efficiency: 0.81,
      },
    },
    cost: { price_per_gpu_hour: null, cost_per_hour: null, cost_per_million_tokens: null },
    warnings: [],
  };
  return { ...base, ...overrides };
}

/** `count` runs with ids run-<offset+1>...; model names differ so rows can be told apart. */
export function historyPage(count: number, total: number, page = 1, pageSize = 25, offset = 0): HistoryResponse {
  const items = Array.from({ length: count }, (_, i) => {
    const n = offset + i + 1;
    const run = calculateResponse({}, `run-${n}`);
    return { ...run, model_summary: { ...run.model_summary, name: `Model ${n}` } };
  });
  return { total, page, page_size: pageSize, items, skipped_lines: 0 };
}
