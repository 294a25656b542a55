import type { CompareResponse, CompareResult, TrainingResponse } from '@llm-calc/contracts';

/** Test data shaped like POST /api/compare and /api/training answers. Used by specs only. */

export function compareResult(overrides: Partial<CompareResult> & { gpu: string }): CompareResult {
  return {
    name: overrides.gpu.toUpperCase(),
    family: 'NVIDIA Hopper',
    supported: true,
    reason: null,
    fits: true,
    num_gpus: 1,
    tensor_parallel: 1,
    pipeline_parallel: 1,
    per_gpu_bytes: 18.8e9,
    gpu_memory_bytes: 80e9,
    tokens_per_second: 100,
    aggregate_tokens_per_second: 100,
    prefill_latency_seconds: 0.2,
    cost_per_hour: 2,
    cost_per_million_tokens: 5,
    runtime: 'vllm',
    tokens_per_second_range: { low: 85, high: 110 },
    aggregate_tokens_per_second_range: { low: 85, high: 110 },
    cost_per_million_tokens_range: { low: 4.5, high: 5.9 },
    ...overrides,
  };
}

export const COMPARE_RESPONSE: CompareResponse = {
  results: [
    compareResult({
      gpu: 'v100-sxm2-32gb',
      name: 'NVIDIA V100 SXM2 32GB',
      family: 'NVIDIA Volta',
      supported: false,
      reason: "precision 'bf16' is not supported on NVIDIA V100 SXM2 32GB",
      fits: false,
      per_gpu_bytes: 0,
      gpu_memory_bytes: 32e9,
      tokens_per_second: 0,
      aggregate_tokens_per_second: 0,
      prefill_latency_seconds: 0,
      cost_per_hour: null,
      cost_per_million_tokens: null,
    }),
    compareResult({
      gpu: 'h100-sxm',
      name: 'NVIDIA H100 SXM5 80GB',
      tokens_per_second: 160.9,
      aggregate_tokens_per_second: 160.9,
      cost_per_hour: 2.8,
      cost_per_million_tokens: 4.83,
    }),
    compareResult({
      gpu: 'rtx-3090',
      name: 'NVIDIA GeForce RTX 3090',
      family: 'NVIDIA GeForce',
      gpu_memory_bytes: 24e9,
      tokens_per_second: 45,
      aggregate_tokens_per_second: 45,
      cost_per_hour: 0.25,
      cost_per_million_tokens: 1.54,
    }),
    compareResult({
      gpu: 'rtx-4080',
      name: 'NVIDIA GeForce RTX 4080',
      family: 'NVIDIA GeForce',
      fits: false,
      per_gpu_bytes: 18.8e9,
      gpu_memory_bytes: 16e9,
      tokens_per_second: 34.4,
      aggregate_tokens_per_second: 34.4,
      cost_per_hour: 0.3,
      cost_per_million_tokens: 2.42,
    }),
    compareResult({
      gpu: 'apple-m2-ultra',
      name: 'Apple M2 Ultra',
      family: 'Apple Silicon',
      gpu_memory_bytes: 192e9,
      tokens_per_second: 38.4,
      aggregate_tokens_per_second: 38.4,
      cost_per_hour: null,
      cost_per_million_tokens: null,
    }),
  ],
  cheapest_fitting: 'rtx-3090',
};

export const TRAINING_RESPONSE: TrainingResponse = {
  inputs: { model: 'llama-3.1-8b', gpu: 'h100-sxm', num_gpus: 8 },
  model_summary: { name: 'Llama 3.1 8B', total_parameters: 8030261248, active_parameters: 8030261248 },
  total_flops: 4.825e22,
  time_seconds: 15238113.47,
  gpu_hours: 33862.47,
  per_gpu: {
    weights_bytes: 16060522496,
    gradients_bytes: 16060522496,
    optimizer_states_bytes: 12045391872,
    activations_bytes: 20354957312,
    total_bytes: 64521394176,
  },
  gpu_memory_bytes: 80e9,
  fits: true,
  cost: { price_per_gpu_hour: 2.8, total_cost: 94814.93 },
};
