import { EngineError } from '../errors';
import { supportsWeightFormat } from '../formats';
import type { RuntimeProfile } from '../runtime';
import type { GpuSpec, KvCacheFormat, ModelArchitecture, WeightFormat } from '../types';
import {
  checkSla,
  fitsWorkload,
  maxRateWithinSla,
  perReplicaWorkload,
  prepareDeployment,
  runReplica,
  servingCost,
  type DeploymentConfig,
  type PreparedDeployment,
  type ServingCost,
  type ServingSchedulerOptions,
  type Sla,
} from './deployment';
import type { ServingMetrics } from './metrics';
import { generateTrace, type ServingWorkload } from './workload';

/** A GPU kind the search may use. */
export interface RecommendGpu {
  id: string;
  spec: GpuSpec;
  pricePerGpuHour: number | null;
}

export interface RecommendInput {
  model: ModelArchitecture;
  gpus: readonly RecommendGpu[];
  /** Weight formats to try; the KV cache follows kvCacheFormatFor. */
  precisions: readonly WeightFormat[];
  /** KV format for a weight format (fp8 weights: fp8 KV; others: 16-bit). */
  kvCacheFormatFor: (w: WeightFormat) => KvCacheFormat;
  /** Tensor-parallel degrees to try (those that do not divide the heads are skipped). Default 1-8. */
  tensorParallel?: readonly number[];
  /** Most GPUs one deployment may use. Default 64. */
  maxGpus?: number;
  workload: ServingWorkload;
  sla: Sla;
  scheduler: ServingSchedulerOptions;
  computeEfficiency: number;
  memoryEfficiency: number;
  stepOverheadSeconds?: number;
  /** Requests per search probe. Default 120. */
  probeRequests?: number;
  /** Serving stacks to try (their step costs and pools); absent or empty: runtimeFor, else the plain roofline. */
  runtimes?: readonly RuntimeProfile[];
  /** The runtime of a GPU and formats when no runtimes are listed (the API's 'auto'). */
  runtimeFor?: (gpu: GpuSpec, weights: WeightFormat, kv: KvCacheFormat) => RuntimeProfile;
  /** Under runtime profiles: explicit efficiencies replace the profiles'. */
  computeEfficiencyOverride?: number;
  memoryEfficiencyOverride?: number;
}

export interface RecommendOption {
  gpu: string;
  /** Runtime profile id ('roofline' without one). */
  runtime: string;
  gpuName: string;
  precision: WeightFormat;
  kvCachePrecision: KvCacheFormat;
  tensorParallel: number;
  replicas: number;
  numGpus: number;
  /** Highest rate one replica sustains within the SLA (poisson workloads). */
  maxRequestRatePerReplica: number | null;
  metrics: ServingMetrics;
  /** Deployment-wide throughput (replicas x one replica). */
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  totalTokensPerSecond: number;
  cost: ServingCost;
}

export type RejectReason = 'does not fit' | 'precision not supported' | 'not supported' | 'TTFT' | 'TPOT' | 'e2e' | 'too many GPUs';

export interface RecommendRejection {
  gpu: string;
  runtime: string;
  gpuName: string;
  precision: WeightFormat;
  tensorParallel: number | null;
  reason: RejectReason;
  detail: string;
}

export interface RecommendResult {
  options: RecommendOption[];
  rejected: RecommendRejection[];
  /** Configurations examined (GPU x precision x tensor parallel). */
  searched: number;
}

export const DEFAULT_RECOMMEND_TP: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];

function rankCost(o: RecommendOption): [number, number] {
  return [o.cost.costPerHour ?? Infinity, o.cost.costPerMillionOutputTokens ?? Infinity];
}

/**
 * The deployments that meet an SLA for a workload, cheapest first (cost per hour, then per million
 * output tokens; unpriced GPUs last), and why the others do not. For each GPU kind x precision x
 * tensor-parallel degree: does the KV pool hold the longest request; the highest Poisson rate one
 * replica sustains within the SLA (a bisection of short seeded simulations); the replicas the
 * workload's rate (or users) needs; then a check simulation at that share of the load. For a
 * concurrency workload the replicas are found by checking closed-loop runs at users / replicas;
 * an offline workload takes one replica. Only the cheapest configuration per GPU count of each
 * GPU kind and precision is kept as an option.
 */
export function recommendDeployments(input: RecommendInput): RecommendResult {
  const options: RecommendOption[] = [];
  const rejected: RecommendRejection[] = [];
  const tps = input.tensorParallel ?? DEFAULT_RECOMMEND_TP;
  const maxGpus = input.maxGpus ?? 64;
  const probe = input.probeRequests ?? 120;
  const w = input.workload;
  let searched = 0;
  const heads = input.model.num_attention_heads;
  const probeTrace = generateTrace({
    ...w,
    numRequests: Math.min(w.numRequests, probe),
  });
  const runtimes: readonly (RuntimeProfile | undefined)[] = input.runtimes?.length ? input.runtimes : [undefined];
  for (const listed of runtimes) {
    for (const g of input.gpus) {
      for (const precision of input.precisions) {
        const runtime = listed ?? input.runtimeFor?.(g.spec, precision, input.kvCacheFormatFor(precision));
        const runtimeId = runtime?.id ?? 'roofline';
        if (!supportsWeightFormat(precision, g.spec)) {
          rejected.push({
            gpu: g.id,
            runtime: runtimeId,
            gpuName: g.spec.name,
            precision,
            tensorParallel: null,
            reason: 'precision not supported',
            detail: `${g.spec.name} cannot run ${precision}`,
          });
          continue;
        }
        const kv = input.kvCacheFormatFor(precision);
        for (const t of tps) {
          if (heads % t !== 0) continue;
          searched++;
          const config: DeploymentConfig = {
            model: input.model,
            gpu: g.spec,
            weightFormat: precision,
            kvCacheFormat: kv,
            tensorParallel: t,
            replicas: 1,
            computeEfficiency: input.computeEfficiency,
            memoryEfficiency: input.memoryEfficiency,
            stepOverheadSeconds: input.stepOverheadSeconds,
            scheduler: input.scheduler,
            pricePerGpuHour: g.pricePerGpuHour,
            runtime,
            computeEfficiencyOverride: input.computeEfficiencyOverride,
            memoryEfficiencyOverride: input.memoryEfficiencyOverride,
          };
          let d: PreparedDeployment;
          try {
            d = prepareDeployment(config);
          } catch (e) {
            if (e instanceof EngineError) {
              const reason: RejectReason =
                e.field === 'precision' || e.field === 'kv_cache_precision' ? 'precision not supported' : 'not supported';
              rejected.push({
                gpu: g.id,
                runtime: runtimeId,
                gpuName: g.spec.name,
                precision,
                tensorParallel: t,
                reason,
                detail: e.message,
              });
              if (reason === 'precision not supported') break;
              continue;
            }
            throw e;
          }
          const fit = fitsWorkload(d, probeTrace);
          if (!fit.fits) {
            rejected.push({
              gpu: g.id,
              runtime: runtimeId,
              gpuName: g.spec.name,
              precision,
              tensorParallel: t,
              reason: 'does not fit',
              detail: `TP ${t}: ${fit.reason as string}`,
            });
            continue;
          }
          if (t > maxGpus) {
            rejected.push({
              gpu: g.id,
              runtime: runtimeId,
              gpuName: g.spec.name,
              precision,
              tensorParallel: t,
              reason: 'too many GPUs',
              detail: `TP ${t} exceeds max_gpus ${maxGpus}`,
            });
            continue;
          }
          const option = planReplicas(d, g, precision, kv, input, maxGpus, probe);
          if ('reason' in option) rejected.push(option);
          else options.push(option);
          // A larger group only helps if this one missed the SLA or needs several replicas; keep searching either way
          // (TP 2 x 1 replica can beat TP 1 x 2 replicas), but stop once one group holds the whole load alone.
          if (!('reason' in option) && option.replicas === 1) break;
        }
      }
    }
  }
  options.sort((a, b) => {
    const [ah, am] = rankCost(a);
    const [bh, bm] = rankCost(b);
    return ah - bh || am - bm || a.numGpus - b.numGpus;
  });
  return { options, rejected, searched };
}

function planReplicas(
  d: PreparedDeployment,
  g: RecommendGpu,
  precision: WeightFormat,
  kv: KvCacheFormat,
  input: RecommendInput,
  maxGpus: number,
  probe: number,
): RecommendOption | RecommendRejection {
  const w = input.workload;
  const t = d.config.tensorParallel;
  const runtime = d.config.runtime?.id ?? 'roofline';
  const reject = (reason: RejectReason, detail: string): RecommendRejection => ({
    gpu: g.id,
    runtime,
    gpuName: g.spec.name,
    precision,
    tensorParallel: t,
    reason,
    detail,
  });
  const maxReplicas = Math.floor(maxGpus / t);
  const capped: ServingWorkload = {
    ...w,
    numRequests: Math.min(w.numRequests, probe),
  };
  let replicas = 1;
  let perReplicaRate: number | null = null;
  if (w.arrival === 'poisson') {
    const search = maxRateWithinSla(d, capped, input.sla, {
      maxRequests: probe,
      iterations: 8,
    });
    if (search.maxRequestRate <= 0) {
      const failed = search.lightLoadCheck?.failed[0];
      const reason: RejectReason = failed === 'tpot' ? 'TPOT' : failed === 'e2e' ? 'e2e' : 'TTFT';
      return reject(
        reason,
        `TP ${t}: misses the SLA even at light load (${search.lightLoadCheck?.failures.join('; ') ?? 'no request finished'})`,
      );
    }
    perReplicaRate = search.maxRequestRate;
    replicas = Math.ceil(((w.requestRate as number) / perReplicaRate) * (1 - 1e-9));
  } else if (w.arrival === 'concurrency') {
    replicas = 1;
  }
  replicas = Math.max(1, replicas);
  const trace = generateTrace({ ...capped, seed: capped.seed });
  // Check at the replica count; step up while the check misses (short probes are noisy near the knee).
  for (let tries = 0; tries < 40; tries++) {
    if (replicas > maxReplicas) {
      return reject('too many GPUs', `TP ${t}: needs ${replicas} replicas (${replicas * t} GPUs) > max_gpus ${maxGpus}`);
    }
    const per = perReplicaWorkload(capped, replicas);
    const run = runReplica(d, per, per.numRequests === capped.numRequests ? trace : undefined);
    const check = checkSla(run.metrics, input.sla);
    if (check.met || w.arrival === 'offline') {
      const m = run.metrics;
      const rate = w.arrival === 'poisson' ? (w.requestRate as number) : m.requestsPerSecond * replicas;
      return {
        gpu: g.id,
        runtime,
        gpuName: g.spec.name,
        precision,
        kvCachePrecision: kv,
        tensorParallel: t,
        replicas,
        numGpus: t * replicas,
        maxRequestRatePerReplica: perReplicaRate,
        metrics: m,
        requestsPerSecond: m.requestsPerSecond * replicas,
        outputTokensPerSecond: m.outputTokensPerSecond * replicas,
        totalTokensPerSecond: m.totalTokensPerSecond * replicas,
        cost: servingCost(g.pricePerGpuHour, t * replicas, rate, m),
      };
    }
    if (w.arrival === 'concurrency' && replicas >= (w.concurrency ?? 1)) {
      const failed = check.failed[0];
      return reject(
        failed === 'tpot' ? 'TPOT' : failed === 'e2e' ? 'e2e' : 'TTFT',
        `TP ${t}: misses the SLA even with one user per replica (${check.failures.join('; ')})`,
      );
    }
    const step = Math.max(replicas + 1, Math.ceil(replicas * 1.1));
    replicas = w.arrival === 'concurrency' ? Math.min(w.concurrency ?? 1, step) : step;
  }
  return reject('too many GPUs', `TP ${t}: no replica count up to ${replicas} met the SLA`);
}
