/**
 * JSON shapes of the REST API (shared/docs/api-contract.md), shared by api, cli and client.
 * Keys are snake_case; every figure is in base units with the unit in its name.
 * Types only: importing this file costs the client nothing at run time.
 */
import type { Bound, GpuSpec, KvCacheFormat, ModelArchitecture, PeakFlops, WeightFormat } from '@llm-calc/engine';

export type CalculationSource = 'web' | 'cli';

/** The body of POST /api/calculate after validation, with every default filled in. */
export interface NormalizedCalculateRequest {
  /** Preset id, or null when custom_model is given. */
  model: string | null;
  custom_model: ModelArchitecture | null;
  gpu: string | null;
  custom_gpu: GpuSpec | null;
  sequence_length: number;
  output_tokens: number;
  batch_size: number;
  precision: WeightFormat;
  kv_cache_precision: KvCacheFormat;
  num_gpus: number;
  tensor_parallel: number;
  pipeline_parallel: number;
  /**
   * The runtime the estimate is for, resolved: a profile id of GET /api/runtimes (a request's
   * `auto`, the default, is answered with the runtime it picked).
   */
  runtime: string;
  /** llama.cpp partial offload: layers kept on the GPU; null = all of them. */
  gpu_layers: number | null;
  /** Host memory bandwidth for offloaded layers, bytes/s. */
  host_memory_bandwidth_bytes_per_second: number;
  /** Pool-based servers' reservation fraction (given, else the runtime's default); null for runtimes without a KV pool. */
  gpu_memory_utilization: number | null;
  /** The compute efficiency given; null = the runtime's fitted curve (see performance.prefill.compute_efficiency). Roofline: always a number. */
  efficiency: number | null;
  /** The memory-bandwidth efficiency given; null = the runtime's fitted share (see performance.decode.memory_efficiency). Roofline: always a number. */
  memory_efficiency: number | null;
  flash_attention: boolean;
  price_per_gpu_hour: number | null;
}

/** A low-high band around an estimate, in the estimate's unit (the cross-validated error spread of the runtime and regime). */
export interface RangeWire {
  low: number;
  high: number;
}

/** The request as a client may send it: everything optional except a model and a GPU. */
export type CalculateRequest = Partial<NormalizedCalculateRequest>;

export interface PhaseRooflineWire {
  flops: number;
  bytes: number;
  compute_seconds: number;
  memory_seconds: number;
  communication_seconds: number;
  seconds: number;
  bound: Bound;
  arithmetic_intensity_flops_per_byte: number;
  /** Fraction of the dense peak the phase's matrix multiplications reach (the runtime's GEMM-shape curve, or the efficiency given). */
  compute_efficiency: number;
  /** Fraction of peak bandwidth its memory reads reach (KV reads; quantized weights also times the runtime's unpacking factor). */
  memory_efficiency: number;
}

export interface CalculateResponse {
  id: string;
  timestamp: string;
  source: CalculationSource;
  inputs: NormalizedCalculateRequest;
  model_summary: {
    name: string;
    family: string;
    total_parameters: number;
    active_parameters: number;
    num_layers: number;
    hidden_size: number;
    attention_type: 'MHA' | 'GQA' | 'MQA' | 'MLA';
    is_moe: boolean;
  };
  gpu_summary: {
    name: string;
    family: string;
    memory_bytes: number;
    memory_bandwidth_bytes_per_second: number;
    /** Dense peak FLOP/s of the format the matrices run in (see compute.compute_precision). */
    peak_flops_per_second: number;
  };
  memory: {
    weights_bytes: number;
    kv_cache_bytes: number;
    activations_bytes: number;
    system_overhead_bytes: number;
    total_bytes: number;
    per_gpu_bytes: number;
    gpu_memory_bytes: number;
    fits: boolean;
    /** gpu_memory_bytes - per_gpu_bytes (negative when it does not fit). */
    headroom_bytes: number;
    /** Low-high band of total_bytes. */
    total_bytes_range: RangeWire;
    /** Largest batch at this context that fits (0 when not even 1 fits). */
    max_batch_size: number;
    /** Longest context, prompt + output, at this batch that fits, capped at the model's context window (0 when none). */
    max_sequence_length: number;
    /** Longest prompt (sequence_length) at this batch and output length that fits (0 when none). */
    max_prompt_tokens: number;
    /** Per GPU: the runtime's CUDA context, workspaces and CUDA-graph pools (roofline: the seed's system overhead). */
    runtime_overhead_bytes: number;
    /** Per GPU: what a pool-based server reserves at start (gpu_memory_utilization); null for runtimes that allocate what they need. */
    reserved_bytes: number | null;
    /** Per GPU: the KV pool inside the reservation, after weights, activations and overheads; null without a pool. */
    kv_pool_bytes: number | null;
    /** Tokens the KV pool holds, all sequences together; null without a pool. */
    kv_pool_tokens: number | null;
    /** Per GPU: the memory this configuration may fill (the reservation for pool servers, else the allocatable capacity). */
    usable_bytes: number;
    /** Host memory taken by offloaded layers (llama.cpp gpu_layers below num_layers). */
    host_bytes: number;
    /** Transformer layers on the GPU. */
    gpu_layers: number;
    /** llama.cpp: the most layers that fit on the GPU at this batch and context (num_layers = all fit); null for runtimes without offload. */
    max_gpu_layers: number | null;
    /**
     * Fewest GPUs (tensor parallel, pipeline 1) that hold this configuration, among counts that
     * divide the attention heads; null when none up to min(heads, 1024) does.
     */
    min_gpus: number | null;
    per_gpu: {
      weights_bytes: number;
      kv_cache_bytes: number;
      activations_bytes: number;
      system_overhead_bytes: number;
    };
    bytes_per_weight: number;
    bytes_per_kv_element: number;
    kv_cache_bytes_per_token: number;
  };
  compute: {
    attention_flops: number;
    feedforward_flops: number;
    prefill_flops: number;
    per_token_flops: number;
    /** The format the GPU's matrix units run for this weight format. */
    compute_precision: string;
  };
  performance: {
    tokens_per_second: number;
    tokens_per_second_range: RangeWire;
    aggregate_tokens_per_second: number;
    aggregate_tokens_per_second_range: RangeWire;
    prefill_latency_seconds: number;
    prefill_latency_seconds_range: RangeWire;
    per_token_latency_seconds: number;
    per_token_latency_seconds_range: RangeWire;
    /** Time for 1000 generated tokens from the prompt: under a runtime profile the prefill (which yields the first token) plus 999 decode steps; roofline: the prefill plus 1000 steps, as the seed. */
    time_for_1000_tokens_seconds: number;
    time_for_1000_tokens_seconds_range: RangeWire;
    /** Prefill plus the decode of output_tokens. */
    total_latency_seconds: number;
    total_latency_seconds_range: RangeWire;
    prefill_bound: Bound;
    decode_bound: Bound;
    ridge_point_flops_per_byte: number;
    prefill: PhaseRooflineWire;
    /** The decode step at the mean context of the generation. */
    decode: PhaseRooflineWire;
  };
  cost: {
    price_per_gpu_hour: number | null;
    cost_per_hour: number | null;
    cost_per_million_tokens: number | null;
  };
  /** Human-readable caveats (context beyond the model's trained length, ...). */
  warnings: string[];
}

export interface ModelListItem {
  id: string;
  name: string;
  family: string;
  total_parameters: number;
  active_parameters: number;
  max_position_embeddings: number | null;
}

export interface AvailableModelsResponse {
  families: { family: string; models: ModelListItem[] }[];
}

export interface GpuListItem extends GpuSpec {
  id: string;
  vendor: string;
  family: string;
  supported_precisions: WeightFormat[];
  peak_flops: PeakFlops;
  price_per_gpu_hour: number | null;
}

export interface GpuConfigsResponse {
  families: { family: string; gpus: GpuListItem[] }[];
}

export interface ModelConfigResponse extends ModelArchitecture {
  id: string;
  family: string;
  source: string;
}

export interface HistoryQuery {
  page?: number;
  page_size?: number;
  sort?: HistorySortField;
  order?: 'asc' | 'desc';
  model?: string;
  gpu?: string;
  source?: CalculationSource;
  q?: string;
  /** Which runs: calculations, serving simulations or recommendations (a record without kind is a calculation). */
  kind?: 'calculate' | 'serving' | 'recommend';
}

export const HISTORY_SORT_FIELDS = [
  'timestamp',
  'source',
  'model',
  'gpu',
  'precision',
  'batch_size',
  'sequence_length',
  'total_bytes',
  'tokens_per_second',
] as const;
export type HistorySortField = (typeof HISTORY_SORT_FIELDS)[number];

export interface HistoryResponse {
  total: number;
  page: number;
  page_size: number;
  items: CalculateResponse[];
  skipped_lines: number;
}

export interface ApiError {
  statusCode: number;
  message: string[];
  error: string;
  /**
   * The problems of a refused request as data: the field's request path (null for the request as
   * a whole), a code (class-validator's constraint name, or unknownPreset, conflict, ...) and the
   * line that `message` also holds. Absent for errors that are not about the request's fields.
   */
  problems?: { field: string | null; code: string; text: string }[];
}

export interface CompareResult {
  gpu: string;
  name: string;
  family: string;
  /** False when the GPU cannot run the precision (see reason). */
  supported: boolean;
  reason: string | null;
  fits: boolean;
  /** GPUs of this kind in the configuration (with fewest_gpus: the fewest that fit, or 1 when none do). */
  num_gpus: number;
  tensor_parallel: number;
  pipeline_parallel: number;
  per_gpu_bytes: number;
  gpu_memory_bytes: number;
  tokens_per_second: number;
  aggregate_tokens_per_second: number;
  prefill_latency_seconds: number;
  cost_per_hour: number | null;
  cost_per_million_tokens: number | null;
  /** The runtime of this entry (a request's auto resolves per GPU: MLX on Apple GPUs); null when unsupported before one was chosen. */
  runtime: string | null;
  /** Low-high bands (null when unsupported). */
  tokens_per_second_range: RangeWire | null;
  aggregate_tokens_per_second_range: RangeWire | null;
  /** Cost per million tokens at the aggregate rate's band (low cost = high rate). */
  cost_per_million_tokens_range: RangeWire | null;
}

export interface CompareResponse {
  results: CompareResult[];
  /** The GPU id with the lowest cost per million tokens among those that fit (null if none). */
  cheapest_fitting: string | null;
}

export interface FitResponse {
  max_batch_size: number;
  /** Longest prompt + output at this batch (see CalculateResponse.memory.max_sequence_length). */
  max_sequence_length: number;
  max_prompt_tokens: number;
  min_gpus: number | null;
  /** llama.cpp: layers that fit on the GPU (null for runtimes without offload). */
  max_gpu_layers: number | null;
  runtime: string;
}

export interface SweepPoint {
  value: number;
  total_bytes: number;
  per_gpu_bytes: number;
  gpu_memory_bytes: number;
  tokens_per_second: number;
  tokens_per_second_range: RangeWire;
  aggregate_tokens_per_second: number;
  fits: boolean;
}

export interface SweepResponse {
  vary: 'batch_size' | 'sequence_length' | 'num_gpus';
  runtime: string;
  points: SweepPoint[];
}

export interface CalibrateResponse {
  /** Which efficiency the measurement determines. */
  parameter: 'memory_efficiency' | 'efficiency';
  measured: number;
  unit: 'tokens/s' | 'seconds';
  /** The efficiency that reproduces the measurement; null when even 1.0 cannot. */
  fitted_efficiency: number | null;
  /** The efficiency in use: the one given, else the runtime's fitted one for this configuration. */
  current_efficiency: number;
  /** The runtime the fit is under (its other parameters stay as fitted). */
  runtime: string;
  estimate_at_current: number;
  relative_error_at_current: number;
  best_possible: number;
  message: string;
}

export interface TrainingResponse {
  inputs: Record<string, unknown>;
  model_summary: { name: string; total_parameters: number; active_parameters: number };
  total_flops: number;
  time_seconds: number;
  gpu_hours: number;
  per_gpu: {
    weights_bytes: number;
    gradients_bytes: number;
    optimizer_states_bytes: number;
    activations_bytes: number;
    total_bytes: number;
  };
  gpu_memory_bytes: number;
  fits: boolean;
  cost: { price_per_gpu_hour: number | null; total_cost: number | null };
}

/** GET /api/runtimes: one serving stack the calculator models. */
export interface RuntimeListItem {
  id: string;
  name: string;
  description: string;
  backends: string;
  /** roofline: the plain roofline; profile: a fitted runtime model. */
  kind: 'roofline' | 'profile';
  weight_formats: WeightFormat[];
  kv_cache_formats: KvCacheFormat[];
  /** Bits per weight the runtime really stores where they differ from the format's usual (MLX 4-bit: 4.5). */
  bits_per_weight: Partial<Record<WeightFormat, number>>;
  tensor_parallel: boolean;
  /** Partial offload of layers to host memory (gpu_layers). */
  offload: boolean;
  /** What the runtime takes besides the model, in words and figures. */
  memory_model: {
    summary: string;
    context_bytes: number;
    workspace_bytes: number;
    cuda_graph_bytes: number;
    kv_block_tokens: number;
    /** utilization: reserves gpu_memory_utilization of the GPU; free-fraction: its KV pool takes that fraction of the memory free after loading; null: allocates what it needs. */
    kv_pool: 'utilization' | 'free-fraction' | null;
    default_gpu_memory_utilization: number | null;
  };
  /** True when measured runs of this runtime took part in the fit (else its family's values). */
  calibrated: boolean;
  /** Calibration family whose fit it shares when it has no measured runs of its own. */
  family: string | null;
  sources: string[];
  /**
   * Leave-one-source-out error per regime: the median absolute error, and the band's bounds as
   * measured / estimate - 1 (5th and 95th percentiles, which hold ~80% of an unseen setup's figures; a rate's band is estimate x (1 + low) to
   * estimate x (1 + high)). points = measured figures of this runtime (0: the pooled spread of
   * runtimes held out entirely).
   */
  cross_validation: Record<
    'decode' | 'prefill' | 'memory' | 'batched',
    { median_abs_error: number | null; low: number; high: number; points: number }
  >;
}

export interface RuntimesResponse {
  /** What `auto` (the default) picks. */
  auto: string;
  runtimes: RuntimeListItem[];
}

export interface SavedCustomModel {
  name: string;
  saved_at: string;
  model: ModelArchitecture;
}

export interface CustomModelsResponse {
  models: SavedCustomModel[];
}

export interface ImportHfConfigResponse {
  custom_model: ModelArchitecture;
  unknown_keys: string[];
  notes: string[];
}
