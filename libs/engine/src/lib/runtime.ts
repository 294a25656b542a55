import { fail } from './errors';
import { weightBits } from './formats';
import type { GpuSpec, KvCacheFormat, LinkKind, MemoryKind, WeightFormat } from './types';

/**
 * Runtime profiles (calculation-model.md "Capacity and runtimes"): what a serving stack changes
 * in the answer, as data. The engine only interprets the numbers; the cited values, their sources
 * and the fitted parameters live in libs/presets (runtime-profiles.ts, fitted by
 * tools/calibration.ts on measured runs).
 */

/** Regimes of the calibration data; each carries its own error spread. */
export const RUNTIME_REGIMES = ['decode', 'prefill', 'memory', 'batched'] as const;
export type RuntimeRegime = (typeof RUNTIME_REGIMES)[number];

/**
 * Cross-validated spread of log(estimate / measured) for one runtime and regime: the band's edges,
 * the 5th and 95th percentiles (libs/presets BAND_QUANTILE: they hold ~80% of the figures of a
 * setup the fit has not seen); lower <= 0 <= upper after clamping, so a band always holds its point.
 */
export interface ErrorSpread {
  lower: number;
  upper: number;
  /** Points the spread comes from (0 = borrowed from the pooled spread). */
  n: number;
  /** Median of exp(|log error|) - 1 over the same points (the README's "median abs error (CV)"). */
  medianAbsError?: number;
}

/** The parameters the calibration fits (all > 0). */
export interface FittedParameters {
  /** Share of peak memory bandwidth reached by decode reads, per memory kind. */
  memoryEfficiency: Record<MemoryKind, number>;
  /** Multiplier on the bandwidth efficiency for weight-only quantized formats (unpacking kernels). */
  quantizedReadFactor: number;
  /** Compute efficiency reached by a large GEMM (the saturation value of the GEMM-shape curve). */
  computeEfficiencyMax: number;
  /** Fixed cost per layer per forward step, seconds (kernel launches; lower with CUDA graphs). */
  perLayerSeconds: number;
  /** Tensor-parallel all-reduce latency over NVLink at t = 2, seconds. */
  allReduceLatencySeconds: number;
  /** Share of the 16-bit compute efficiency that 8- and 4-bit GEMMs reach on their (higher) peak (scaling, conversion). */
  lowPrecisionComputeFactor: number;
  /**
   * Eager runtimes (launchOverlapsGpu): the per-layer launch cost of weight-only quantized
   * checkpoints relative to 16-bit ones (each quantized linear is a Python module around its
   * kernel: Qwen2.5 AWQ under transformers ~1.1 ms per layer where bf16 takes ~0.9). Fitted; absent = 1.
   */
  quantizedLaunchFactor?: number;
  /**
   * A server's fixed cost per request before its first token, seconds: HTTP, tokenization,
   * scheduling and streaming the first token back, as a benchmark client measures TTFT through
   * the server's API (vllm bench serve, AIPerf). Not part of the GPU's prefill time.
   */
  requestOverheadSeconds?: number;
  /**
   * Calibration only: the extra fixed cost per step of the stack's previous engine generation
   * (vLLM's V0 engine, before 0.8: Python scheduling and sampling between graph replays; TensorRT-LLM
   * 0.5 and earlier: a larger fixed cost per pass, seen in its short-prompt first-token latencies), fitted so
   * that runs of that version explain themselves instead of moving today's parameters.
   */
  legacyStepSeconds?: number;
}

export interface RuntimeMemoryModel {
  /** Per GPU: the driver / CUDA (or HIP) context, bytes. Apple (Metal): 0. */
  contextBytes: number;
  /** Per GPU: library workspaces (cuBLAS, attention, sampler) outside the activations, bytes. */
  workspaceBytes: number;
  /** Per GPU: CUDA-graph capture pools, bytes (0 without graphs). */
  cudaGraphBytes: number;
  /** Extra weight memory as a fraction (unquantized embeddings, padding). */
  weightsOverheadFraction: number;
  /** KV cache allocated in blocks of this many tokens (paged attention); 1 = exact. */
  kvBlockTokens: number;
  /** Attention without a fused kernel: the S^2 scores live in memory (HF eager). */
  eagerAttention: boolean;
  /** Logits in fp32 for every prompt position (HF generate before num_logits_to_keep). */
  allPromptLogits: boolean;
  /** The cache grows by concatenation (HF legacy tuple cache): old and new copies coexist, peak 2x KV. */
  kvCopyOnAppend: boolean;
  /**
   * Pool-based servers: the KV pool they reserve up front. 'utilization' (vLLM, SGLang): the
   * runtime takes `gpu_memory_utilization` x capacity for everything and gives what is left after
   * weights, activations and graphs to the KV pool. 'free-fraction' (TensorRT-LLM): the pool takes
   * that fraction of the memory left free after loading. null: allocates what it needs.
   */
  kvPool: { kind: 'utilization' | 'free-fraction'; defaultFraction: number } | null;
}

export interface RuntimeProfile {
  id: string;
  name: string;
  /** 'roofline' = the seed model, none of the fields below are used. */
  kind: 'roofline' | 'profile';
  /** Weight formats it runs, with the bits per weight it really stores when they differ from WEIGHT_BITS. */
  weightFormats: Partial<Record<WeightFormat, { bitsPerWeight?: number }>>;
  kvCacheFormats: readonly KvCacheFormat[];
  fitted: FittedParameters;
  /** GEMM shape at which compute efficiency reaches half its maximum: tokens in flight at hidden 4096. */
  computeHalfTokens: number;
  /** Prefill runs in chunks of at most this many tokens (llama.cpp ubatch, vLLM chunked prefill); null = whole prompt. */
  prefillChunkTokens: number | null;
  /** Fixed cost per forward step not tied to layers (sampling, scheduling, detokenization), seconds. */
  stepFixedSeconds: number;
  /** Dequantization fused into the GEMM (overlaps the loads) or a separate unpacking pass per forward. */
  fusedDequant: boolean;
  /**
   * The host issues each layer's kernels ahead of the GPU (an eager loop on CUDA's asynchronous
   * stream, no CUDA graph): the per-layer launch cost and the GPU's work overlap, so a step takes
   * the longer of the two, not their sum. Absent or false: launches add to the step (graphs, ggml).
   */
  launchOverlapsGpu?: boolean;
  /** All-reduce latency relative to NVLink, per link kind (PCIe P2P several times, more through the host). */
  linkLatencyFactor: Record<Exclude<LinkKind, 'none'>, number>;
  /** Multi-GPU without tensor parallelism: llama.cpp splits layers (runs the GPUs one after another). */
  supportsTensorParallel: boolean;
  /** Runs GeForce fp16 GEMMs with fp16 accumulation (llama.cpp's cuBLAS path). */
  fp16Accumulate: boolean;
  /** Partial offload of layers to host memory (llama.cpp -ngl). */
  supportsOffload: boolean;
  /** Share of host bandwidth that offloaded layers reach. */
  hostMemoryEfficiency: number;
  memory: RuntimeMemoryModel;
  /** Cross-validated error spreads by regime (generated by tools/calibration.ts). */
  spreads: Record<RuntimeRegime, ErrorSpread>;
}

/** Dual-channel host memory presets for offloaded layers, bytes/s (DDR4-3200 ~51 peak, DDR5-5600 ~90 peak, as reached). */
export const HOST_MEMORY_PRESETS = {
  'ddr4-dual': 45e9,
  'ddr5-dual': 75e9,
} as const;
export const DEFAULT_HOST_MEMORY_BANDWIDTH = HOST_MEMORY_PRESETS['ddr5-dual'];

/** Effective host-to-GPU copy rate (PCIe 4.0 x16 in practice): offloaded weights travel it during prefill. */
export const HOST_TO_GPU_BYTES_PER_SECOND = 25e9;

/** The GPU's memory kind: the stated one, else unified without a link and below 1.2 TB/s... see below. */
export function memoryKindOf(gpu: GpuSpec): MemoryKind {
  if (gpu.memory_kind) return gpu.memory_kind;
  if (gpu.interconnect_kind === 'none') return 'unified';
  // Discrete GDDR cards top out below ~1.8 TB/s (RTX 5090); HBM parts start at ~0.9 TB/s (V100),
  // so bandwidth alone is ambiguous: the datasheet class is the better guess for custom GPUs.
  return gpu.memory_bandwidth_bytes_per_second >= 1.5e12 ? 'HBM' : 'GDDR';
}

/** The GPU's link kind: the stated one, else NVLink-class above 100 GB/s per direction, else PCIe with P2P. */
export function linkKindOf(gpu: GpuSpec): LinkKind {
  if (gpu.interconnect_kind) return gpu.interconnect_kind;
  return gpu.interconnect_bandwidth_bytes_per_second > 100e9 ? 'nvlink' : 'pcie-p2p';
}

/**
 * Weight-only int4/int8 checkpoints (GPTQ, AWQ, bitsandbytes, MLX) keep the embedding and the
 * output head in 16 bits; GGUF files quantize them too.
 */
export function embeddingsStay16Bit(format: WeightFormat): boolean {
  return format === 'int4' || format === 'int8';
}

/** Bits per stored weight under this runtime (MLX 4-bit stores group-64 scales and biases: 4.5). */
export function runtimeWeightBits(profile: RuntimeProfile | undefined, format: WeightFormat): number {
  return profile?.weightFormats[format]?.bitsPerWeight ?? weightBits(format);
}

/** True when the profile is a real runtime model (not the plain roofline). */
export function isProfile(profile: RuntimeProfile | undefined): boolean {
  return profile !== undefined && profile.kind === 'profile';
}

/**
 * Refuses what the runtime or the hardware cannot do, naming the field: a weight or KV format the
 * runtime has no kernels for, tensor or pipeline parallelism across GPUs with no interconnect.
 */
export function checkRuntimeSupport(
  gpu: GpuSpec,
  o: { weightFormat: WeightFormat; kvCacheFormat: KvCacheFormat; tensorParallel: number; pipelineParallel: number; gpuLayers?: number },
  profile: RuntimeProfile | undefined,
  numLayers: number,
): void {
  if (linkKindOf(gpu) === 'none') {
    if (o.tensorParallel > 1) {
      fail(
        'tensor_parallel',
        `must be 1 on ${gpu.name}: it has no GPU-to-GPU interconnect, so a layer cannot be split across GPUs (got ${o.tensorParallel})`,
      );
    }
    if (o.pipelineParallel > 1) {
      fail('pipeline_parallel', `must be 1 on ${gpu.name}: it has no GPU-to-GPU interconnect (got ${o.pipelineParallel})`);
    }
  }
  if (!isProfile(profile)) {
    if (o.gpuLayers !== undefined) fail('gpu_layers', `needs a runtime with partial offload (llama.cpp), not ${profile?.id ?? 'roofline'}`);
    return;
  }
  if (!profile) return;
  if (!profile.weightFormats[o.weightFormat]) {
    const formats = Object.keys(profile.weightFormats).join(', ');
    fail('precision', `'${o.weightFormat}' is not supported by ${profile.name} (it runs ${formats})`);
  }
  if (!profile.kvCacheFormats.includes(o.kvCacheFormat)) {
    fail('kv_cache_precision', `'${o.kvCacheFormat}' is not supported by ${profile.name} (it runs ${profile.kvCacheFormats.join(', ')})`);
  }
  if (o.tensorParallel > 1 && !profile.supportsTensorParallel) {
    fail(
      'tensor_parallel',
      `must be 1 under ${profile.name}: it splits layers across GPUs (use pipeline_parallel) (got ${o.tensorParallel})`,
    );
  }
  if (o.gpuLayers !== undefined) {
    if (!profile.supportsOffload) fail('gpu_layers', `needs a runtime with partial offload (llama.cpp), not ${profile.name}`);
    if (!(Number.isInteger(o.gpuLayers) && o.gpuLayers >= 0 && o.gpuLayers <= numLayers)) {
      fail('gpu_layers', `must be a whole number from 0 to ${numLayers} (the model's layers) (got ${o.gpuLayers})`);
    }
    if (o.gpuLayers < numLayers && o.pipelineParallel > 1)
      fail('gpu_layers', 'partial offload is modelled on one GPU per pipeline (pipeline_parallel 1)');
  }
}
