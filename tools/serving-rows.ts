/**
 * The measured serving runs (libs/presets/reference/serving-measured.json) and the simulation of
 * one run, shared by tools/serving-validation.ts and tools/serving-fit.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  estimateServing,
  type KvCacheFormat,
  type LengthDistribution,
  type ServingWorkload,
  type WeightFormat,
} from '@llm-calc/engine';
import { findRuntimeProfile } from '@llm-calc/presets';
import { resolveGpuPreset, resolveModelPreset } from '../libs/application/src/lib/resolve';

export interface Row {
  id: string;
  from_measured_json: string | null;
  source: string;
  url: string;
  framework: string;
  model: string;
  gpu: string;
  tensor_parallel: number;
  replicas: number;
  precision: WeightFormat;
  kv_cache_precision: KvCacheFormat;
  /** The runtime profile of the framework that was measured. */
  runtime: string;
  batching: 'static' | 'in-flight';
  workload: {
    arrival: ServingWorkload['arrival'];
    request_rate?: number;
    concurrency?: number;
    num_requests: number;
    input_tokens: LengthDistribution;
    output_tokens: LengthDistribution;
    seed: number;
  };
  scheduler: { max_num_seqs: number; max_num_batched_tokens: number; block_size: number; gpu_memory_utilization: number };
  metric: 'output_tokens_per_second_per_gpu' | 'output_tokens_per_second_total' | 'tpot_p50_seconds';
  value: number;
  unit: string;
  assumed: string[];
}

export const data = JSON.parse(readFileSync(resolve(__dirname, '../libs/presets/reference/serving-measured.json'), 'utf8')) as {
  throughput: Row[];
  latency: Row[];
};

/** Parameters of serving-traits.ts to try instead of the fitted constants (tools/serving-fit.ts). */
export interface TraitOverrides {
  hostSecondsPerSequence?: number;
  fp8ComputeFactor?: number;
}

/** The simulated value of a run's metric, with the runtime profile of the measured framework or the plain roofline. */
export function estimate(r: Row, withRuntime: boolean, overrides: TraitOverrides = {}): number {
  const model = resolveModelPreset(r.model).architecture;
  const gpu = resolveGpuPreset(r.gpu);
  const w = r.workload;
  const result = estimateServing(
    {
      model,
      gpu: gpu.spec,
      weightFormat: r.precision,
      kvCacheFormat: r.kv_cache_precision,
      tensorParallel: r.tensor_parallel,
      replicas: r.replicas,
      computeEfficiency: DEFAULT_COMPUTE_EFFICIENCY,
      memoryEfficiency: DEFAULT_MEMORY_EFFICIENCY,
      scheduler: {
        maxNumSeqs: r.scheduler.max_num_seqs,
        maxBatchedTokens: r.scheduler.max_num_batched_tokens,
        blockSize: r.scheduler.block_size,
        gpuMemoryUtilization: r.scheduler.gpu_memory_utilization,
      },
      pricePerGpuHour: null,
      runtime: withRuntime ? findRuntimeProfile(r.runtime) : undefined,
      ...overrides,
    },
    {
      arrival: w.arrival,
      requestRate: w.request_rate,
      concurrency: w.concurrency,
      numRequests: w.num_requests,
      inputTokens: w.input_tokens,
      outputTokens: w.output_tokens,
      seed: w.seed,
    },
  );
  if (!result.fits) throw new Error(`${r.id}: ${result.reason}`);
  if (r.metric === 'output_tokens_per_second_per_gpu') return result.outputTokensPerSecondPerGpu;
  if (r.metric === 'output_tokens_per_second_total') return result.outputTokensPerSecond;
  return result.tpotSeconds.p50;
}

/** The key runs are grouped by for leave-one-source-out cross-validation: the document's address. */
export function sourceOf(r: Row): string {
  return r.url;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
