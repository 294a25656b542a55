import {
  calculate,
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  estimateProfilePerformance,
  isAmdInstinct,
  parameterCounts,
  profileDecodeRate,
  type GpuSpec,
  type InferenceOptions,
  type KvCacheFormat,
  type ModelArchitecture,
  type RuntimeProfile,
  type RuntimeRegime,
  type WeightFormat,
} from '@llm-calc/engine';
import { findGpuPreset, findModelPreset } from './lookup';

/**
 * The measured runs of reference/measured.json as engine inputs: which model and GPU preset,
 * runtime, formats and parallelism each one ran, and how its metric maps onto the engine's
 * figures. Entries that cannot be mapped are returned as excluded, with the reason.
 */

/** One object of reference/measured.json. */
export interface MeasuredEntry {
  id: string;
  source: string;
  url: string;
  model: string;
  params_b: number | null;
  weights_precision: string;
  kv_precision: string;
  gpu: string;
  num_gpus: number;
  parallelism: string;
  framework: string;
  batch_size: number | null;
  prompt_tokens: number | null;
  output_tokens: number | null;
  metric: string;
  value: number;
  unit: string;
  notes: string;
}

/** How the engine's figures give the measured metric. */
export type MeasuredMetric =
  /** tokens/s over decode steps from context `from` (llama-bench tgN: from 0). */
  | 'decode-rate'
  /** seconds per decode step over the generation (inter-token latency). */
  | 'decode-step'
  /** (prefill + decode) / output tokens, seconds (HF generate timing / new tokens). */
  | 'total-per-token'
  /** prefill seconds (time to first token). */
  | 'prefill-seconds'
  /** time to first token measured by a benchmark client through a server's API: prefill + the server's per-request overhead. */
  | 'client-ttft'
  /** prompt tokens / prefill seconds. */
  | 'prefill-rate'
  /** per-GPU bytes the tool saw, CUDA context included. */
  | 'memory-total'
  /** per-GPU bytes of torch.cuda.max_memory_allocated (no context). */
  | 'memory-allocated'
  /** batch * output / (prefill + decode), tokens/s, divided by `perGpuOf` GPUs where per GPU. */
  | 'batched-rate';

export interface MeasuredCase {
  id: string;
  /** Leave-one-source-out key: the document (URL) the figure comes from. */
  source: string;
  runtime: string;
  regime: RuntimeRegime;
  label: string;
  model: ModelArchitecture;
  gpu: GpuSpec;
  options: Omit<InferenceOptions, 'runtime' | 'computeEfficiency' | 'memoryEfficiency'>;
  /** A stated bits per weight of the run that differs from the runtime's default (e.g. gpt-fast int4 g32). */
  weightBits?: number;
  /**
   * The run's stack computed every prompt position's logits and eager attention scores (HF
   * transformers before 4.45 / without SDPA or flash attention): the profile's memory model then
   * counts them, as that version allocated them. The transformers profile is today's stack.
   */
  legacyActivations?: boolean;
  /**
   * A run of an engine release with a larger fixed cost per forward pass than the profile's (today's)
   * release: vLLM's V0 engine (before 0.8) and TensorRT-LLM 0.5 and earlier. Its per-step cost is the
   * fitted legacyStepSeconds more (one parameter, fitted on both).
   */
  legacyEngine?: boolean;
  metric: MeasuredMetric;
  /** Measured value in base units (tokens/s, seconds or bytes). */
  measured: number;
  /** 'rate' values rise with speed; 'duration' values fall; 'bytes' are memory. */
  sense: 'rate' | 'duration' | 'bytes';
  /** Divide a batched rate by this many GPUs (per-GPU throughput). */
  perGpuOf?: number;
}

export interface ExcludedMeasurement {
  id: string;
  reason: string;
}

const GIB = 2 ** 30;

/** Hardware in measured runs that the catalogue does not carry (calibration only). */
const CALIBRATION_GPUS: Record<string, GpuSpec> = {
  // GA104: 448 GB/s, 20.3 TFLOPS fp32, fp16 tensor 40.6 (fp32 accumulate) / 81.3 (fp16 accumulate).
  'rtx-3070': {
    name: 'NVIDIA GeForce RTX 3070 (calibration only; GA104 whitepaper figures)',
    memory_bytes: 8 * GIB,
    memory_bandwidth_bytes_per_second: 448e9,
    peak_flops: { fp32: 20.3e12, fp16: 40.6e12, bf16: 40.6e12, int8: 162.6e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
    fp16_accumulate_flops: 81.3e12,
  },
  // RTX 4000 Ada datasheet: 20 GB GDDR6 (ECC), 360 GB/s, 26.7 TFLOPS fp32, 327.6 FP8 TOPS sparse.
  'rtx-4000-ada': {
    name: 'NVIDIA RTX 4000 Ada Generation (calibration only; datasheet figures)',
    memory_bytes: 20 * GIB,
    memory_bandwidth_bytes_per_second: 360e9,
    peak_flops: { fp32: 26.7e12, fp16: 81.9e12, bf16: 81.9e12, fp8: 163.8e12, int8: 163.8e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie-p2p',
  },
  // Apple M1 (7-core GPU): 68.25 GB/s; fp32 ~ 7 x 128 x 2 x 1.278 GHz = 2.29 TFLOPS (community estimate).
  'apple-m1-7c': {
    name: 'Apple M1 (7-core GPU; calibration only)',
    memory_bytes: 16 * GIB,
    memory_bandwidth_bytes_per_second: 68.25e9,
    peak_flops: { fp32: 2.29e12, fp16: 2.29e12, bf16: 2.29e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // Apple M2 Max (38-core GPU): 400 GB/s; fp32 ~ 38 x 128 x 2 x 1.398 GHz = 13.6 TFLOPS.
  'apple-m2-max-38c': {
    name: 'Apple M2 Max (38-core GPU, 96 GB; calibration only)',
    memory_bytes: 96 * GIB,
    memory_bandwidth_bytes_per_second: 400e9,
    peak_flops: { fp32: 13.6e12, fp16: 13.6e12, bf16: 13.6e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // Apple M2 Max (30-core GPU): 400 GB/s (Apple newsroom 2023-01); fp32 ~ 30 x 128 x 2 x 1.398 GHz = 10.7 TFLOPS (estimate).
  'apple-m2-max-30c': {
    name: 'Apple M2 Max (30-core GPU, 32 GB; calibration only)',
    memory_bytes: 32 * GIB,
    memory_bandwidth_bytes_per_second: 400e9,
    peak_flops: { fp32: 10.7e12, fp16: 10.7e12, bf16: 10.7e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // GA102 (RTX 3080 10GB): 760 GB/s GDDR6X, 29.8 TFLOPS fp32; fp16 tensor 59.5 (fp32 accumulate) /
  // 119 (fp16 accumulate), int8 238 dense (NVIDIA Ampere GA102 whitepaper, appendix table).
  'rtx-3080': {
    name: 'NVIDIA GeForce RTX 3080 10GB (calibration only; GA102 whitepaper figures)',
    memory_bytes: 10 * GIB,
    memory_bandwidth_bytes_per_second: 760e9,
    peak_flops: { fp32: 29.8e12, fp16: 59.5e12, bf16: 59.5e12, int8: 238e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
    fp16_accumulate_flops: 119e12,
  },
  // AMD Radeon RX 6700 XT product page: 12 GB GDDR6, 384 GB/s, 13.21 TFLOPS fp32, 26.43 fp16 (RDNA 2, no matrix cores).
  'rx-6700-xt': {
    name: 'AMD Radeon RX 6700 XT (calibration only; AMD product page figures)',
    memory_bytes: 12 * GIB,
    memory_bandwidth_bytes_per_second: 384e9,
    peak_flops: { fp32: 13.21e12, fp16: 26.43e12, bf16: 13.21e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
  },
  // Apple M3 Ultra (80-core GPU, Apple newsroom 2025-03): 819 GB/s, up to 512 GB; fp32 ~ 80 x 128 x 2 x ~1.4 GHz = 28.7 (estimate).
  'apple-m3-ultra-80c': {
    name: 'Apple M3 Ultra (80-core GPU, 512 GB; calibration only)',
    memory_bytes: 512 * GIB,
    memory_bandwidth_bytes_per_second: 819e9,
    peak_flops: { fp32: 28.7e12, fp16: 28.7e12, bf16: 28.7e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // Apple M1 Ultra (Apple newsroom 2022-03): 800 GB/s; 64-core GPU "21 TFLOPS" fp32 (Apple), 48-core ~ 15.9 (x 48/64).
  'apple-m1-ultra-64c': {
    name: 'Apple M1 Ultra (64-core GPU, 128 GB; calibration only)',
    memory_bytes: 128 * GIB,
    memory_bandwidth_bytes_per_second: 800e9,
    peak_flops: { fp32: 21.2e12, fp16: 21.2e12, bf16: 21.2e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  'apple-m1-ultra-48c': {
    name: 'Apple M1 Ultra (48-core GPU, 64 GB; calibration only)',
    memory_bytes: 64 * GIB,
    memory_bandwidth_bytes_per_second: 800e9,
    peak_flops: { fp32: 15.9e12, fp16: 15.9e12, bf16: 15.9e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // Apple M1 Max (Apple newsroom 2021-10): 400 GB/s, 32-core GPU "10.4 TFLOPS" fp32 (Apple).
  'apple-m1-max-32c': {
    name: 'Apple M1 Max (32-core GPU, 64 GB; calibration only)',
    memory_bytes: 64 * GIB,
    memory_bandwidth_bytes_per_second: 400e9,
    peak_flops: { fp32: 10.4e12, fp16: 10.4e12, bf16: 10.4e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // Apple M4 (10-core GPU, Apple newsroom 2024-10 Mac mini): 120 GB/s; fp32 ~ 10 x 128 x 2 x ~1.58 GHz = 4.0 (estimate).
  'apple-m4-10c': {
    name: 'Apple M4 (10-core GPU, 32 GB; calibration only)',
    memory_bytes: 32 * GIB,
    memory_bandwidth_bytes_per_second: 120e9,
    peak_flops: { fp32: 4.0e12, fp16: 4.0e12, bf16: 4.0e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // Apple M3 Pro (18-core GPU; Apple newsroom 2023-10 'M3, M3 Pro, and M3 Max'): 150 GB/s unified memory
  // bandwidth; fp32 ~ 18 x 128 x 2 x ~1.38 GHz = 6.4 TFLOPS (estimate, same method as the M3 Max preset).
  'apple-m3-pro-18c': {
    name: 'Apple M3 Pro (18-core GPU, 18 GB; calibration only)',
    memory_bytes: 18 * GIB,
    memory_bandwidth_bytes_per_second: 150e9,
    peak_flops: { fp32: 6.4e12, fp16: 6.4e12, bf16: 6.4e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
  // NVIDIA H20 96GB (China-market Hopper, no public NVIDIA datasheet): 96 GB HBM3, 4.0 TB/s, FP16/BF16
  // 148 TFLOPS dense, INT8 296 TOPS, TF32 74, FP32 44, NVLink 900 GB/s (press figures, e.g.
  // https://willitrunai.com/es/gpus/h20-96gb and https://zangshuxian.com/new/674733024499207168); FP8 = INT8 rate as on Hopper.
  'h20-96gb': {
    name: 'NVIDIA H20 96GB (calibration only; press spec figures)',
    memory_bytes: 96 * GIB,
    memory_bandwidth_bytes_per_second: 4.0e12,
    peak_flops: { fp32: 44e12, fp16: 148e12, bf16: 148e12, fp8: 296e12, int8: 296e12 },
    interconnect_bandwidth_bytes_per_second: 450e9,
    memory_kind: 'HBM',
    interconnect_kind: 'nvlink',
  },
  // RTX PRO 6000 Blackwell Workstation Edition datasheet: 96 GB GDDR7 (ECC), 1792 GB/s, 125 TFLOPS fp32, "4000 AI TOPS"
  // (FP4, 2:4 sparse). Dense tensor rates derived from it: fp4 2000, fp8/int8 1000, fp16/bf16 500 (workstation parts: full-rate
  // FP32 accumulate, assumed). PCIe 5.0 x16.
  'rtx-pro-6000-bw': {
    name: 'NVIDIA RTX PRO 6000 Blackwell Workstation Edition (calibration only; datasheet figures)',
    memory_bytes: 96 * GIB,
    memory_bandwidth_bytes_per_second: 1792e9,
    peak_flops: { fp32: 125e12, fp16: 500e12, bf16: 500e12, fp8: 1000e12, int8: 1000e12, fp4: 2000e12 },
    interconnect_bandwidth_bytes_per_second: 64e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
  },
  // AMD Radeon RX 7900 XT product page: 20 GB GDDR6, 800 GB/s, 51.48 TFLOPS fp32 (dual-issue), 103 TFLOPS fp16 (RDNA 3 WMMA).
  'rx-7900-xt': {
    name: 'AMD Radeon RX 7900 XT (calibration only; AMD product page figures)',
    memory_bytes: 20 * GIB,
    memory_bandwidth_bytes_per_second: 800e9,
    peak_flops: { fp32: 51.48e12, fp16: 103e12, bf16: 103e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
  },
  // AMD Radeon PRO W7900 datasheet: 48 GB GDDR6 (ECC), 864 GB/s, 61.3 TFLOPS fp32 (dual-issue), 122.6 TFLOPS fp16 (RDNA 3).
  'radeon-pro-w7900': {
    name: 'AMD Radeon PRO W7900 (calibration only; AMD datasheet figures)',
    memory_bytes: 48 * GIB,
    memory_bandwidth_bytes_per_second: 864e9,
    peak_flops: { fp32: 61.3e12, fp16: 122.6e12, bf16: 122.6e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
  },
  // AMD Radeon RX 6800 XT product page: 16 GB GDDR6, 512 GB/s, 20.74 TFLOPS fp32, 41.47 fp16 (RDNA 2, no matrix cores).
  'rx-6800-xt': {
    name: 'AMD Radeon RX 6800 XT (calibration only; AMD product page figures)',
    memory_bytes: 16 * GIB,
    memory_bandwidth_bytes_per_second: 512e9,
    peak_flops: { fp32: 20.74e12, fp16: 41.47e12, bf16: 20.74e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
  },
  // AMD Radeon RX 5700 XT product page: 8 GB GDDR6, 448 GB/s, 9.75 TFLOPS fp32 (boost), 19.5 fp16 (RDNA 1, no matrix cores).
  'rx-5700-xt': {
    name: 'AMD Radeon RX 5700 XT (calibration only; AMD product page figures)',
    memory_bytes: 8 * GIB,
    memory_bandwidth_bytes_per_second: 448e9,
    peak_flops: { fp32: 9.75e12, fp16: 19.5e12, bf16: 9.75e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
  },
  // NVIDIA A30 datasheet (https://www.nvidia.com/content/dam/en-zz/Solutions/data-center/products/a30-gpu/pdf/a30-datasheet.pdf):
  // 24 GB HBM2, 933 GB/s, FP32 10.3 TFLOPS, TF32 82, BF16/FP16 tensor 165 dense, INT8 330 TOPS dense; PCIe Gen4 64 GB/s
  // (NVLink bridge 200 GB/s for pairs only), so PCIe is used as the link.
  a30: {
    name: 'NVIDIA A30 24GB (calibration only; datasheet figures)',
    memory_bytes: 24 * GIB,
    memory_bandwidth_bytes_per_second: 933e9,
    peak_flops: { fp32: 10.3e12, tf32: 82e12, fp16: 165e12, bf16: 165e12, int8: 330e12 },
    interconnect_bandwidth_bytes_per_second: 32e9,
    memory_kind: 'HBM',
    interconnect_kind: 'pcie-p2p',
  },
  // NVIDIA T4 datasheet (https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-t4/t4-tensor-core-datasheet-951643.pdf):
  // 16 GB GDDR6, 320 GB/s, FP32 8.1 TFLOPS, mixed-precision FP16/FP32 tensor 65 TFLOPS, INT8 130 TOPS; PCIe Gen3 x16 (Turing: no bf16).
  t4: {
    name: 'NVIDIA Tesla T4 16GB (calibration only; datasheet figures)',
    memory_bytes: 16 * GIB,
    memory_bandwidth_bytes_per_second: 320e9,
    peak_flops: { fp32: 8.1e12, fp16: 65e12, int8: 130e12 },
    interconnect_bandwidth_bytes_per_second: 16e9,
    memory_kind: 'GDDR',
    interconnect_kind: 'pcie',
  },
  // Apple M3 Ultra (60-core GPU, Apple newsroom 2025-03): 819 GB/s; fp32 ~ 60 x 128 x 2 x ~1.4 GHz = 21.5 (estimate).
  'apple-m3-ultra-60c': {
    name: 'Apple M3 Ultra (60-core GPU, 256 GB; calibration only)',
    memory_bytes: 256 * GIB,
    memory_bandwidth_bytes_per_second: 819e9,
    peak_flops: { fp32: 21.5e12, fp16: 21.5e12, bf16: 21.5e12 },
    interconnect_bandwidth_bytes_per_second: 0,
    memory_kind: 'unified',
    interconnect_kind: 'none',
  },
};

const llamaLike = {
  tie_word_embeddings: false,
  ffn_type: 'gated',
  num_experts: 1,
  experts_per_token: 1,
  num_shared_experts: 0,
  first_dense_layers: 0,
  kv_lora_rank: null,
  qk_rope_head_dim: null,
  sliding_window: null,
  sliding_window_pattern: null,
} as const;

/** Models in measured runs that the catalogue does not carry (calibration only; HF config.json values). */
const CALIBRATION_MODELS: Record<string, ModelArchitecture> = {
  // TinyLlama/TinyLlama-1.1B-Chat-v1.0 config.json
  'tinyllama-1.1b': {
    ...llamaLike,
    name: 'TinyLlama 1.1B',
    hidden_size: 2048,
    intermediate_size: 5632,
    expert_intermediate_size: 5632,
    num_layers: 22,
    num_attention_heads: 32,
    num_kv_heads: 4,
    head_dim: 64,
    vocab_size: 32000,
    max_position_embeddings: 2048,
  },
  // codellama/CodeLlama-34b-hf config.json
  'codellama-34b': {
    ...llamaLike,
    name: 'CodeLlama 34B',
    hidden_size: 8192,
    intermediate_size: 22016,
    expert_intermediate_size: 22016,
    num_layers: 48,
    num_attention_heads: 64,
    num_kv_heads: 8,
    head_dim: 128,
    vocab_size: 32000,
    max_position_embeddings: 16384,
  },
  // bigcode/octocoder (GPTBigCode: multi-query attention, learned positions, LayerNorm, biases)
  octocoder: {
    name: 'bigcode/octocoder',
    hidden_size: 6144,
    intermediate_size: 24576,
    num_layers: 40,
    num_attention_heads: 48,
    num_kv_heads: 1,
    head_dim: 128,
    vocab_size: 49152,
    tie_word_embeddings: true,
    ffn_type: 'plain',
    num_experts: 1,
    experts_per_token: 1,
    expert_intermediate_size: 24576,
    num_shared_experts: 0,
    first_dense_layers: 0,
    kv_lora_rank: null,
    qk_rope_head_dim: null,
    sliding_window: null,
    sliding_window_pattern: null,
    attention_bias: true,
    mlp_bias: true,
    norm_type: 'layernorm',
    learned_position_embeddings: true,
    max_position_embeddings: 8192,
  },
};

const MODEL_RULES: [RegExp, string][] = [
  [/TinyLlama/i, 'tinyllama-1.1b'],
  [/CodeLlama-34B/i, 'codellama-34b'],
  // CodeLlama 7B has the Llama 2 7B layer shapes (vocab 32016 vs 32000, rope theta 1e6): mapped to it.
  [/CodeLlama-7b/i, 'llama-2-7b'],
  [/Llama-3\.2-3B/i, 'llama-3.2-3b'],
  [/Llama-3\.1-70B/i, 'llama-3.1-70b'],
  [/Llama-3\.1-405B/i, 'llama-3.1-405b'],
  [/octocoder/i, 'octocoder'],
  [/gemma-3-4b/i, 'gemma-3-4b'],
  [/Mixtral-8x7B/i, 'mixtral-8x7b'],
  [/Llama-3\.3-70B/i, 'llama-3.3-70b'],
  [/Llama-3\.1-8B/i, 'llama-3.1-8b'],
  [/Llama-3-70B/i, 'llama-3-70b'],
  [/Llama-3-8B/i, 'llama-3-8b'],
  [/Llama-2-70b/i, 'llama-2-70b'],
  [/Llama-2-13b/i, 'llama-2-13b'],
  [/Llama-2-7b/i, 'llama-2-7b'],
  [/Mistral-7B-Instruct-v0\.3|Mistral-7B-v0\.3/i, 'mistral-7b-v0.3'],
  [/Mistral-7B/i, 'mistral-7b-v0.1'],
  [/Qwen3-8B/i, 'qwen3-8b'],
  [/Qwen3-235B-A22B/i, 'qwen3-235b-a22b'],
  [/Qwen2\.5-0\.5B/i, 'qwen2.5-0.5b'],
  [/Qwen2\.5-1\.5B/i, 'qwen2.5-1.5b'],
  [/Qwen2\.5-3B/i, 'qwen2.5-3b'],
  // Qwen2.5-Coder-7B has the Qwen2.5-7B config (28 layers, hidden 3584, 4 KV heads, vocab 152064).
  [/Qwen2\.5-(Coder-)?7B/i, 'qwen2.5-7b'],
  [/Qwen2\.5-14B/i, 'qwen2.5-14b'],
  [/Qwen2\.5-32B/i, 'qwen2.5-32b'],
  [/Qwen2\.5-72B/i, 'qwen2.5-72b'],
  [/Qwen3-4B/i, 'qwen3-4b'],
  [/Qwen3-14B/i, 'qwen3-14b'],
  [/Qwen3-32B/i, 'qwen3-32b'],
  [/Qwen3-30B-A3B/i, 'qwen3-30b-a3b'],
  [/Phi-4-mini/i, 'phi-4-mini'],
];

const GPU_RULES: [RegExp, string][] = [
  [/RTX 3070/, 'rtx-3070'],
  [/RTX 3080 10GB/, 'rtx-3080'],
  [/RTX 4080/, 'rtx-4080'],
  [/RTX 5090/, 'rtx-5090'],
  [/RX 7900 XTX/, 'rx-7900-xtx'],
  [/RX 6700 XT/, 'rx-6700-xt'],
  [/RX 7900 XT(?!X)/, 'rx-7900-xt'],
  [/Radeon Pro W7900/i, 'radeon-pro-w7900'],
  [/RX 6800 XT/, 'rx-6800-xt'],
  [/RX 5700 XT/, 'rx-5700-xt'],
  [/RTX PRO 6000 Blackwell/, 'rtx-pro-6000-bw'],
  [/RTX 3090 Ti/, 'rtx-3090-ti'],
  [/RTX 3090/, 'rtx-3090'],
  [/RTX 4090/, 'rtx-4090'],
  [/RTX 4000 Ada/, 'rtx-4000-ada'],
  [/RTX 6000 Ada/, 'rtx-6000-ada'],
  [/L40S/, 'l40s'],
  [/NVIDIA L4\b/, 'l4'],
  [/A10G/, 'a10g'],
  [/NVIDIA A10\b/, 'a10'],
  [/NVIDIA A30\b/, 'a30'],
  [/NVIDIA Tesla T4\b/, 't4'],
  [/A100 PCIe 80GB/, 'a100-pcie-80gb'],
  [/A100 SXM4 80GB|A100 80GB/, 'a100-sxm-80gb'],
  [/A100 40GB/, 'a100-sxm-40gb'],
  [/H100 PCIe/, 'h100-pcie'],
  [/H100 SXM|H100 80G/, 'h100-sxm'],
  [/H200/, 'h200-sxm'],
  [/NVIDIA H20 96GB/, 'h20-96gb'],
  [/B200/, 'b200'],
  [/MI250X/, 'mi250x'],
  [/MI300X/, 'mi300x'],
  [/M2 Ultra/, 'apple-m2-ultra'],
  [/M3 Max/, 'apple-m3-max'],
  [/M2 Max \(30-core/, 'apple-m2-max-30c'],
  [/M2 Max/, 'apple-m2-max-38c'],
  [/M4 Max/, 'apple-m4-max'],
  [/M3 Ultra \(80-core/, 'apple-m3-ultra-80c'],
  [/M3 Ultra \(60-core/, 'apple-m3-ultra-60c'],
  [/M1 Ultra \(64-core/, 'apple-m1-ultra-64c'],
  [/M1 Ultra \(48-core/, 'apple-m1-ultra-48c'],
  // GPU core count not stated in the source: decode is bandwidth-bound, 400 GB/s for both bins.
  [/Apple M1 Max/, 'apple-m1-max-32c'],
  [/Apple M4 \(10-core/, 'apple-m4-10c'],
  // Apple M3 Pro: only the 18-core bin is modelled (the one run states 18 cores; both bins have 150 GB/s).
  [/Apple M3 Pro/, 'apple-m3-pro-18c'],
  [/Apple M1/, 'apple-m1-7c'],
];

const RUNTIME_RULES: [RegExp, string][] = [
  [/llama\.cpp/, 'llama.cpp'],
  [/TensorRT-LLM|NIM/, 'tensorrt-llm'],
  // HF generate on AWQ checkpoints (AutoAWQ only supplies the unfused GEMM kernels): the transformers stack.
  [/^HF transformers/, 'transformers'],
  [/AutoAWQ/, 'autoawq'],
  [/gpt-fast/, 'gpt-fast'],
  [/LMDeploy/, 'lmdeploy'],
  [/MLC/, 'mlc-llm'],
  // MLX (mlx-lm) on Apple silicon.
  [/^MLX/, 'mlx'],
  [/transformers/, 'transformers'],
  [/^vLLM/, 'vllm'],
  [/^SGLang/, 'sglang'],
];

/**
 * A TTFT taken by a benchmark client through the server's HTTP API (vllm bench serve,
 * sglang.bench_serving, NVIDIA AIPerf / genai-perf), rather than inside the engine
 * (gptSessionBenchmark, llama-bench): it includes the server's per-request overhead.
 */
export function clientMeasured(e: Pick<MeasuredEntry, 'framework' | 'notes' | 'source'>): boolean {
  return /AIPerf|genai-perf|bench[_ ]serv|benchmark_serving|vllm serve|NIM\b/i.test(`${e.framework} ${e.notes} ${e.source}`);
}

function match(rules: [RegExp, string][], text: string): string | undefined {
  return rules.find(([re]) => re.test(text))?.[1];
}

function modelFor(key: string): ModelArchitecture | undefined {
  return CALIBRATION_MODELS[key] ?? findModelPreset(key);
}

function gpuFor(key: string): GpuSpec | undefined {
  return CALIBRATION_GPUS[key] ?? findGpuPreset(key);
}

/** The weight format of a run and the bits it stated when they differ from the runtime's default. */
function weightFormat(text: string): { format: WeightFormat; bits?: number } | undefined {
  if (/Q4_K_M/i.test(text)) return { format: 'q4_k_m' };
  if (/Q4_0/i.test(text)) return { format: 'q4_0' };
  if (/Q8_0/i.test(text)) return { format: 'q8_0' };
  if (/Q6_K/i.test(text)) return { format: 'q6_k' };
  if (/Q5_K_M/i.test(text)) return { format: 'q5_k_m' };
  // MLX affine 4-bit (group 64, fp16 scale and bias): the mlx profile's int4 (4.5 bits per weight).
  if (/MLX affine 4-bit/i.test(text)) return { format: 'int4' };
  // MLX affine 8-bit (group 64, 16-bit scale and bias): the mlx profile's int8 (8.5 bits per weight).
  if (/MLX affine 8-bit/i.test(text)) return { format: 'int8' };
  // gpt-fast int4 group 32: 4 bits + a bf16 scale and zero per 32 weights = 5 bits.
  if (/int4 weight-only, group size 32/i.test(text)) return { format: 'int4', bits: 5 };
  // torchao int4wo-64 (tinygemm): 4 bits + a bf16 scale and zero per 64 weights = 4.5 bits.
  if (/int4 weight-only, group size 64/i.test(text)) return { format: 'int4', bits: 4.5 };
  // bitsandbytes 4-bit: a fp32 absmax per 64 weights = 4.5 bits.
  if (/4-bit \(bitsandbytes/i.test(text)) return { format: 'int4', bits: 4.5 };
  if (/GPTQ|AWQ|q4f16/i.test(text)) return { format: 'int4' };
  if (/int8/i.test(text)) return { format: 'int8' };
  if (/FP8/i.test(text)) return { format: 'fp8' };
  if (/BF16/i.test(text)) return { format: 'bf16' };
  if (/^F16|FP16/i.test(text)) return { format: 'fp16' };
  return undefined;
}

function kvFormat(text: string, weights: WeightFormat, runtime: string): KvCacheFormat {
  if (/FP8/i.test(text)) return 'fp8';
  if (/BF16|model default/i.test(text)) return weights === 'bf16' || /model default/.test(text) ? 'bf16' : 'bf16';
  if (/not stated/i.test(text) && weights === 'fp8' && runtime === 'tensorrt-llm') return 'fp8';
  return 'fp16';
}

function regimeOf(notes: string): RuntimeRegime | undefined {
  const tag = /\[regime: (\w+)\]/.exec(notes)?.[1];
  switch (tag) {
    case 'batch1_decode':
      return 'decode';
    case 'prefill':
      return 'prefill';
    case 'memory':
      return 'memory';
    case 'high_concurrency':
    case 'batched_decode':
      return 'batched';
    default:
      return undefined;
  }
}

/** Maps every entry to an engine case, or to an exclusion with its reason. */
export function measuredCases(entries: readonly MeasuredEntry[]): { cases: MeasuredCase[]; excluded: ExcludedMeasurement[] } {
  const cases: MeasuredCase[] = [];
  const excluded: ExcludedMeasurement[] = [];
  for (const e of entries) {
    const why = (reason: string) => excluded.push({ id: e.id, reason });
    const regime = regimeOf(e.notes);
    const modelKey = match(MODEL_RULES, e.model);
    const gpuKey = match(GPU_RULES, e.gpu);
    const runtime = match(RUNTIME_RULES, e.framework);
    const weights = weightFormat(e.weights_precision);
    if (!regime) {
      why('no regime tag in notes');
      continue;
    }
    if (!modelKey || !modelFor(modelKey)) {
      why(`model not mapped: ${e.model}`);
      continue;
    }
    if (!gpuKey || !gpuFor(gpuKey)) {
      why(`GPU not mapped: ${e.gpu}`);
      continue;
    }
    if (!runtime) {
      why(`framework not mapped to a runtime: ${e.framework}`);
      continue;
    }
    if (!weights) {
      why(`weight format not mapped: ${e.weights_precision}`);
      continue;
    }
    if (e.id === 'lcpp-m1-7core-l2-7b-f16-tg128') {
      // 7.92 tok/s x 13.5 GB of F16 weights = 107 GB/s, above the M1's 68.25 GB/s peak: the row
      // cannot be F16 on that chip (the README flags its provenance: a quote of a summary table).
      why('physically impossible as stated: implies 107 GB/s of weight reads on a 68.25 GB/s M1');
      continue;
    }
    if (runtime === 'mlx' && /mlx-lm of 2024-0[1-5]/.test(e.framework)) {
      // mlx-lm before mid-2024 (before MLX's quantized-matmul and fused-attention rewrites): its
      // 4-bit 7B decode ran at ~30% of the M1 Max's and M2 Ultra's bandwidth (PR #515), where
      // mlx-lm of late 2024 reaches ~90% (M3 Max 70B, issue #1029) and llama.cpp on the same
      // M1 Max ~80%. The MLX profile is today's MLX; fitted together, these rows pulled its
      // unified-memory share from 0.73 to 0.65 for every current run.
      why(
        'mlx-lm of early 2024 (before the quantized-kernel rewrites): not the MLX the profile models (its 4-bit decode ran at ~30% of peak bandwidth)',
      );
      continue;
    }
    if (runtime === 'llama.cpp' && isAmdInstinct(e.gpu)) {
      // The llama.cpp profile's fitted shares are per memory kind, shared by its CUDA, Metal and
      // RDNA (ROCm/Vulkan) backends; HIP on CDNA data-center parts is a backend of its own (the
      // one run here, Dec 2023, decodes at 13% of the MI300X's bandwidth). Fitted together, its
      // HBM rows set the HBM share for every A100/H100 too (CV -90% on those). Not modelled;
      // estimates of llama.cpp on Instinct GPUs say so (application warning).
      why(
        'llama.cpp HIP backend on an AMD Instinct (CDNA) GPU: not modelled by the llama.cpp profile, whose HBM share is that of its CUDA kernels',
      );
      continue;
    }
    if (
      runtime === 'transformers' &&
      weights.format === 'int8' &&
      /bitsandbytes|LLM\.int8/i.test(`${e.weights_precision} ${e.framework}`) &&
      regime !== 'memory'
    ) {
      // HF transformers' load_in_8bit is bitsandbytes' LLM.int8: activations quantized per call and
      // an int8 GEMM (with fp16 outlier columns above the threshold), not a weight-only kernel that
      // reads 8-bit weights at the bandwidth roofline. Measured batch-1 decode in the bitsandbytes
      // benchmark README: 0.43-0.96x of the same model in bf16/fp16 (T4, RTX 4090, H100), where a
      // weight-only kernel is ~1.5-2x faster. Not modelled; estimates of transformers int8 say so.
      why(
        'bitsandbytes LLM.int8 (transformers load_in_8bit): not the weight-only int8 kernel the transformers profile models (it decodes at 0.43-0.96x of bf16)',
      );
      continue;
    }
    if (e.batch_size == null || e.prompt_tokens == null || e.output_tokens == null) {
      why(
        'batch size or prompt/output length not stated (max-throughput run whose scheduler picks the batch): a fixed-batch estimate does not apply',
      );
      continue;
    }
    const tp = Number(/TP=(\d+)/.exec(e.parallelism)?.[1] ?? 1);
    const layerSplit = /layer split/.test(e.parallelism) ? e.num_gpus : 1;
    const model = modelFor(modelKey) as ModelArchitecture;
    const gpu = gpuFor(gpuKey) as GpuSpec;
    const options: MeasuredCase['options'] = {
      promptTokens: Math.max(1, e.prompt_tokens),
      outputTokens: e.output_tokens,
      batchSize: e.batch_size,
      weightFormat: weights.format,
      kvCacheFormat: kvFormat(e.kv_precision, weights.format, runtime),
      numGpus: tp * layerSplit,
      tensorParallel: tp,
      pipelineParallel: layerSplit,
    };
    const base = {
      id: e.id,
      source: e.url,
      runtime,
      regime,
      label: `${e.model.split(' ')[0]}, ${e.gpu.split(' (')[0]}, ${e.framework.split(' (')[0]}`,
      model,
      gpu,
      options,
      ...(weights.bits !== undefined ? { weightBits: weights.bits } : {}),
      ...(runtime === 'transformers' && legacyTransformers(e.framework) ? { legacyActivations: true } : {}),
      ...((runtime === 'vllm' && legacyVllm(e.framework)) || (runtime === 'tensorrt-llm' && legacyTensorrt(e.framework))
        ? { legacyEngine: true }
        : {}),
    };
    switch (e.metric) {
      case 'decode_tokens_per_s_batch1':
        cases.push({ ...base, metric: 'decode-rate', measured: e.value, sense: 'rate' });
        break;
      case 'itl_ms_batch1':
        cases.push({ ...base, metric: 'decode-step', measured: e.value / 1e3, sense: 'duration' });
        break;
      case 'per_token_latency_ms_batch1':
        cases.push({ ...base, metric: 'total-per-token', measured: e.value / 1e3, sense: 'duration' });
        break;
      case 'ttft_ms':
        cases.push({ ...base, metric: clientMeasured(e) ? 'client-ttft' : 'prefill-seconds', measured: e.value / 1e3, sense: 'duration' });
        break;
      case 'prefill_tokens_per_s':
        cases.push({ ...base, metric: 'prefill-rate', measured: e.value, sense: 'rate' });
        break;
      case 'peak_memory':
      case 'peak_memory_allocated': {
        // "MB (as reported)" is read as 10^6 bytes; GiB where the source (or its percentages) says so.
        const bytes = /GiB/.test(e.unit) ? e.value * GIB : /MB/.test(e.unit) ? e.value * 1e6 : e.value * 1e9;
        // AutoAWQ's benchmark reads torch.cuda.max_memory_allocated, like the transformers doc.
        const allocated = e.metric === 'peak_memory_allocated' || runtime === 'autoawq';
        cases.push({ ...base, metric: allocated ? 'memory-allocated' : 'memory-total', measured: bytes, sense: 'bytes' });
        break;
      }
      case 'decode_tokens_per_s_total':
        cases.push({ ...base, metric: 'batched-rate', measured: e.value, sense: 'rate' });
        break;
      case 'output_tokens_per_s_per_gpu_high_concurrency':
        cases.push({ ...base, metric: 'batched-rate', measured: e.value, sense: 'rate', perGpuOf: e.num_gpus });
        break;
      default:
        why(`metric not modelled: ${e.metric}`);
    }
  }
  return { cases, excluded };
}

/** The profile as the case's run had it: its stated bits per weight, and the version terms (legacy transformers activations, vLLM V0 step cost). */
function caseProfile(profile: RuntimeProfile, c: MeasuredCase): RuntimeProfile {
  let p = profile;
  if (c.weightBits !== undefined && p.kind === 'profile')
    p = { ...p, weightFormats: { ...p.weightFormats, [c.options.weightFormat]: { bitsPerWeight: c.weightBits } } };
  if (c.legacyActivations && p.kind === 'profile') p = { ...p, memory: { ...p.memory, allPromptLogits: true, eagerAttention: true } };
  if (c.legacyEngine && p.kind === 'profile') p = { ...p, stepFixedSeconds: p.stepFixedSeconds + (p.fitted.legacyStepSeconds ?? 0) };
  return p;
}

/** vLLM before 0.8 (the V0 engine; V1 became the default in 0.8). Unversioned runs count as current. */
/**
 * TensorRT-LLM 0.5 and earlier (the first public releases, gptSessionBenchmark): its first-token
 * latencies of 128-token prompts are 1.5-2x what the kernels of 2,048-token prompts imply at 7B and
 * 70B alike, a fixed per-pass cost of that release's runtime. Fitted as one legacy step cost with
 * vLLM V0, leave-one-source-out: decode 18.9% -> 17.8%, prefill 31.1% -> 29.1%, and TensorRT-LLM's
 * decode no longer pulled 20-30% slow by those short prefills.
 */
export function legacyTensorrt(framework: string): boolean {
  const v = /TensorRT-LLM v?(\d+)\.(\d+)/i.exec(framework);
  return v !== null && Number(v[1]) === 0 && Number(v[2]) <= 5;
}

export function legacyVllm(framework: string): boolean {
  const v = /vLLM v?(\d+)\.(\d+)/i.exec(framework);
  return v !== null && Number(v[1]) === 0 && Number(v[2]) < 8;
}

/**
 * HF transformers before 4.45 (logits of every prompt position in generate; num_logits_to_keep
 * came in 4.45) and without a stated SDPA / flash attention: the 2023 runs name no version.
 */
export function legacyTransformers(framework: string): boolean {
  const v = /transformers (\d+)\.(\d+)/.exec(framework);
  if (v) return Number(v[1]) < 4 || (Number(v[1]) === 4 && Number(v[2]) < 45);
  return !/flash|sdpa/i.test(framework);
}

/**
 * A case's options under a profile, built as one object literal: `{ ...options, runtime }` gives
 * every object its own hidden class in V8, and the engine's reads of each then miss its inline
 * caches (the fit evaluates cases hundreds of thousands of times). Every field is listed here.
 */
function profileOptions(c: MeasuredCase['options'], runtime: RuntimeProfile): InferenceOptions {
  return {
    promptTokens: c.promptTokens,
    outputTokens: c.outputTokens,
    batchSize: c.batchSize,
    weightFormat: c.weightFormat,
    kvCacheFormat: c.kvCacheFormat,
    numGpus: c.numGpus,
    tensorParallel: c.tensorParallel,
    pipelineParallel: c.pipelineParallel,
    computeEfficiency: 1,
    memoryEfficiency: 1,
    flashAttention: c.flashAttention,
    keepAllLogits: c.keepAllLogits,
    runtime,
    computeEfficiencyOverride: c.computeEfficiencyOverride,
    memoryEfficiencyOverride: c.memoryEfficiencyOverride,
    gpuLayers: c.gpuLayers,
    hostMemoryBandwidthBytesPerSecond: c.hostMemoryBandwidthBytesPerSecond,
    gpuMemoryUtilization: c.gpuMemoryUtilization,
  };
}

/**
 * The engine's figure for a case under a profile, in the case's unit. Performance cases call the
 * profile's performance model directly (no capacity searches): the fit evaluates them thousands of times.
 */
export function estimateCase(c: MeasuredCase, profile: RuntimeProfile, counts = parameterCounts(c.model)): number {
  if (profile.kind === 'roofline') return estimateRooflineCase(c, profile);
  const p = caseProfile(profile, c);
  const o = profileOptions(c.options, p);
  switch (c.metric) {
    case 'decode-rate':
      return profileDecodeRate(
        c.model,
        c.gpu,
        o,
        counts,
        p,
        c.options.promptTokens === 1 ? 0 : c.options.promptTokens,
        c.options.outputTokens,
      );
    case 'decode-step': {
      const r = estimateProfilePerformance(c.model, c.gpu, o, counts, p);
      return (r.totalLatencySeconds - r.prefillLatencySeconds) / Math.max(1, c.options.outputTokens - 1);
    }
    case 'total-per-token': {
      const r = estimateProfilePerformance(c.model, c.gpu, o, counts, p);
      return r.totalLatencySeconds / c.options.outputTokens;
    }
    case 'prefill-seconds':
      return estimateProfilePerformance(c.model, c.gpu, o, counts, p).prefillLatencySeconds;
    case 'client-ttft':
      return (
        estimateProfilePerformance(c.model, c.gpu, o, counts, p).prefillLatencySeconds +
        (p.kind === 'profile' ? (p.fitted.requestOverheadSeconds ?? 0) : 0)
      );
    case 'prefill-rate':
      return c.options.promptTokens / estimateProfilePerformance(c.model, c.gpu, o, counts, p).prefillLatencySeconds;
    case 'batched-rate': {
      const r = estimateProfilePerformance(c.model, c.gpu, o, counts, p);
      return (c.options.batchSize * c.options.outputTokens) / r.totalLatencySeconds / (c.perGpuOf ?? 1);
    }
    case 'memory-total':
    case 'memory-allocated': {
      const r = calculate({ model: c.model, gpu: c.gpu, options: o });
      const context = c.metric === 'memory-allocated' && p.kind === 'profile' ? p.memory.contextBytes : 0;
      return r.memory.perGpu.totalBytes - context;
    }
  }
}

/**
 * The case's error in the sense the spreads use: log(estimated / measured) for rates and bytes,
 * log(measured / estimated) for durations (so > 0 always means "the estimate is too optimistic
 * about speed" or "too much memory").
 */
export function caseLogError(c: MeasuredCase, estimate: number): number {
  return c.sense === 'duration' ? Math.log(c.measured / estimate) : Math.log(estimate / c.measured);
}

/** The plain roofline (engine defaults) for a case: the baseline the profiles are compared with. */
function estimateRooflineCase(c: MeasuredCase, profile: RuntimeProfile): number {
  const o: InferenceOptions = {
    ...c.options,
    runtime: profile,
    computeEfficiency: DEFAULT_COMPUTE_EFFICIENCY,
    memoryEfficiency: DEFAULT_MEMORY_EFFICIENCY,
  };
  const r = calculate({ model: c.model, gpu: c.gpu, options: o }).performance;
  switch (c.metric) {
    case 'decode-rate':
      return c.options.outputTokens / (r.totalLatencySeconds - r.prefillLatencySeconds);
    case 'decode-step':
      return r.perTokenLatencySeconds;
    case 'total-per-token':
      return r.totalLatencySeconds / c.options.outputTokens;
    case 'prefill-seconds':
    case 'client-ttft':
      return r.prefillLatencySeconds;
    case 'prefill-rate':
      return c.options.promptTokens / r.prefillLatencySeconds;
    case 'batched-rate':
      return (c.options.batchSize * c.options.outputTokens) / r.totalLatencySeconds / (c.perGpuOf ?? 1);
    case 'memory-total':
    case 'memory-allocated':
      return calculate({ model: c.model, gpu: c.gpu, options: o }).memory.perGpu.totalBytes;
  }
}
