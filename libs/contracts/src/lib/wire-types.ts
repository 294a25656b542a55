/**
 * JSON shapes of the REST API (shared/docs/api-contract.md), shared by api, cli and client.
 * Keys are snake_case; every figure is in base units with the unit in its name.
 * Types only: importing this file costs the client nothing at run time.
 */
import type {
  Bound,
  GpuSpec,
  KvCacheFormat,
  ModelArchitecture,
  PeakFlops,
  WeightFormat,
} from '@llm-calc/engine';

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
  efficiency: number;
  memory_efficiency: number;
  flash_attention: boolean;
  price_per_gpu_hour: number | null;
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
    /** Largest batch at this context that fits (0 when not even 1 fits). */
    max_batch_size: number;
    /** Longest prompt + output context at this batch that fits (0 when none). */
    max_sequence_length: number;
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
    aggregate_tokens_per_second: number;
    prefill_latency_seconds: number;
    per_token_latency_seconds: number;
    time_for_1000_tokens_seconds: number;
    /** Prefill plus the decode of output_tokens. */
    total_latency_seconds: number;
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
}

export interface CompareResponse {
  results: CompareResult[];
  /** The GPU id with the lowest cost per million tokens among those that fit (null if none). */
  cheapest_fitting: string | null;
}

export interface FitResponse {
  max_batch_size: number;
  max_sequence_length: number;
  min_gpus: number | null;
}

export interface SweepPoint {
  value: number;
  total_bytes: number;
  per_gpu_bytes: number;
  gpu_memory_bytes: number;
  tokens_per_second: number;
  aggregate_tokens_per_second: number;
  fits: boolean;
}

export interface SweepResponse {
  vary: 'batch_size' | 'sequence_length' | 'num_gpus';
  points: SweepPoint[];
}

export interface CalibrateResponse {
  /** Which efficiency the measurement determines. */
  parameter: 'memory_efficiency' | 'efficiency';
  measured: number;
  unit: 'tokens/s' | 'seconds';
  /** The efficiency that reproduces the measurement; null when even 1.0 cannot. */
  fitted_efficiency: number | null;
  current_efficiency: number;
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
