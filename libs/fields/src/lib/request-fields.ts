import {
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_HOST_MEMORY_BANDWIDTH,
  DEFAULT_MEMORY_EFFICIENCY,
  KV_CACHE_FORMATS,
  WEIGHT_FORMATS,
} from '@llm-calc/engine';
import { defineFields } from './field';

/** Largest prompt or output length a request may ask for, in tokens. */
export const MAX_TOKENS = 100_000_000;

/**
 * The serving stacks a request may name: the ids of libs/presets' RUNTIME_PROFILES (a test in
 * libs/application checks that the two lists agree) and `auto`, which picks the runtime a user of
 * that setup would run (llama.cpp for GGUF weights or a llama.cpp KV format, MLX on Apple GPUs,
 * vLLM otherwise; application/src/lib/runtime-choice.ts).
 */
export const RUNTIME_CHOICES = [
  'auto',
  'roofline',
  'llama.cpp',
  'vllm',
  'sglang',
  'tensorrt-llm',
  'transformers',
  'mlx',
  'gpt-fast',
  'lmdeploy',
  'mlc-llm',
  'autoawq',
] as const;
export type RuntimeChoice = (typeof RUNTIME_CHOICES)[number];

/**
 * The fields of an inference request besides the model and GPU: the workload, the deployment
 * and the efficiencies (POST /api/calculate, and the planning endpoints built on it).
 */
export const INFERENCE_FIELDS = defineFields({
  sequence_length: {
    type: 'integer',
    label: 'Sequence length (prompt tokens)',
    help: 'Prompt (context) tokens per sequence, prefilled at once.',
    unit: 'tokens',
    default: 4096,
    min: 1,
    max: MAX_TOKENS,
    cliValue: 'N',
  },
  output_tokens: {
    type: 'integer',
    label: 'Output tokens',
    help: 'Tokens generated per sequence. The KV cache holds prompt + output tokens.',
    unit: 'tokens',
    default: 1000,
    min: 0,
    max: MAX_TOKENS,
    cliValue: 'N',
  },
  batch_size: {
    type: 'integer',
    label: 'Batch size',
    help: 'Sequences processed together. More batch raises aggregate throughput and the KV cache.',
    unit: 'sequences',
    default: 1,
    min: 1,
    max: 1_000_000,
    cliValue: 'N',
  },
  precision: {
    type: 'enum',
    label: 'Weights precision',
    help: 'Storage format of the weights. GGUF formats include their block scales (q4_k_m ≈ 4.85 bits per weight). A format the GPU cannot run is refused.',
    default: 'bf16',
    values: WEIGHT_FORMATS,
    cliValue: 'FMT',
  },
  kv_cache_precision: {
    type: 'enum',
    label: 'KV cache precision',
    help: 'Element format of the KV cache (bytes per element b_kv).',
    default: 'bf16',
    values: KV_CACHE_FORMATS,
    cliValue: 'FMT',
  },
  num_gpus: {
    type: 'integer',
    label: 'Number of GPUs',
    help: 'GPUs in the deployment: tensor parallel × pipeline parallel × data-parallel replicas.',
    unit: 'GPUs',
    defaultText: 'tensor_parallel × pipeline_parallel',
    min: 1,
    max: 4096,
    cliValue: 'N',
  },
  tensor_parallel: {
    type: 'integer',
    label: 'Tensor parallel',
    help: "Tensor parallelism t: each layer's matrices split across t GPUs; weights, KV cache and compute divide by t, plus two all-reduces per layer.",
    defaultText: 'num_gpus ÷ pipeline_parallel, else 1',
    min: 1,
    max: 1024,
    cliValue: 'N',
  },
  pipeline_parallel: {
    type: 'integer',
    label: 'Pipeline parallel',
    help: 'Pipeline parallelism p: layers split into p stages; memory divides by p, single-stream latency does not improve.',
    default: 1,
    min: 1,
    max: 1024,
    cliValue: 'N',
  },
  runtime: {
    type: 'enum',
    label: 'Runtime',
    help: "The serving stack the estimate is for (GET /api/runtimes): its bandwidth share, GEMM efficiency, step costs, formats and memory model, fitted to measured runs. auto: llama.cpp for GGUF weights or q8_0/q4_0 KV caches, MLX on Apple GPUs, vLLM otherwise; roofline: the plain roofline with the seed's overheads and the efficiency inputs.",
    default: 'auto',
    values: RUNTIME_CHOICES,
    cliValue: 'ID',
  },
  gpu_layers: {
    type: 'integer',
    label: 'GPU layers (offload)',
    help: 'llama.cpp partial offload (-ngl): transformer layers kept on the GPU; the others (and the output head, unless every layer is on the GPU) run from host memory at the host bandwidth.',
    unit: 'layers',
    defaultText: 'all layers',
    min: 0,
    max: 10_000,
    cliValue: 'N',
  },
  host_memory_bandwidth_bytes_per_second: {
    type: 'number',
    label: 'Host memory bandwidth (bytes/s)',
    help: `Host (CPU) memory bandwidth for offloaded layers, bytes per second. Default ${DEFAULT_HOST_MEMORY_BANDWIDTH / 1e9} GB/s (DDR5-5600 dual channel as reached; DDR4-3200 dual channel: 45e9).`,
    unit: 'bytes/s',
    default: DEFAULT_HOST_MEMORY_BANDWIDTH,
    min: 1e8,
    max: 1e14,
    cli: 'host-bandwidth',
    cliValue: 'BYTES_PER_S',
  },
  gpu_memory_utilization: {
    type: 'number',
    label: 'GPU memory utilization',
    help: "Pool-based servers: the fraction of each GPU's memory the server reserves at start (vLLM, SGLang, MLC: gpu_memory_utilization / mem_fraction_static), or of the memory left free after loading that the KV pool takes (TensorRT-LLM, LMDeploy). Refused for runtimes without a KV pool.",
    unit: 'fraction',
    defaultText: "the runtime's default (vLLM 0.9)",
    min: 0.05,
    max: 1,
    cliValue: 'X',
  },
  efficiency: {
    type: 'number',
    label: 'Compute efficiency',
    help: `Compute efficiency: the fraction of peak FLOP/s that matrix multiplications reach. Empty: the runtime's fitted GEMM-shape curve (roofline: ${DEFAULT_COMPUTE_EFFICIENCY}); a value replaces it. The original tool's "efficiency factor" was typically 0.2–0.3.`,
    unit: 'fraction',
    defaultText: `the runtime's fitted value (roofline: ${DEFAULT_COMPUTE_EFFICIENCY})`,
    min: 0.01,
    max: 1,
    cliValue: 'X',
  },
  memory_efficiency: {
    type: 'number',
    label: 'Memory efficiency',
    help: `Memory-bandwidth efficiency: the fraction of peak bandwidth that decode reaches. Empty: the runtime's fitted share for this GPU's memory kind (roofline: ${DEFAULT_MEMORY_EFFICIENCY}); a value replaces it.`,
    unit: 'fraction',
    defaultText: `the runtime's fitted value (roofline: ${DEFAULT_MEMORY_EFFICIENCY})`,
    min: 0.01,
    max: 1,
    cliValue: 'X',
  },
  flash_attention: {
    type: 'boolean',
    label: 'Fused (flash) attention',
    help: 'Fused attention kernels keep no S² score matrix in memory. Off: the scores count in the activations.',
    default: true,
  },
  price_per_gpu_hour: {
    type: 'number',
    label: 'Price per GPU-hour (USD)',
    help: "USD per GPU-hour; empty uses the GPU's indicative cloud price (or no cost when it has none).",
    unit: 'USD per GPU-hour',
    defaultText: "the GPU preset's indicative price",
    min: 0,
    max: 1_000_000,
    cliValue: 'USD',
  },
});

/** Which model and GPU: a catalogue id, or a custom description (the custom_* groups). */
export const SELECTION_FIELDS = defineFields({
  model: {
    type: 'string',
    label: 'Model',
    help: 'A model from the catalogue, by id (list-models, GET /api/available_models).',
    maxLength: 100,
    cliValue: 'ID',
  },
  gpu: {
    type: 'string',
    label: 'GPU',
    help: 'The accelerator, by catalogue id: its memory, bandwidth and dense peak FLOP/s per format come from the catalogue (list-gpus, GET /api/gpu_configs).',
    maxLength: 100,
    cliValue: 'ID',
  },
});
