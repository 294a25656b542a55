import type { Params } from '@angular/router';
import type { LengthDistributionWire, RecommendResponse, ServingResponse, ServingSlaWire } from '@llm-calc/contracts';
import type { ArrivalKind, LengthDistributionKind, WeightFormat } from '@llm-calc/engine';
import { toCsv } from '../shared/export';
import type { RecommendRequest, ServingRequest, ServingWorkloadRequest } from './serving-api.service';

export const SERVING_PRECISIONS: readonly WeightFormat[] = ['bf16', 'fp16', 'fp8', 'int8', 'int4'];
export const ARRIVALS: readonly ArrivalKind[] = ['poisson', 'concurrency', 'offline'];
export const DISTRIBUTIONS: readonly LengthDistributionKind[] = ['fixed', 'uniform', 'lognormal'];
/** Serving stacks the page offers ('' = auto, as calculate: vLLM on datacenter GPUs); the server knows more. */
export const SERVING_RUNTIMES: readonly string[] = ['', 'vllm', 'sglang', 'tensorrt-llm', 'lmdeploy', 'transformers', 'roofline'];

/** Everything the /serving form holds (null = left empty: the server's default). */
export interface ServingFormValue {
  model: string;
  gpu: string;
  precision: WeightFormat;
  runtime: string;
  tensor_parallel: number;
  replicas: number;
  arrival: ArrivalKind;
  request_rate: number | null;
  concurrency: number | null;
  num_requests: number;
  input_distribution: LengthDistributionKind;
  input_mean: number | null;
  input_min: number | null;
  input_max: number | null;
  input_sigma: number | null;
  output_distribution: LengthDistributionKind;
  output_mean: number | null;
  output_min: number | null;
  output_max: number | null;
  output_sigma: number | null;
  seed: number;
  ttft_p90: number | null;
  tpot_p90: number | null;
  ttft_p99: number | null;
  tpot_p99: number | null;
  max_num_seqs: number | null;
  max_num_batched_tokens: number | null;
  gpu_memory_utilization: number | null;
}

export const DEFAULT_SERVING_FORM: ServingFormValue = {
  model: 'llama-3.1-8b',
  gpu: 'h100-sxm',
  precision: 'bf16',
  runtime: '',
  tensor_parallel: 1,
  replicas: 1,
  arrival: 'poisson',
  request_rate: 10,
  concurrency: 32,
  num_requests: 500,
  input_distribution: 'lognormal',
  input_mean: 1024,
  input_min: 256,
  input_max: 2048,
  input_sigma: 0.6,
  output_distribution: 'lognormal',
  output_mean: 256,
  output_min: 64,
  output_max: 512,
  output_sigma: 0.6,
  seed: 1,
  ttft_p90: 1,
  tpot_p90: 0.05,
  ttft_p99: null,
  tpot_p99: null,
  max_num_seqs: 256,
  max_num_batched_tokens: 8192,
  gpu_memory_utilization: 0.9,
};

function lengths(v: ServingFormValue, side: 'input' | 'output'): LengthDistributionWire {
  const d = v[`${side}_distribution`];
  const num = (x: number | null) => (x === null ? undefined : x);
  if (d === 'uniform') return { distribution: d, min: num(v[`${side}_min`]), max: num(v[`${side}_max`]) };
  if (d === 'lognormal') return { distribution: d, mean: num(v[`${side}_mean`]), sigma: num(v[`${side}_sigma`]) };
  return { distribution: d, mean: num(v[`${side}_mean`]) };
}

export function workloadOf(v: ServingFormValue): ServingWorkloadRequest {
  const w: ServingWorkloadRequest = {
    arrival: v.arrival,
    num_requests: v.num_requests,
    input_tokens: lengths(v, 'input'),
    output_tokens: lengths(v, 'output'),
    seed: v.seed,
  };
  if (v.arrival === 'poisson' && v.request_rate !== null) w.request_rate = v.request_rate;
  if (v.arrival === 'concurrency' && v.concurrency !== null) w.concurrency = v.concurrency;
  return w;
}

export function slaOf(v: ServingFormValue): ServingSlaWire {
  const sla: ServingSlaWire = {};
  if (v.ttft_p90 !== null) sla.ttft_p90_seconds = v.ttft_p90;
  if (v.tpot_p90 !== null) sla.tpot_p90_seconds = v.tpot_p90;
  if (v.ttft_p99 !== null) sla.ttft_p99_seconds = v.ttft_p99;
  if (v.tpot_p99 !== null) sla.tpot_p99_seconds = v.tpot_p99;
  return sla;
}

function schedulerOf(v: ServingFormValue): ServingRequest['scheduler'] {
  const s: NonNullable<ServingRequest['scheduler']> = {};
  if (v.max_num_seqs !== null) s.max_num_seqs = v.max_num_seqs;
  if (v.max_num_batched_tokens !== null) s.max_num_batched_tokens = v.max_num_batched_tokens;
  if (v.gpu_memory_utilization !== null) s.gpu_memory_utilization = v.gpu_memory_utilization;
  return s;
}

export function toServingRequest(v: ServingFormValue): ServingRequest {
  return {
    model: v.model,
    gpu: v.gpu,
    precision: v.precision,
    ...(v.runtime ? { runtime: v.runtime } : {}),
    tensor_parallel: v.tensor_parallel,
    replicas: v.replicas,
    workload: workloadOf(v),
    scheduler: schedulerOf(v),
    sla: slaOf(v),
    curves: true,
  };
}

export function toRecommendRequest(v: ServingFormValue, gpus?: string[]): RecommendRequest {
  return {
    model: v.model,
    ...(gpus?.length ? { gpus } : {}),
    ...(v.runtime ? { runtimes: [v.runtime] } : {}),
    workload: workloadOf(v),
    scheduler: schedulerOf(v),
    sla: slaOf(v),
  };
}

const KEYS = Object.keys(DEFAULT_SERVING_FORM) as (keyof ServingFormValue)[];
const STRING_KEYS = new Set<keyof ServingFormValue>([
  'model',
  'gpu',
  'precision',
  'runtime',
  'arrival',
  'input_distribution',
  'output_distribution',
]);

/** The form as URL query parameters (the request's field names; an empty field is left out). */
export function servingParamsFromValue(v: ServingFormValue): Params {
  const params: Params = {};
  for (const key of KEYS) {
    const value = v[key];
    if (value !== null && value !== '') params[key] = String(value);
  }
  return params;
}

/** The parts of the form a link gives; values that do not parse or name nothing known are left out. */
export function servingValueFromParams(params: Params, modelIds: readonly string[], gpuIds: readonly string[]): Partial<ServingFormValue> {
  const out: Partial<Record<keyof ServingFormValue, unknown>> = {};
  for (const key of KEYS) {
    const raw = params[key];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const text = raw.trim();
    if (STRING_KEYS.has(key)) {
      const ok =
        (key === 'model' && modelIds.includes(text)) ||
        (key === 'gpu' && gpuIds.includes(text)) ||
        (key === 'precision' && (SERVING_PRECISIONS as readonly string[]).includes(text)) ||
        (key === 'runtime' && SERVING_RUNTIMES.includes(text)) ||
        (key === 'arrival' && (ARRIVALS as readonly string[]).includes(text)) ||
        ((key === 'input_distribution' || key === 'output_distribution') && (DISTRIBUTIONS as readonly string[]).includes(text));
      if (ok) out[key] = text;
      continue;
    }
    const n = Number(text);
    if (Number.isFinite(n)) out[key] = n;
  }
  return out as Partial<ServingFormValue>;
}

/** CSV of the latency-vs-load curve and the throughput-vs-concurrency curve, one row per point. */
export function servingCsv(r: ServingResponse): string {
  const rows: (string | number | null)[][] = [];
  for (const p of r.curves?.latency_vs_rate ?? []) {
    rows.push([
      'latency_vs_rate',
      p.request_rate,
      null,
      p.achieved_requests_per_second,
      p.output_tokens_per_second,
      p.ttft_seconds.p50,
      p.ttft_seconds.p99,
      p.tpot_seconds.p50,
      p.tpot_seconds.p99,
    ]);
  }
  for (const p of r.curves?.throughput_vs_concurrency ?? []) {
    rows.push([
      'throughput_vs_concurrency',
      null,
      p.concurrency,
      p.requests_per_second,
      p.output_tokens_per_second,
      p.ttft_p50_seconds,
      null,
      p.tpot_p50_seconds,
      null,
    ]);
  }
  rows.push([
    'workload',
    r.inputs.workload.request_rate,
    r.inputs.workload.concurrency,
    r.throughput.requests_per_second,
    r.throughput.output_tokens_per_second,
    r.latency.ttft_seconds.p50,
    r.latency.ttft_seconds.p99,
    r.latency.tpot_seconds.p50,
    r.latency.tpot_seconds.p99,
  ]);
  return toCsv(
    [
      'series',
      'request_rate',
      'concurrency',
      'requests_per_second',
      'output_tokens_per_second',
      'ttft_p50_seconds',
      'ttft_p99_seconds',
      'tpot_p50_seconds',
      'tpot_p99_seconds',
    ],
    rows,
  );
}

/** CSV of the recommend options, cheapest first. */
export function recommendCsv(r: RecommendResponse): string {
  return toCsv(
    [
      'gpu',
      'precision',
      'tensor_parallel',
      'replicas',
      'num_gpus',
      'cost_per_hour',
      'cost_per_million_input_tokens',
      'cost_per_million_output_tokens',
      'ttft_p90_seconds',
      'tpot_p90_seconds',
      'output_tokens_per_second',
    ],
    r.options.map((o) => [
      o.gpu,
      o.precision,
      o.tensor_parallel,
      o.replicas,
      o.num_gpus,
      o.cost.cost_per_hour,
      o.cost.cost_per_million_input_tokens,
      o.cost.cost_per_million_output_tokens,
      o.latency.ttft_seconds.p90,
      o.latency.tpot_seconds.p90,
      o.throughput.output_tokens_per_second,
    ]),
  );
}
