import {
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  KV_CACHE_FORMATS,
  WEIGHT_FORMATS,
} from '@llm-calc/engine';
import { defineFields } from './field';

/** Largest prompt or output length a request may ask for, in tokens. */
export const MAX_TOKENS = 100_000_000;

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
  efficiency: {
    type: 'number',
    label: 'Compute efficiency',
    help: `Compute efficiency: the fraction of peak FLOP/s that matrix multiplications reach. Default ${DEFAULT_COMPUTE_EFFICIENCY}, fitted to measured prefill runs; the original tool's "efficiency factor" was typically 0.2–0.3.`,
    unit: 'fraction',
    default: DEFAULT_COMPUTE_EFFICIENCY,
    min: 0,
    exclusiveMin: true,
    max: 1,
    cliValue: 'X',
  },
  memory_efficiency: {
    type: 'number',
    label: 'Memory efficiency',
    help: `Memory-bandwidth efficiency: the fraction of peak bandwidth that decode reaches. Default ${DEFAULT_MEMORY_EFFICIENCY}, fitted to measured decode runs (60–90% on NVIDIA GPUs).`,
    unit: 'fraction',
    default: DEFAULT_MEMORY_EFFICIENCY,
    min: 0,
    exclusiveMin: true,
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
