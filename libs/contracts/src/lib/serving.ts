/**
 * Wire shapes of POST /api/serving and POST /api/recommend (shared/docs/api-contract.md), and the
 * definitions of their figures, sent with every answer and shown on the /serving page.
 * Types and one constant: client-safe.
 */
import type { ArrivalKind, GpuSpec, KvCacheFormat, LengthDistributionKind, ModelArchitecture, WeightFormat } from '@llm-calc/engine';
import type { CalculationSource } from './wire-types';

/** A token-length distribution as sent: fixed (mean), uniform (min, max), lognormal (mean, sigma). */
export interface LengthDistributionWire {
  distribution: LengthDistributionKind;
  mean?: number;
  min?: number;
  max?: number;
  sigma?: number;
}

/** Latency targets in seconds; any subset. */
export type ServingSlaWire = Partial<Record<`${'ttft' | 'tpot' | 'e2e'}_${'p50' | 'p90' | 'p99'}_seconds`, number>>;

/** The figures' definitions, sent with every serving and recommend answer and shown on the page. */
export const SERVING_DEFINITIONS = {
  requests_per_second: 'Finished requests / duration; duration runs from the first arrival to the last finish.',
  output_tokens_per_second: 'Generated tokens / duration, all replicas.',
  total_tokens_per_second: 'Input (prompt) plus generated tokens / duration, all replicas.',
  output_tokens_per_second_per_gpu: 'output_tokens_per_second / num_gpus (tensor_parallel x replicas).',
  ttft_seconds:
    'Time to first token: arrival to the end of the step that completes the prompt (queueing + prefill) and samples the first token.',
  tpot_seconds:
    'Time per output token, excluding the first: (e2e - ttft) / (output_tokens - 1), over requests with at least 2 output tokens.',
  e2e_seconds: 'End-to-end latency: arrival to the last token.',
  percentiles: 'p50/p90/p99 over requests, linearly interpolated between ranks (numpy default, as vLLM benchmark_serving).',
  kv_pool:
    'Paged KV pool per replica: gpu_memory_utilization x the binary capacity, less the weights, the peak activations of the largest step and ~0.75 GiB non-torch memory, in blocks of block_size tokens.',
  peak_used_fraction: 'Most KV blocks in use at once / blocks in the pool.',
  preemptions: 'Sequences evicted when blocks ran out (the most recently admitted first) and recomputed later.',
  max_request_rate:
    'Highest Poisson rate (requests/s, all replicas) at which the SLA percentiles hold, by bisection over one seeded trace scaled in time (the workload’s requests, at most 2000), capped at the analytic saturation throughput.',
  cost_per_hour: 'num_gpus x price per GPU-hour.',
  cost_per_million_input_tokens:
    'The hourly cost times the share of GPU time spent on prefill, per million input tokens served per hour, at at_request_rate.',
  cost_per_million_output_tokens:
    'The hourly cost times the share of GPU time spent on decode, per million output tokens served per hour, at at_request_rate.',
  at_request_rate:
    'The load the per-token costs assume: the SLA’s max_request_rate when an SLA is given and met somewhere, else the simulated throughput.',
  knee_request_rate: 'First rate on the latency curve where TTFT p99 exceeds twice its light-load value: queueing starts to dominate.',
} as const;

export interface PercentilesWire {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface ServingThroughputWire {
  requests_per_second: number;
  input_tokens_per_second: number;
  output_tokens_per_second: number;
  total_tokens_per_second: number;
  output_tokens_per_second_per_gpu: number;
  total_tokens_per_second_per_gpu: number;
}

export interface ServingLatencyWire {
  ttft_seconds: PercentilesWire;
  tpot_seconds: PercentilesWire;
  e2e_seconds: PercentilesWire;
}

export interface ServingCostWire {
  price_per_gpu_hour: number | null;
  cost_per_hour: number | null;
  cost_per_million_input_tokens: number | null;
  cost_per_million_output_tokens: number | null;
  cost_per_million_tokens: number | null;
  at_request_rate: number;
}

export interface NormalizedServingRequest {
  model: string | null;
  custom_model: ModelArchitecture | null;
  gpu: string | null;
  custom_gpu: GpuSpec | null;
  precision: WeightFormat;
  kv_cache_precision: KvCacheFormat;
  tensor_parallel: number;
  replicas: number;
  num_gpus: number;
  efficiency: number;
  memory_efficiency: number;
  step_overhead_seconds: number | null;
  /** Runtime profile id, 'roofline' without one. */
  runtime: string;
  price_per_gpu_hour: number | null;
  workload: NormalizedWorkload;
  scheduler: { max_num_seqs: number; max_num_batched_tokens: number; block_size: number; gpu_memory_utilization: number };
  sla: ServingSlaWire;
}

export interface NormalizedWorkload {
  arrival: ArrivalKind;
  request_rate: number | null;
  concurrency: number | null;
  num_requests: number;
  input_tokens: LengthDistributionWire;
  output_tokens: LengthDistributionWire;
  seed: number;
}

export interface LoadCurvePoint {
  request_rate: number;
  achieved_requests_per_second: number;
  output_tokens_per_second: number;
  ttft_seconds: PercentilesWire;
  tpot_seconds: PercentilesWire;
  sla_met: boolean | null;
}

export interface ConcurrencyCurvePoint {
  concurrency: number;
  requests_per_second: number;
  output_tokens_per_second: number;
  tpot_p50_seconds: number;
  ttft_p50_seconds: number;
}

export interface ServingResponse {
  id: string;
  timestamp: string;
  source: CalculationSource;
  kind: 'serving';
  inputs: NormalizedServingRequest;
  model_summary: { name: string; family: string; total_parameters: number; active_parameters: number };
  gpu_summary: { name: string; memory_bytes: number; memory_bandwidth_bytes_per_second: number };
  fits: boolean;
  reason: string | null;
  deployment: { num_gpus: number; tensor_parallel: number; replicas: number; precision: WeightFormat; kv_cache_precision: KvCacheFormat };
  throughput: ServingThroughputWire;
  latency: ServingLatencyWire;
  kv_pool: {
    capacity_tokens: number;
    block_size: number;
    blocks: number;
    peak_used_fraction: number;
    preemptions: number;
    bytes_per_token_per_gpu: number;
    pool_bytes_per_gpu: number;
    weights_bytes_per_gpu: number;
  };
  requests: { total: number; finished: number; refused: number };
  simulation: { duration_seconds: number; steps: number; peak_running: number };
  sla: {
    targets: ServingSlaWire;
    met: boolean | null;
    failures: string[];
    max_request_rate: number | null;
    saturation_request_rate: number;
  };
  cost: ServingCostWire;
  curves: {
    latency_vs_rate: LoadCurvePoint[];
    throughput_vs_concurrency: ConcurrencyCurvePoint[];
    knee_request_rate: number | null;
  } | null;
  definitions: typeof SERVING_DEFINITIONS;
  warnings: string[];
}

export interface RecommendOptionWire {
  gpu: string;
  name: string;
  num_gpus: number;
  tensor_parallel: number;
  replicas: number;
  precision: WeightFormat;
  kv_cache_precision: KvCacheFormat;
  runtime: string;
  max_request_rate_per_replica: number | null;
  throughput: ServingThroughputWire;
  latency: ServingLatencyWire;
  cost: ServingCostWire;
}

export interface RecommendRejectionWire {
  gpu: string;
  runtime: string;
  name: string;
  precision: WeightFormat;
  tensor_parallel: number | null;
  reason: string;
  detail: string;
}

export interface RecommendResponse {
  id: string;
  timestamp: string;
  source: CalculationSource;
  kind: 'recommend';
  inputs: {
    model: string | null;
    custom_model: ModelArchitecture | null;
    gpus: string[];
    precisions: WeightFormat[];
    runtimes: string[];
    tensor_parallel: number[];
    max_gpus: number;
    workload: NormalizedWorkload;
    sla: ServingSlaWire;
    scheduler: NormalizedServingRequest['scheduler'];
  };
  model_summary: { name: string; family: string; total_parameters: number; active_parameters: number };
  options: RecommendOptionWire[];
  best: RecommendOptionWire | null;
  rejected: RecommendRejectionWire[];
  searched: number;
  definitions: typeof SERVING_DEFINITIONS;
  warnings: string[];
}
