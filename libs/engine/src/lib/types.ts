import type { RuntimeProfile } from './runtime';

/**
 * Core data types of the calculation model (see shared/docs/calculation-model.md).
 *
 * Architecture and GPU records use the snake_case keys of Hugging Face config.json and of the
 * REST contract, because they are data that travels unchanged between presets, API, CLI and
 * client. Engine results use camelCase with the unit in every name (`weightsBytes`,
 * `prefillSeconds`): base units only (bytes, FLOPs, seconds); formatting is the edges' job.
 */

/** Weight storage formats. GGUF formats carry their block scales (see WEIGHT_BITS). */
export const WEIGHT_FORMATS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0', 'fp4'] as const;
export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

/** KV-cache element formats; q8_0 and q4_0 are llama.cpp's block-quantized caches (-ctk/-ctv). */
export const KV_CACHE_FORMATS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'q8_0', 'q4_0'] as const;
export type KvCacheFormat = (typeof KV_CACHE_FORMATS)[number];

/** Formats a GPU's matrix units can run, keys of `peak_flops`. */
export const COMPUTE_FORMATS = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'fp4'] as const;
export type ComputeFormat = (typeof COMPUTE_FORMATS)[number];

/** Dense (not 2:4 sparse) peak FLOP/s (or OP/s for int8) per format; absent = not supported. */
export type PeakFlops = Partial<Record<ComputeFormat, number>>;

export const FFN_TYPES = ['gated', 'plain'] as const;
/** gated: SwiGLU/GeGLU, 3 matrices (Llama, Mistral, Qwen, Gemma); plain: 2 matrices (GPT-2, Falcon, Phi-2). */
export type FfnType = (typeof FFN_TYPES)[number];

export const NORM_TYPES = ['rmsnorm', 'layernorm'] as const;
export type NormType = (typeof NORM_TYPES)[number];

/**
 * A decoder-only transformer's architecture: the fields of the contract's `custom_model`.
 * Optional fields default as documented; `null` means "not used by this architecture".
 */
export interface ModelArchitecture {
  name: string;
  hidden_size: number;
  /** Dense FFN inner size (also the size of MoE models' first dense layers). */
  intermediate_size: number;
  num_layers: number;
  num_attention_heads: number;
  num_kv_heads: number;
  head_dim: number;
  vocab_size: number;
  tie_word_embeddings: boolean;
  ffn_type: FfnType;
  /** Routed experts per MoE layer; 1 means a dense model. */
  num_experts: number;
  experts_per_token: number;
  expert_intermediate_size: number;
  num_shared_experts: number;
  /** Inner size of each shared expert; defaults to expert_intermediate_size. */
  shared_expert_intermediate_size?: number | null;
  /** Leading layers that use a dense FFN of intermediate_size (DeepSeek first_k_dense_replace). */
  first_dense_layers: number;
  /** DeepSeek MLA: compressed KV latent rank; non-null switches attention to MLA. */
  kv_lora_rank: number | null;
  /** DeepSeek MLA: decoupled RoPE key dimension (shared across heads). */
  qk_rope_head_dim: number | null;
  /** DeepSeek MLA: query low-rank dimension (null: full-rank query projection). */
  q_lora_rank?: number | null;
  /** DeepSeek MLA: non-RoPE part of each query/key head; defaults to head_dim - qk_rope_head_dim. */
  qk_nope_head_dim?: number | null;
  /** DeepSeek MLA: value head dimension; defaults to head_dim. */
  v_head_dim?: number | null;
  /** Sliding-window size in tokens for local layers; null = all layers global. */
  sliding_window: number | null;
  /** Every Nth layer is global, the others local (Gemma 2: 2, Gemma 3: 6); null with a window = all local. */
  sliding_window_pattern: number | null;
  /** Biases on the q/k/v projections (Qwen2, GPT-2, Phi-2). Default false. */
  attention_bias?: boolean;
  /** Biases on the output projection and FFN matrices (GPT-2, Phi-2). Default false. */
  mlp_bias?: boolean;
  /** LayerNorm carries a bias (2 vectors per norm); RMSNorm one. Default rmsnorm. */
  norm_type?: NormType;
  /** Learned absolute position embeddings (GPT-2): adds max_position_embeddings * hidden_size. */
  learned_position_embeddings?: boolean;
  /** The context the model was trained for; informational (warnings), not a hard limit. */
  max_position_embeddings?: number | null;
}

/** How a GPU's memory behaves for kernels: stacked HBM, discrete GDDR, or unified (Apple, shared with the CPU). */
export const MEMORY_KINDS = ['HBM', 'GDDR', 'unified'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/**
 * The GPU-to-GPU path a collective takes: NVLink / Infinity Fabric / a switch fabric ('nvlink'),
 * PCIe with peer-to-peer ('pcie-p2p', workstation and datacenter cards), PCIe through host memory
 * ('pcie', GeForce cards since Ada have no P2P), or none (a single SoC: no tensor parallelism).
 */
export const LINK_KINDS = ['nvlink', 'pcie-p2p', 'pcie', 'none'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A GPU (or accelerator) as the engine needs it. */
export interface GpuSpec {
  name: string;
  /**
   * Capacity in bytes. Catalogue GPUs use what the memory really holds: HBM and GDDR capacities
   * are binary (an "80 GB" H100 has 80 GiB = 85.9e9 bytes).
   */
  memory_bytes: number;
  /** Peak DRAM/HBM bandwidth in bytes per second (decimal). */
  memory_bandwidth_bytes_per_second: number;
  /** Dense peak throughput per format. */
  peak_flops: PeakFlops;
  /**
   * GPU-to-GPU bandwidth per direction, bytes per second (NVLink total bidirectional / 2,
   * or PCIe per direction when the GPU has no NVLink). 0 = unknown (tensor parallel then uses PCIe 4 x16).
   */
  interconnect_bandwidth_bytes_per_second: number;
  /** Memory kind; absent = inferred (see memoryKindOf). Runtime profiles' bandwidth efficiency depends on it. */
  memory_kind?: MemoryKind;
  /** Link kind; absent = 'nvlink' above 100 GB/s per direction, else 'pcie-p2p'. 'none' refuses tensor parallelism. */
  interconnect_kind?: LinkKind;
  /**
   * GeForce cards: dense fp16 FLOP/s with fp16 accumulation (twice the fp32-accumulate `peak_flops.fp16`),
   * what llama.cpp's cuBLAS fp16 GEMMs run at. Absent = same as peak_flops.fp16.
   */
  fp16_accumulate_flops?: number;
}

/** Options of one inference calculation. All counts are whole numbers >= 1 unless stated. */
export interface InferenceOptions {
  /** Prompt tokens per sequence (prefilled at once). */
  promptTokens: number;
  /** Tokens generated per sequence (may be 0). */
  outputTokens: number;
  batchSize: number;
  weightFormat: WeightFormat;
  kvCacheFormat: KvCacheFormat;
  numGpus: number;
  tensorParallel: number;
  pipelineParallel: number;
  /** Fraction of peak FLOP/s reached by matmuls, in (0, 1]. */
  computeEfficiency: number;
  /** Fraction of peak memory bandwidth reached, in (0, 1]. */
  memoryEfficiency: number;
  /** Fused (flash) attention: no S^2 score matrix in memory. Default true. */
  flashAttention?: boolean;
  /** Keep fp32 logits for every prompt position (training-style) instead of the last only. Default false. */
  keepAllLogits?: boolean;
  /**
   * The serving stack (runtime.ts). Absent or kind 'roofline': the plain roofline with the seed's
   * overheads and computeEfficiency / memoryEfficiency above, unchanged.
   */
  runtime?: RuntimeProfile;
  /** Under a runtime profile, an explicit compute efficiency replaces the profile's GEMM-shape curve. */
  computeEfficiencyOverride?: number;
  /** Under a runtime profile, an explicit memory-bandwidth efficiency replaces the profile's. */
  memoryEfficiencyOverride?: number;
  /** llama.cpp partial offload: transformer layers kept on the GPU (0..num_layers); absent = all. */
  gpuLayers?: number;
  /** Host (CPU) memory bandwidth for offloaded layers, bytes/s; absent = the DDR5 dual-channel preset. */
  hostMemoryBandwidthBytesPerSecond?: number;
  /** Pool-based servers (vLLM, SGLang): fraction of GPU memory reserved; absent = the profile's default. */
  gpuMemoryUtilization?: number;
}

export type Bound = 'compute' | 'memory';

/** One phase of the roofline: which of compute, memory (and communication) time wins. */
export interface PhaseRoofline {
  flops: number;
  bytes: number;
  computeSeconds: number;
  memorySeconds: number;
  /** Tensor-parallel collectives and pipeline transfers, added after the max(). */
  communicationSeconds: number;
  seconds: number;
  bound: Bound;
  /** FLOPs per byte moved. */
  arithmeticIntensity: number;
}
