import {
  KV_CACHE_FORMATS,
  RUNTIME_REGIMES,
  WEIGHT_FORMATS,
  type ErrorSpread,
  type FittedParameters,
  type KvCacheFormat,
  type RuntimeProfile,
  type RuntimeRegime,
  type WeightFormat,
} from '@llm-calc/engine';
import { RUNTIME_FIT } from './runtime-fit.generated';

/**
 * The serving stacks the calculator models, as cited data (calculation-model.md "Capacity and
 * runtimes"). Each profile states what it runs and how it takes memory, with the document that
 * says so; the few performance parameters (bandwidth share by memory kind, unpacking factor,
 * compute saturation, per-layer step cost, all-reduce latency) are fitted by tools/calibration.ts
 * on libs/presets/reference/measured.json and written to runtime-fit.generated.ts with their
 * leave-one-source-out error spreads. Runtimes without measured runs of their own take the fitted
 * values of their calibration family (the stacks whose kernels and launch model they share).
 */

/** Calibration families: runtimes in one family share a fitted prior (see tools/calibration.ts). */
export type RuntimeFamily = 'graph' | 'eager' | 'ggml';

export interface RuntimePreset extends RuntimeProfile {
  /** What it is, one line. */
  description: string;
  family: RuntimeFamily | null;
  /** Backends / variants the profile covers. */
  backends: string;
  /** Documents the non-fitted values come from. */
  sources: string[];
  /** True when measured runs of this runtime took part in the fit. */
  calibrated: boolean;
  /** Default of gpu_memory_utilization (pool servers) or null. */
  defaultGpuMemoryUtilization: number | null;
}

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** Priors of the fitted parameters per family (cited ranges; the calibration moves them). */
export const FAMILY_PRIORS: Readonly<Record<RuntimeFamily, FittedParameters>> = {
  // CUDA-graph / compiled stacks: measured single-stream decode reaches ~75-90% of peak bandwidth
  // (calculation-model.md "Performance").
  graph: {
    memoryEfficiency: { HBM: 0.8, GDDR: 0.85, unified: 0.75 },
    quantizedReadFactor: 0.85,
    computeEfficiencyMax: 0.6,
    perLayerSeconds: 5e-6,
    allReduceLatencySeconds: 2e-5,
    lowPrecisionComputeFactor: 0.8,
  },
  // HF eager generate: Python dispatch per op, ~0.2-0.5 ms of launches per layer.
  eager: {
    memoryEfficiency: { HBM: 0.7, GDDR: 0.75, unified: 0.65 },
    quantizedReadFactor: 0.7,
    computeEfficiencyMax: 0.45,
    perLayerSeconds: 2e-4,
    allReduceLatencySeconds: 2e-5,
    lowPrecisionComputeFactor: 0.8,
  },
  // ggml / Metal hand-written kernels.
  ggml: {
    memoryEfficiency: { HBM: 0.6, GDDR: 0.85, unified: 0.75 },
    quantizedReadFactor: 0.8,
    computeEfficiencyMax: 0.45,
    perLayerSeconds: 2e-5,
    allReduceLatencySeconds: 2e-5,
    lowPrecisionComputeFactor: 0.8,
  },
};

/** Pooled spread used until the calibration has run (a 25% band). */
const PLACEHOLDER_SPREAD: ErrorSpread = { lower: -0.25, upper: 0.25, n: 0 };

/** The base of every profile, before the fitted values and spreads. */
type Base = Omit<RuntimePreset, 'fitted' | 'spreads' | 'calibrated' | 'defaultGpuMemoryUtilization'> & { calibrated?: boolean };

const ALL_WEIGHTS: RuntimeProfile['weightFormats'] = Object.fromEntries(WEIGHT_FORMATS.map((f) => [f, {}]));
const formats = (list: WeightFormat[], bits: Partial<Record<WeightFormat, number>> = {}): RuntimeProfile['weightFormats'] =>
  Object.fromEntries(list.map((f) => [f, bits[f] === undefined ? {} : { bitsPerWeight: bits[f] }]));
const GGUF: WeightFormat[] = ['q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'];
const SERVER_WEIGHTS: WeightFormat[] = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'fp4'];
const LINKS = { nvlink: 1, 'pcie-p2p': 2.5, pcie: 5 } as const;

const noPool = null;

const BASES: readonly Base[] = [
  {
    id: 'roofline',
    name: 'Roofline (seed model)',
    kind: 'roofline',
    description:
      "The plain roofline with the seed's overheads (weights +5%, KV +5%, activations +10%, +5% system) and the efficiency inputs.",
    family: null,
    backends: 'any',
    sources: ['shared/docs/calculation-model.md "Performance: a roofline"'],
    weightFormats: ALL_WEIGHTS,
    kvCacheFormats: KV_CACHE_FORMATS,
    computeHalfTokens: 0,
    prefillChunkTokens: null,
    stepFixedSeconds: 0,
    fusedDequant: false,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0,
      workspaceBytes: 0,
      cudaGraphBytes: 0,
      weightsOverheadFraction: 0.05,
      kvBlockTokens: 1,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: noPool,
    },
  },
  {
    id: 'llama.cpp',
    name: 'llama.cpp',
    kind: 'profile',
    description:
      'ggml kernels for GGUF models; CUDA on NVIDIA, HIP (ROCm) on AMD, Metal on Apple; layer split across GPUs; partial offload with -ngl.',
    family: 'ggml',
    backends: 'CUDA (NVIDIA), ROCm/HIP (AMD), Metal (Apple): the bandwidth share follows the memory kind (HBM / GDDR / unified)',
    sources: [
      'https://github.com/ggml-org/llama.cpp/blob/master/tools/llama-bench/README.md (pp/tg tests, -ngl, -ub 512 default)',
      'https://github.com/ggml-org/llama.cpp/blob/master/docs/build.md (CUDA, HIP, Metal, Vulkan backends; CUDA graphs)',
      'https://github.com/ggml-org/llama.cpp/blob/master/tools/main/README.md (--cache-type-k/-v f16, q8_0, q4_0; --split-mode layer default)',
    ],
    weightFormats: formats(['fp32', 'fp16', 'bf16', ...GGUF]),
    kvCacheFormats: ['fp32', 'fp16', 'bf16', 'q8_0', 'q4_0'],
    computeHalfTokens: 64,
    prefillChunkTokens: 512,
    stepFixedSeconds: 1e-4,
    fusedDequant: true,
    // Quantized prompt batches dequantize inside the kernel (Metal mat-mat kernels; CUDA MMQ, the
    // default for quantized types since 2024; an fp16 copy only with GGML_CUDA_FORCE_CUBLAS): no
    // fp16 buffer is written and read (modelling one cross-validated worse: prefill 30.7% -> 37.5%).
    linkLatencyFactor: LINKS,
    supportsTensorParallel: false,
    fp16Accumulate: true,
    supportsOffload: true,
    hostMemoryEfficiency: 0.8,
    // CUDA context ~0.3-0.5 GiB; the compute buffer is the activations of one 512-token ubatch;
    // the KV cache is allocated for the whole context, padded to 256 cells.
    memory: {
      contextBytes: 0.4 * GIB,
      workspaceBytes: 64 * MIB,
      cudaGraphBytes: 16 * MIB,
      weightsOverheadFraction: 0,
      kvBlockTokens: 256,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: noPool,
    },
  },
  {
    id: 'vllm',
    name: 'vLLM',
    kind: 'profile',
    description:
      'Paged attention, continuous batching, CUDA graphs; Marlin kernels for AWQ/GPTQ/FP8/FP4; reserves gpu_memory_utilization of each GPU and gives the rest after weights to the KV pool.',
    family: 'graph',
    backends: 'CUDA, ROCm',
    sources: [
      'https://docs.vllm.ai/en/latest/configuration/engine_args.html (gpu_memory_utilization 0.9, block_size 16, max_num_batched_tokens)',
      'https://docs.vllm.ai/en/latest/features/quantization/ (AWQ, GPTQ, FP8 W8A8, INT8 W8A8, NVFP4)',
      'https://docs.vllm.ai/en/latest/design/cuda_graphs.html (CUDA-graph capture and its memory)',
    ],
    weightFormats: formats(SERVER_WEIGHTS),
    kvCacheFormats: ['fp16', 'bf16', 'fp8'],
    computeHalfTokens: 64,
    prefillChunkTokens: 8192,
    stepFixedSeconds: 4e-4,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0.25 * GIB,
      cudaGraphBytes: 0.5 * GIB,
      weightsOverheadFraction: 0,
      kvBlockTokens: 16,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: { kind: 'utilization', defaultFraction: 0.9 },
    },
  },
  {
    id: 'sglang',
    name: 'SGLang',
    kind: 'profile',
    description:
      'RadixAttention (token-level KV pool), continuous batching, CUDA graphs, FlashInfer; reserves a static memory fraction for weights and the KV pool.',
    family: 'graph',
    backends: 'CUDA, ROCm',
    sources: [
      'https://docs.sglang.ai/backend/server_arguments.html (mem_fraction_static, chunked_prefill_size, page_size 1)',
      'https://docs.sglang.ai/backend/quantization.html (FP8, AWQ, GPTQ, W8A8, FP4)',
    ],
    weightFormats: formats(SERVER_WEIGHTS),
    kvCacheFormats: ['fp16', 'bf16', 'fp8'],
    computeHalfTokens: 64,
    prefillChunkTokens: 8192,
    stepFixedSeconds: 3e-4,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    // mem_fraction_static is picked by GPU size (about 0.8-0.9); 0.9 as for vLLM unless given.
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0.25 * GIB,
      cudaGraphBytes: 0.5 * GIB,
      weightsOverheadFraction: 0,
      kvBlockTokens: 1,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: { kind: 'utilization', defaultFraction: 0.9 },
    },
  },
  {
    id: 'tensorrt-llm',
    name: 'TensorRT-LLM',
    kind: 'profile',
    description:
      'Compiled engines with fused kernels (also behind NVIDIA NIM and the MLPerf harness); paged KV cache that takes a fraction of the memory left free after loading.',
    family: 'graph',
    backends: 'CUDA (NVIDIA only)',
    sources: [
      'https://nvidia.github.io/TensorRT-LLM/reference/memory.html (kv_cache_free_gpu_mem_fraction 0.9, tokens_per_block 64, activation and workspace memory)',
      'https://nvidia.github.io/TensorRT-LLM/reference/precision.html (FP16, BF16, FP8, INT8 SmoothQuant, INT4 AWQ/GPTQ W4A16, NVFP4)',
    ],
    weightFormats: formats(SERVER_WEIGHTS),
    kvCacheFormats: ['fp16', 'bf16', 'fp8', 'int8'],
    computeHalfTokens: 64,
    prefillChunkTokens: null,
    stepFixedSeconds: 2e-4,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0.3 * GIB,
      cudaGraphBytes: 0.2 * GIB,
      weightsOverheadFraction: 0,
      kvBlockTokens: 64,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: { kind: 'free-fraction', defaultFraction: 0.9 },
    },
  },
  {
    id: 'transformers',
    name: 'HF transformers (eager generate)',
    kind: 'profile',
    description:
      'PyTorch eager generate() (transformers >= 4.45): one Python dispatch per op, SDPA attention, fp32 logits of the last position only (logits_to_keep), a cache that grows to prompt + output.',
    family: 'eager',
    backends: 'CUDA, ROCm (PyTorch)',
    sources: [
      'https://huggingface.co/docs/transformers/llm_tutorial_optimization (memory of weights, KV cache, eager vs flash attention)',
      'https://huggingface.co/docs/transformers/main/en/quantization/overview (bitsandbytes int8/4-bit, GPTQ, AWQ, FP8)',
    ],
    // bitsandbytes 4-bit stores a fp32 absmax per 64 weights (4.5 bits); int4 otherwise GPTQ/AWQ g128.
    weightFormats: formats(['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4']),
    kvCacheFormats: ['fp32', 'fp16', 'bf16'],
    computeHalfTokens: 64,
    prefillChunkTokens: null,
    stepFixedSeconds: 2e-3,
    fusedDequant: false,
    launchOverlapsGpu: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0,
      cudaGraphBytes: 0,
      weightsOverheadFraction: 0,
      kvBlockTokens: 1,
      // SDPA is the default attention (no S x S scores kept); generate keeps the last position's
      // logits only since 4.45 (num_logits_to_keep). Older runs: measured.ts legacyTransformers.
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: true,
      kvPool: noPool,
    },
  },
  {
    id: 'mlx',
    name: 'MLX (mlx-lm)',
    kind: 'profile',
    description:
      "Apple's array framework on Metal; affine 4-bit (group 64, fp16 scale and bias: 4.5 bits per weight) and 8-bit (8.5) quantization.",
    family: 'ggml',
    backends: 'Metal (Apple silicon)',
    sources: [
      'https://ml-explore.github.io/mlx/build/html/python/_autosummary/mlx.core.quantize.html (group_size 64, bits 4: scale and bias per group)',
      'https://github.com/ml-explore/mlx-lm (generate, prefill_step_size 2048, kv_bits)',
    ],
    weightFormats: formats(['fp32', 'fp16', 'bf16', 'int8', 'int4'], { int4: 4.5, int8: 8.5 }),
    kvCacheFormats: ['fp16', 'bf16'],
    computeHalfTokens: 64,
    prefillChunkTokens: 2048,
    stepFixedSeconds: 2e-4,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: false,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0,
      workspaceBytes: 0.1 * GIB,
      cudaGraphBytes: 0,
      weightsOverheadFraction: 0,
      kvBlockTokens: 256,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: noPool,
    },
  },
  {
    id: 'gpt-fast',
    name: 'gpt-fast (PyTorch, torch.compile)',
    kind: 'profile',
    description: 'Native PyTorch compiled with torch.compile (CUDA graphs), int8/int4 weight-only, tensor parallel over NCCL.',
    family: 'graph',
    backends: 'CUDA, ROCm',
    sources: ['https://github.com/pytorch-labs/gpt-fast (README: int8/int4 weight-only, groupsize, tensor parallelism)'],
    weightFormats: formats(['fp32', 'fp16', 'bf16', 'int8', 'int4'], { int4: 4.25 }),
    kvCacheFormats: ['fp16', 'bf16'],
    computeHalfTokens: 64,
    prefillChunkTokens: null,
    stepFixedSeconds: 1e-4,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0.1 * GIB,
      cudaGraphBytes: 0.2 * GIB,
      weightsOverheadFraction: 0,
      kvBlockTokens: 1,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: noPool,
    },
  },
  {
    id: 'lmdeploy',
    name: 'LMDeploy (TurboMind)',
    kind: 'profile',
    description:
      'TurboMind C++/CUDA engine: persistent batching, blocked KV cache taking a fraction of free memory, AWQ int4 and int8/int4 KV.',
    family: 'graph',
    backends: 'CUDA',
    sources: [
      'https://lmdeploy.readthedocs.io/en/latest/api/pipeline.html (TurbomindEngineConfig cache_max_entry_count 0.8, cache_block_seq_len 64, quant_policy)',
    ],
    weightFormats: formats(['fp16', 'bf16', 'int4', 'fp8']),
    kvCacheFormats: ['fp16', 'bf16', 'int8'],
    computeHalfTokens: 64,
    prefillChunkTokens: null,
    stepFixedSeconds: 2e-4,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0.25 * GIB,
      cudaGraphBytes: 0,
      weightsOverheadFraction: 0,
      kvBlockTokens: 64,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: { kind: 'free-fraction', defaultFraction: 0.8 },
    },
  },
  {
    id: 'mlc-llm',
    name: 'MLC LLM',
    kind: 'profile',
    description: 'TVM-compiled kernels with CUDA graphs; q4f16_1 (4-bit, group 32, fp16 scale: 4.5 bits per weight).',
    family: 'graph',
    backends: 'CUDA, ROCm, Vulkan, Metal',
    sources: [
      'https://llm.mlc.ai/docs/deploy/rest.html (gpu_memory_utilization 0.85)',
      'https://llm.mlc.ai/docs/compilation/configure_quantization.html (q4f16_1: group 32)',
    ],
    weightFormats: formats(['fp16', 'bf16', 'int4', 'fp8'], { int4: 4.5 }),
    kvCacheFormats: ['fp16'],
    computeHalfTokens: 64,
    prefillChunkTokens: 2048,
    stepFixedSeconds: 1e-4,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: true,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0.1 * GIB,
      cudaGraphBytes: 0.2 * GIB,
      weightsOverheadFraction: 0,
      kvBlockTokens: 16,
      eagerAttention: false,
      allPromptLogits: false,
      kvCopyOnAppend: false,
      kvPool: { kind: 'utilization', defaultFraction: 0.85 },
    },
  },
  {
    id: 'autoawq',
    name: 'AutoAWQ (transformers + fused AWQ modules)',
    kind: 'profile',
    description:
      'HF transformers with AutoAWQ fused attention/MLP modules and a KV cache preallocated for batch x (prompt + output); int4 AWQ (g128) only.',
    family: 'eager',
    backends: 'CUDA',
    sources: ['https://github.com/casper-hansen/AutoAWQ (README: fused modules, GEMM/GEMV kernels, benchmark table)'],
    weightFormats: formats(['fp16', 'int4']),
    kvCacheFormats: ['fp16'],
    computeHalfTokens: 64,
    prefillChunkTokens: null,
    stepFixedSeconds: 1e-3,
    fusedDequant: true,
    linkLatencyFactor: LINKS,
    supportsTensorParallel: false,
    fp16Accumulate: false,
    supportsOffload: false,
    hostMemoryEfficiency: 1,
    memory: {
      contextBytes: 0.5 * GIB,
      workspaceBytes: 0,
      cudaGraphBytes: 0,
      weightsOverheadFraction: 0,
      kvBlockTokens: 1,
      eagerAttention: false,
      allPromptLogits: true,
      kvCopyOnAppend: false,
      kvPool: noPool,
    },
  },
];

/** The fitted values of a family or runtime from the generated file, else the family prior. */
export interface RuntimeFit {
  fitted: FittedParameters;
  spreads: Record<RuntimeRegime, ErrorSpread>;
  calibrated: boolean;
}

function placeholderSpreads(): Record<RuntimeRegime, ErrorSpread> {
  return Object.fromEntries(RUNTIME_REGIMES.map((r) => [r, PLACEHOLDER_SPREAD])) as Record<RuntimeRegime, ErrorSpread>;
}

/** A profile from its base and a fit (the calibration builds candidate profiles with this). */
export function buildRuntimeProfile(base: Base, fit: RuntimeFit | undefined): RuntimePreset {
  const prior = base.family ? FAMILY_PRIORS[base.family] : FAMILY_PRIORS.graph;
  return {
    ...base,
    fitted: fit?.fitted ?? prior,
    spreads: fit?.spreads ?? placeholderSpreads(),
    calibrated: fit?.calibrated ?? false,
    defaultGpuMemoryUtilization: base.memory.kvPool?.kind === 'utilization' ? base.memory.kvPool.defaultFraction : null,
  };
}

/** The runtime bases (without fitted values), for tools/calibration.ts. */
export const RUNTIME_BASES: readonly Base[] = BASES;

/** Every runtime profile with its fitted parameters and spreads. */
export const RUNTIME_PROFILES: readonly RuntimePreset[] = BASES.map((b) => buildRuntimeProfile(b, RUNTIME_FIT[b.id]));

export const RUNTIME_IDS: readonly string[] = RUNTIME_PROFILES.map((r) => r.id);

/** The profile with this id (case-insensitive), or undefined. */
export function findRuntimeProfile(id: string): RuntimePreset | undefined {
  const q = id.trim().toLowerCase();
  return RUNTIME_PROFILES.find((r) => r.id === q);
}

/** Weight formats / KV formats a runtime lists (for GET /api/runtimes). */
export function runtimeFormats(r: RuntimeProfile): { weights: WeightFormat[]; kvCache: KvCacheFormat[] } {
  return { weights: WEIGHT_FORMATS.filter((f) => r.weightFormats[f]), kvCache: [...r.kvCacheFormats] };
}
