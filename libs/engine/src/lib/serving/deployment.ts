import { assert, assertPositiveInteger } from '../errors';
import { parameterCounts, type ParameterCounts } from '../parameters';
import type { GpuSpec, KvCacheFormat, ModelArchitecture, WeightFormat } from '../types';
import { summarize, type Percentiles, type ServingMetrics } from './metrics';
import { simulateServing, type SimulationResult } from './scheduler';
import { checkRuntimeSupport, isProfile, type RuntimeProfile } from '../runtime';
import { profileKvPool, profileStepCost } from './profile-step-cost';
import { kvPool, rooflineStepCost, type KvPool, type StepCostModel } from './step-cost';
import { servingTraits, type ServingTraits } from './serving-traits';
import { generateTrace, validateWorkload, type ServingWorkload, type TraceRequest } from './workload';

/** The server's scheduler settings (vLLM's names). */
export interface ServingSchedulerOptions {
  maxNumSeqs: number;
  maxBatchedTokens: number;
  blockSize: number;
  gpuMemoryUtilization: number;
}

/** vLLM V1 defaults on a datacenter GPU (max_num_seqs 256, max_num_batched_tokens 8192, block 16, utilization 0.9). */
export const DEFAULT_SCHEDULER: Readonly<ServingSchedulerOptions> = {
  maxNumSeqs: 256,
  maxBatchedTokens: 8192,
  blockSize: 16,
  gpuMemoryUtilization: 0.9,
};

/** One deployment: a model on `replicas` copies of a tensor-parallel group of `tensorParallel` GPUs. */
export interface DeploymentConfig {
  model: ModelArchitecture;
  gpu: GpuSpec;
  weightFormat: WeightFormat;
  kvCacheFormat: KvCacheFormat;
  tensorParallel: number;
  replicas: number;
  computeEfficiency: number;
  memoryEfficiency: number;
  stepOverheadSeconds?: number;
  scheduler: ServingSchedulerOptions;
  pricePerGpuHour: number | null;
  /** The serving stack: its step costs and KV pool (absent or 'roofline': the plain roofline and the vLLM-like pool). */
  runtime?: RuntimeProfile;
  /** Under a runtime profile: explicit efficiencies replace the profile's (computeEfficiency/memoryEfficiency are then unused). */
  computeEfficiencyOverride?: number;
  memoryEfficiencyOverride?: number;
  /** A step-cost model to use instead of either. */
  stepCost?: StepCostModel;
  /** Host seconds per sequence per step for Python-scheduled runtimes (default PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE; serving-traits.ts). */
  hostSecondsPerSequence?: number;
  /** FP8 compute factor of serving steps under a runtime profile (default SERVING_FP8_COMPUTE_FACTOR; serving-traits.ts). */
  fp8ComputeFactor?: number;
}

export interface PreparedDeployment {
  config: DeploymentConfig;
  counts: ParameterCounts;
  cost: StepCostModel;
  pool: KvPool;
  poolBlocks: number;
  numGpus: number;
  traits: ServingTraits;
}

/** Builds the step-cost model and the KV pool of a deployment (throws EngineError for an unsupported precision). */
export function prepareDeployment(config: DeploymentConfig): PreparedDeployment {
  assertPositiveInteger(config.tensorParallel, 'tensor_parallel');
  assertPositiveInteger(config.replicas, 'replicas');
  const counts = parameterCounts(config.model);
  const profile = isProfile(config.runtime) ? config.runtime : undefined;
  // As calculate: formats the runtime has no kernels for, tensor parallel across GPUs with no link.
  checkRuntimeSupport(
    config.gpu,
    { weightFormat: config.weightFormat, kvCacheFormat: config.kvCacheFormat, tensorParallel: config.tensorParallel, pipelineParallel: 1 },
    config.runtime,
    config.model.num_layers,
  );
  const traits = servingTraits(profile, config.hostSecondsPerSequence, config.fp8ComputeFactor);
  const poolOptions = {
    weightFormat: config.weightFormat,
    kvCacheFormat: config.kvCacheFormat,
    tensorParallel: config.tensorParallel,
    gpuMemoryUtilization: config.scheduler.gpuMemoryUtilization,
    maxBatchedTokens: config.scheduler.maxBatchedTokens,
    maxNumSeqs: config.scheduler.maxNumSeqs,
  };
  const costOptions = {
    weightFormat: config.weightFormat,
    kvCacheFormat: config.kvCacheFormat,
    tensorParallel: config.tensorParallel,
    computeEfficiency: config.computeEfficiency,
    memoryEfficiency: config.memoryEfficiency,
    stepOverheadSeconds: config.stepOverheadSeconds,
    computeEfficiencyOverride: config.computeEfficiencyOverride,
    memoryEfficiencyOverride: config.memoryEfficiencyOverride,
    hostSecondsPerSequence: traits.hostSecondsPerSequence,
    fp8ComputeFactor: traits.fp8ComputeFactor ?? undefined,
  };
  const cost =
    config.stepCost ??
    (profile ? profileStepCost(config.model, config.gpu, costOptions, profile, counts) : undefined) ??
    rooflineStepCost(
      config.model,
      config.gpu,
      {
        weightFormat: config.weightFormat,
        kvCacheFormat: config.kvCacheFormat,
        tensorParallel: config.tensorParallel,
        computeEfficiency: config.computeEfficiency,
        memoryEfficiency: config.memoryEfficiency,
        stepOverheadSeconds: config.stepOverheadSeconds,
      },
      counts,
    );
  const pool = profile
    ? profileKvPool(config.model, config.gpu, poolOptions, profile, counts)
    : kvPool(config.model, config.gpu, poolOptions, counts);
  return {
    config,
    counts,
    cost,
    pool,
    poolBlocks: Math.floor(pool.capacityTokens / config.scheduler.blockSize),
    numGpus: config.tensorParallel * config.replicas,
    traits,
  };
}

/** The longest request (input + output tokens) of a trace. */
export function longestRequest(trace: readonly TraceRequest[]): number {
  let longest = 0;
  for (const r of trace) longest = Math.max(longest, r.inputTokens + r.outputTokens);
  return longest;
}

/** Whether the pool holds the trace's longest request (input plus output); why not when it does not. */
export function fitsWorkload(d: PreparedDeployment, trace: readonly TraceRequest[]): { fits: boolean; reason: string | null } {
  const longest = longestRequest(trace);
  const capacity = d.poolBlocks * d.config.scheduler.blockSize;
  if (capacity >= longest) return { fits: true, reason: null };
  const gb = (x: number) => `${(x / 1e9).toFixed(1)} GB`;
  const reason =
    d.pool.poolBytes <= 0
      ? `${gb(d.pool.weightsBytes)} of weights per GPU leave no KV pool in ${gb(d.pool.usableBytes)} (gpu_memory_utilization)`
      : `the KV pool holds ${capacity} tokens, less than one request of ${longest} (input + output)`;
  return { fits: false, reason };
}

/** The workload one replica sees: the rate, users and requests divided by the replicas. */
export function perReplicaWorkload(w: ServingWorkload, replicas: number): ServingWorkload {
  if (replicas <= 1) return w;
  return {
    ...w,
    numRequests: Math.max(1, Math.ceil(w.numRequests / replicas)),
    requestRate: w.requestRate != null ? w.requestRate / replicas : undefined,
    concurrency: w.concurrency != null ? Math.max(1, Math.round(w.concurrency / replicas)) : undefined,
  };
}

export interface ReplicaRun {
  trace: TraceRequest[];
  simulation: SimulationResult;
  metrics: ServingMetrics;
}

/** Simulates one replica on a workload (already per replica). */
export function runReplica(d: PreparedDeployment, w: ServingWorkload, trace: TraceRequest[] = generateTrace(w)): ReplicaRun {
  const s = d.config.scheduler;
  const simulation = simulateServing({
    trace,
    arrival: w.arrival,
    requestRate: w.requestRate,
    concurrency: w.concurrency,
    cost: d.cost,
    scheduler: {
      maxNumSeqs: s.maxNumSeqs,
      maxBatchedTokens: s.maxBatchedTokens,
      blockSize: s.blockSize,
      poolBlocks: d.poolBlocks,
      reserveFullSequence: d.traits.reserveFullSequence,
    },
  });
  return { trace, simulation, metrics: summarize(trace, simulation) };
}

export const SLA_METRICS = ['ttft', 'tpot', 'e2e'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export const SLA_PERCENTILES = ['p50', 'p90', 'p99'] as const;
export type SlaPercentile = (typeof SLA_PERCENTILES)[number];
/** Latency targets in seconds, e.g. { ttft: { p90: 1 }, tpot: { p90: 0.05 } }. */
export type Sla = Partial<Record<SlaMetric, Partial<Record<SlaPercentile, number>>>>;

export interface SlaCheck {
  met: boolean;
  /** One line per target missed: "TTFT p90 1.42 s > 1 s". */
  failures: string[];
  /** The metrics that missed (ttft, tpot, e2e). */
  failed: SlaMetric[];
}

const METRIC_LABEL: Record<SlaMetric, string> = { ttft: 'TTFT', tpot: 'TPOT', e2e: 'e2e' };

function seconds(x: number): string {
  return x >= 1 ? `${x.toPrecision(3)} s` : `${(x * 1000).toPrecision(3)} ms`;
}

/** Whether metrics meet every target of the SLA (an empty SLA is met). */
export function checkSla(m: ServingMetrics, sla: Sla): SlaCheck {
  const failures: string[] = [];
  const failed: SlaMetric[] = [];
  const by: Record<SlaMetric, Percentiles> = { ttft: m.ttftSeconds, tpot: m.tpotSeconds, e2e: m.e2eSeconds };
  if (m.finished === 0) return { met: false, failures: ['no request finished'], failed: [] };
  for (const metric of SLA_METRICS) {
    const targets = sla[metric];
    if (!targets) continue;
    for (const p of SLA_PERCENTILES) {
      const limit = targets[p];
      if (limit == null) continue;
      const value = by[metric][p];
      if (Number.isFinite(value) && value > limit) {
        failures.push(`${METRIC_LABEL[metric]} ${p} ${seconds(value)} > ${seconds(limit)}`);
        if (!failed.includes(metric)) failed.push(metric);
      }
    }
  }
  return { met: failures.length === 0, failures, failed };
}

/** True when the SLA sets at least one latency target. */
export function hasTargets(sla: Sla): boolean {
  return SLA_METRICS.some((m) => SLA_PERCENTILES.some((p) => sla[m]?.[p] != null));
}

/**
 * Analytic capacity of one replica (requests/s) in steady state under saturation: B sequences
 * decode at the mean context of a running sequence (input + E[O^2] / (2 E[O])), and every step also prefills the B * input /
 * output tokens that keep the batch full; B is bounded by max_num_seqs, the token budget and the
 * KV pool. One step-cost evaluation: the ceiling the rate search does not go beyond.
 */
export function analyticCapacity(
  d: PreparedDeployment,
  meanInput: number,
  meanOutput: number,
  meanSquareOutput = meanOutput * meanOutput,
): number {
  const s = d.config.scheduler;
  // A running sequence is length-biased: long answers stay in the batch longer, so its mean
  // output length is E[O^2] / E[O], and it is half way through it on average.
  // Under full-sequence reservation (serving-traits.ts) each one holds the blocks of its whole answer.
  const inFlight = meanInput + meanSquareOutput / Math.max(1, meanOutput) / (d.traits.reserveFullSequence ? 1 : 2);
  const ratio = meanInput / Math.max(1, meanOutput);
  let b = Math.min(s.maxNumSeqs, (d.poolBlocks * s.blockSize) / inFlight, s.maxBatchedTokens / (1 + ratio));
  b = Math.max(1, b);
  const prefill = b * ratio;
  const tau = d.cost.stepSeconds({
    decodeSeqs: b,
    decodeKeyLayers: b * d.cost.contextLayers(inFlight),
    prefillTokens: prefill,
    prefillSeqs: prefill / Math.max(1, meanInput),
    prefillKeyLayers: prefill * d.cost.contextLayers(meanInput / 2),
    prefillCachedLayers: 0,
  });
  return tau > 0 ? b / (Math.max(1, meanOutput) * tau) : 0;
}

/**
 * The offline maximum: an upper bound on the output tokens/s of any schedule of these requests on
 * one replica. Every token of every prompt and answer goes through the block matmuls at least
 * once and every sampled token through the head, at no more than the highest FLOP rate a step
 * reaches; and the longest answer needs one step per output token, each at least the cheapest
 * step. Output tokens / the larger of the two times.
 */
export function offlineMaximumOutputTokensPerSecond(d: PreparedDeployment, trace: readonly TraceRequest[]): number {
  let flops = 0;
  let output = 0;
  let longest = 0;
  for (const r of trace) {
    flops += d.cost.matmulFlopsPerToken * (r.inputTokens + r.outputTokens - 1) + d.cost.headFlopsPerToken * r.outputTokens;
    output += r.outputTokens;
    longest = Math.max(longest, r.outputTokens);
  }
  const seconds = Math.max(flops / d.cost.peakFlopsPerSecond, longest * d.cost.minStepSeconds);
  return seconds > 0 ? output / seconds : Infinity;
}

export interface RateSearchOptions {
  /** Requests per probe (a capped trace keeps the search fast). Default 2000. */
  maxRequests?: number;
  /** Bisection steps. Default 12. */
  iterations?: number;
}

export interface RateSearchResult {
  /** Highest Poisson rate (requests/s, one replica) meeting the SLA; 0 when even a light load misses it. */
  maxRequestRate: number;
  /** Analytic saturation throughput (requests/s, see analyticCapacity): the rate the search does not go beyond. */
  saturationRate: number;
  /** The SLA check at the lightest load probed, when it failed (why the SLA cannot be met). */
  lightLoadCheck: SlaCheck | null;
  probes: number;
}

/**
 * The highest request rate one replica sustains within the SLA: bisection on the Poisson rate of
 * one seeded trace scaled in time (latencies rise with the rate), between a light load (1% of the
 * analytic saturation throughput) and that throughput itself.
 */
export function maxRateWithinSla(d: PreparedDeployment, w: ServingWorkload, sla: Sla, o: RateSearchOptions = {}): RateSearchResult {
  const numRequests = Math.min(w.numRequests, o.maxRequests ?? 2000);
  const base: ServingWorkload = { ...w, arrival: 'poisson', requestRate: 1, numRequests };
  const trace = generateTrace(base);
  let meanIn = 0;
  let meanOut = 0;
  let meanSquareOut = 0;
  for (const r of trace) {
    meanIn += r.inputTokens / trace.length;
    meanOut += r.outputTokens / trace.length;
    meanSquareOut += (r.outputTokens * r.outputTokens) / trace.length;
  }
  const saturation = analyticCapacity(d, meanIn, meanOut, meanSquareOut);
  let probes = 0;
  if (saturation <= 0)
    return { maxRequestRate: 0, saturationRate: 0, lightLoadCheck: { met: false, failures: ['no request finished'], failed: [] }, probes };
  const meets = (rate: number): SlaCheck => {
    probes++;
    return checkSla(runReplica(d, { ...base, requestRate: rate }, trace).metrics, sla);
  };
  let lo = saturation * 0.01;
  const light = meets(lo);
  if (!light.met) return { maxRequestRate: 0, saturationRate: saturation, lightLoadCheck: light, probes };
  let hi = saturation;
  if (meets(hi).met) return { maxRequestRate: hi, saturationRate: saturation, lightLoadCheck: null, probes };
  const iterations = o.iterations ?? 12;
  for (let i = 0; i < iterations; i++) {
    const mid = Math.sqrt(lo * hi); // geometric: the interesting rates span two decades
    if (meets(mid).met) lo = mid;
    else hi = mid;
    if (hi / lo < 1.01) break;
  }
  return { maxRequestRate: lo, saturationRate: saturation, lightLoadCheck: null, probes };
}

export interface ServingCost {
  costPerHour: number | null;
  costPerMillionInputTokens: number | null;
  costPerMillionOutputTokens: number | null;
  /** All tokens (input + output) together. */
  costPerMillionTokens: number | null;
  /** The request rate the per-token costs are computed at. */
  atRequestRate: number;
}

/**
 * Cost at a load (calculation-model.md "Cost"): GPUs x price per hour, divided between input and
 * output tokens by the share of GPU time their prefill and decode work took, per million tokens.
 */
export function servingCost(pricePerGpuHour: number | null, numGpus: number, requestRate: number, m: ServingMetrics): ServingCost {
  if (pricePerGpuHour == null) {
    return {
      costPerHour: null,
      costPerMillionInputTokens: null,
      costPerMillionOutputTokens: null,
      costPerMillionTokens: null,
      atRequestRate: requestRate,
    };
  }
  const perHour = pricePerGpuHour * numGpus;
  const perMillion = (share: number, tokensPerRequest: number) =>
    requestRate > 0 && tokensPerRequest > 0 ? ((perHour * share) / (requestRate * tokensPerRequest * 3600)) * 1e6 : null;
  return {
    costPerHour: perHour,
    costPerMillionInputTokens: perMillion(m.prefillShare, m.meanInputTokens),
    costPerMillionOutputTokens: perMillion(1 - m.prefillShare, m.meanOutputTokens),
    costPerMillionTokens: perMillion(1, m.meanInputTokens + m.meanOutputTokens),
    atRequestRate: requestRate,
  };
}

export interface ServingEstimate {
  numGpus: number;
  replicas: number;
  tensorParallel: number;
  /** Whole-deployment throughput (replicas x one replica). */
  requestsPerSecond: number;
  inputTokensPerSecond: number;
  outputTokensPerSecond: number;
  totalTokensPerSecond: number;
  outputTokensPerSecondPerGpu: number;
  totalTokensPerSecondPerGpu: number;
  ttftSeconds: Percentiles;
  tpotSeconds: Percentiles;
  e2eSeconds: Percentiles;
  kvPool: {
    capacityTokens: number;
    blockSize: number;
    blocks: number;
    peakUsedFraction: number;
    preemptions: number;
    bytesPerToken: number;
    poolBytesPerGpu: number;
    weightsBytesPerGpu: number;
  };
  requests: { total: number; finished: number; refused: number };
  durationSeconds: number;
  steps: number;
  peakRunning: number;
  sla: { met: boolean | null; failures: string[]; maxRequestRate: number | null; saturationRate: number };
  cost: ServingCost;
}

/**
 * The serving estimate of a deployment under a workload: simulate one replica on its share,
 * scale throughput by the replicas, check the SLA and find the highest rate that meets it, and
 * price the tokens at that rate (or at the workload's own rate when there is no SLA).
 * Throws EngineError for invalid input; a deployment that does not fit is a result (fits: false).
 */
export function estimateServing(
  config: DeploymentConfig,
  workload: ServingWorkload,
  sla: Sla = {},
  search: RateSearchOptions = {},
): ServingEstimate & { fits: boolean; reason: string | null } {
  validateWorkload(workload);
  assert(config.scheduler.maxBatchedTokens >= 1, 'scheduler.max_num_batched_tokens', 'must be >= 1');
  const d = prepareDeployment(config);
  const R = config.replicas;
  const per = perReplicaWorkload(workload, R);
  const trace = generateTrace(per);
  const fit = fitsWorkload(d, trace);
  const run = runReplica(d, per, trace);
  const m = run.metrics;
  const check = hasTargets(sla) ? checkSla(m, sla) : null;
  const rate = hasTargets(sla) && fit.fits ? maxRateWithinSla(d, workload, sla, search) : null;
  const maxRate = rate ? rate.maxRequestRate * R : null;
  // Price at the SLA's highest rate when there is one (simulated there), else at the workload's own throughput.
  let costMetrics = m;
  let costRate = m.requestsPerSecond * R;
  if (rate && rate.maxRequestRate > 0) {
    const atMax = runReplica(d, {
      ...per,
      arrival: 'poisson',
      requestRate: rate.maxRequestRate,
      numRequests: Math.min(per.numRequests, search.maxRequests ?? 2000),
    });
    costMetrics = atMax.metrics;
    costRate = rate.maxRequestRate * R;
  }
  const gpus = d.numGpus;
  return {
    fits: fit.fits,
    reason: fit.reason,
    numGpus: gpus,
    replicas: R,
    tensorParallel: config.tensorParallel,
    requestsPerSecond: m.requestsPerSecond * R,
    inputTokensPerSecond: m.inputTokensPerSecond * R,
    outputTokensPerSecond: m.outputTokensPerSecond * R,
    totalTokensPerSecond: m.totalTokensPerSecond * R,
    outputTokensPerSecondPerGpu: (m.outputTokensPerSecond * R) / gpus,
    totalTokensPerSecondPerGpu: (m.totalTokensPerSecond * R) / gpus,
    ttftSeconds: m.ttftSeconds,
    tpotSeconds: m.tpotSeconds,
    e2eSeconds: m.e2eSeconds,
    kvPool: {
      capacityTokens: d.poolBlocks * config.scheduler.blockSize,
      blockSize: config.scheduler.blockSize,
      blocks: d.poolBlocks,
      peakUsedFraction: d.poolBlocks > 0 ? run.simulation.peakBlocks / d.poolBlocks : 0,
      preemptions: run.simulation.preemptions * R,
      bytesPerToken: d.pool.bytesPerToken,
      poolBytesPerGpu: d.pool.poolBytes,
      weightsBytesPerGpu: d.pool.weightsBytes,
    },
    requests: { total: per.numRequests * R, finished: m.finished * R, refused: m.refused * R },
    durationSeconds: m.durationSeconds,
    steps: run.simulation.steps,
    peakRunning: run.simulation.peakRunning,
    sla: {
      met: check ? check.met && fit.fits : null,
      failures: check ? (fit.fits ? check.failures : [`does not fit: ${fit.reason as string}`]) : [],
      maxRequestRate: maxRate,
      saturationRate: (rate?.saturationRate ?? 0) * R,
    },
    cost: servingCost(config.pricePerGpuHour, gpus, costRate, costMetrics),
  };
}
