import type { GpuSpec, InferenceOptions, ModelArchitecture } from '../lib/types';
import type { RuntimeProfile } from '../lib/runtime';

/** Test fixtures: architectures from the official Hugging Face config.json files. */
const denseDefaults = {
  num_experts: 1,
  experts_per_token: 1,
  num_shared_experts: 0,
  first_dense_layers: 0,
  kv_lora_rank: null,
  qk_rope_head_dim: null,
  sliding_window: null,
  sliding_window_pattern: null,
  ffn_type: 'gated',
} as const;

/** meta-llama/Llama-2-7b-hf */
export const LLAMA_2_7B: ModelArchitecture = {
  ...denseDefaults,
  name: 'Llama 2 7B',
  hidden_size: 4096,
  intermediate_size: 11008,
  expert_intermediate_size: 11008,
  num_layers: 32,
  num_attention_heads: 32,
  num_kv_heads: 32,
  head_dim: 128,
  vocab_size: 32000,
  tie_word_embeddings: false,
  max_position_embeddings: 4096,
};

/** meta-llama/Llama-3.1-8B */
export const LLAMA_31_8B: ModelArchitecture = {
  ...denseDefaults,
  name: 'Llama 3.1 8B',
  hidden_size: 4096,
  intermediate_size: 14336,
  expert_intermediate_size: 14336,
  num_layers: 32,
  num_attention_heads: 32,
  num_kv_heads: 8,
  head_dim: 128,
  vocab_size: 128256,
  tie_word_embeddings: false,
  max_position_embeddings: 131072,
};

/** meta-llama/Llama-3.1-70B (config.json: 8192 hidden, 28672 FFN, 80 layers, 64 heads, 8 KV heads) */
export const LLAMA_31_70B: ModelArchitecture = {
  ...LLAMA_31_8B,
  name: 'Llama 3.1 70B',
  hidden_size: 8192,
  intermediate_size: 28672,
  expert_intermediate_size: 28672,
  num_layers: 80,
  num_attention_heads: 64,
};

/** mistralai/Mixtral-8x7B-v0.1 */
export const MIXTRAL_8X7B: ModelArchitecture = {
  ...LLAMA_31_8B,
  name: 'Mixtral 8x7B',
  vocab_size: 32000,
  num_experts: 8,
  experts_per_token: 2,
  expert_intermediate_size: 14336,
  max_position_embeddings: 32768,
};

/** deepseek-ai/DeepSeek-V3 */
export const DEEPSEEK_V3: ModelArchitecture = {
  ...denseDefaults,
  name: 'DeepSeek-V3',
  hidden_size: 7168,
  intermediate_size: 18432,
  num_layers: 61,
  num_attention_heads: 128,
  num_kv_heads: 128,
  head_dim: 192,
  vocab_size: 129280,
  tie_word_embeddings: false,
  num_experts: 256,
  experts_per_token: 8,
  expert_intermediate_size: 2048,
  num_shared_experts: 1,
  first_dense_layers: 3,
  kv_lora_rank: 512,
  qk_rope_head_dim: 64,
  q_lora_rank: 1536,
  qk_nope_head_dim: 128,
  v_head_dim: 128,
  max_position_embeddings: 163840,
};

/** google/gemma-2-9b: alternating local (4096) and global layers. */
export const GEMMA_2_9B: ModelArchitecture = {
  ...denseDefaults,
  name: 'Gemma 2 9B',
  hidden_size: 3584,
  intermediate_size: 14336,
  expert_intermediate_size: 14336,
  num_layers: 42,
  num_attention_heads: 16,
  num_kv_heads: 8,
  head_dim: 256,
  vocab_size: 256000,
  tie_word_embeddings: true,
  sliding_window: 4096,
  sliding_window_pattern: 2,
  max_position_embeddings: 8192,
};

/** NVIDIA H100 SXM5 80GB datasheet (dense). */
export const H100_SXM: GpuSpec = {
  name: 'NVIDIA H100 SXM5 80GB',
  memory_bytes: 80e9,
  memory_bandwidth_bytes_per_second: 3.35e12,
  peak_flops: { fp32: 67e12, tf32: 494.5e12, fp16: 989.5e12, bf16: 989.5e12, fp8: 1979e12, int8: 1979e12 },
  interconnect_bandwidth_bytes_per_second: 450e9,
};

/** NVIDIA V100 SXM2 32GB: no bf16, no fp8. */
export const V100: GpuSpec = {
  name: 'NVIDIA V100 SXM2 32GB',
  memory_bytes: 32e9,
  memory_bandwidth_bytes_per_second: 900e9,
  peak_flops: { fp32: 15.7e12, fp16: 125e12 },
  interconnect_bandwidth_bytes_per_second: 150e9,
};

export const DEFAULT_OPTIONS: InferenceOptions = {
  promptTokens: 4096,
  outputTokens: 1000,
  batchSize: 1,
  weightFormat: 'bf16',
  kvCacheFormat: 'bf16',
  numGpus: 1,
  tensorParallel: 1,
  pipelineParallel: 1,
  computeEfficiency: 0.42,
  memoryEfficiency: 0.75,
};

/** A test runtime profile with round numbers (the real, cited ones live in libs/presets). */
export const TEST_PROFILE: RuntimeProfile = {
  id: 'test-runtime',
  name: 'Test runtime',
  kind: 'profile',
  weightFormats: { fp16: {}, bf16: {}, fp8: {}, int4: { bitsPerWeight: 4.5 }, q4_k_m: {} },
  kvCacheFormats: ['fp16', 'bf16', 'q8_0'],
  fitted: {
    memoryEfficiency: { HBM: 0.8, GDDR: 0.9, unified: 0.7 },
    quantizedReadFactor: 0.8,
    computeEfficiencyMax: 0.6,
    perLayerSeconds: 10e-6,
    allReduceLatencySeconds: 20e-6,
    lowPrecisionComputeFactor: 0.8,
  },
  computeHalfTokens: 64,
  prefillChunkTokens: 512,
  stepFixedSeconds: 1e-4,
  fusedDequant: true,
  linkLatencyFactor: { nvlink: 1, 'pcie-p2p': 2.5, pcie: 5 },
  supportsTensorParallel: true,
  fp16Accumulate: false,
  supportsOffload: true,
  hostMemoryEfficiency: 0.8,
  memory: {
    contextBytes: 0.5 * 2 ** 30,
    workspaceBytes: 0.25 * 2 ** 30,
    cudaGraphBytes: 0.25 * 2 ** 30,
    weightsOverheadFraction: 0,
    kvBlockTokens: 16,
    eagerAttention: false,
    allPromptLogits: false,
    kvCopyOnAppend: false,
    kvPool: null,
  },
  spreads: {
    decode: { lower: -0.1, upper: 0.2, n: 10 },
    prefill: { lower: -0.3, upper: 0.1, n: 5 },
    memory: { lower: -0.05, upper: 0.05, n: 4 },
    batched: { lower: 0, upper: 0, n: 0 },
  },
};

/** The test profile as a pool server reserving 90% of each GPU (vLLM-like). */
export const TEST_POOL_PROFILE: RuntimeProfile = {
  ...TEST_PROFILE,
  id: 'test-pool',
  supportsOffload: false,
  memory: { ...TEST_PROFILE.memory, kvPool: { kind: 'utilization', defaultFraction: 0.9 } },
};
