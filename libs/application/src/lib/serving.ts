import {
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  DEFAULT_SCHEDULER,
  DEFAULT_STEP_OVERHEAD_SECONDS,
  estimateServing,
  generateTrace,
  parameterCounts,
  prepareDeployment,
  recommendDeployments,
  runReplica,
  validateWorkload,
  type DeploymentConfig,
  type KvCacheFormat,
  type Percentiles,
  type RecommendOption,
  type ServingCost,
  type ServingEstimate,
  type ServingMetrics,
  type ServingSchedulerOptions,
  type RuntimeProfile,
  type ServingWorkload,
  type Sla,
  type WeightFormat,
} from '@llm-calc/engine';
import { closestIds, findRuntimeProfile, GPU_PRESETS, RUNTIME_IDS } from '@llm-calc/presets';
import {
  RequestError,
  SERVING_DEFINITIONS,
  type CalculationSource,
  type NormalizedServingRequest,
  type NormalizedWorkload,
  type PercentilesWire,
  type RecommendOptionWire,
  type RecommendResponse,
  type ServingCostWire,
  type ServingResponse,
  type ServingSlaWire,
} from '@llm-calc/contracts';
import type { RecommendRequestDto, SchedulerDto, ServingBaseDto, ServingRequestDto, SlaDto } from '@llm-calc/dto';
import {
  asRequestError,
  customArchitecture,
  customGpu,
  resolveGpuPreset,
  resolveModelPreset,
  type ResolvedGpu,
  type ResolvedModel,
} from './resolve';
import { AUTO_RUNTIME, chooseRuntime } from './runtime-choice';

export interface ServingMeta {
  id: string;
  timestamp: string;
  source: CalculationSource;
}

export const DEFAULT_RECOMMEND_PRECISIONS: readonly WeightFormat[] = ['bf16', 'fp8', 'int4'];

/** KV format by default: fp8 with fp8 weights (as vLLM/TensorRT-LLM FP8 checkpoints run), else bf16. */
export function defaultKvFormat(w: WeightFormat): KvCacheFormat {
  return w === 'fp8' ? 'fp8' : w === 'fp32' ? 'fp32' : w === 'fp16' ? 'fp16' : 'bf16';
}

/** A runtime profile by id, or a 400 naming it with the closest ids. */
export function resolveRuntime(id: string, field = 'runtime'): RuntimeProfile {
  const profile = findRuntimeProfile(id);
  if (profile) return profile;
  const close = closestIds(id.slice(0, 100), RUNTIME_IDS);
  const shown = id.length > 60 ? `${id.slice(0, 60)}…` : id;
  throw RequestError.of(400, [
    {
      field,
      code: 'unknownPreset',
      text: `${field} '${shown}' is not a known runtime.${close.length ? ` Did you mean: ${close.join(', ')}?` : ''} (known: ${RUNTIME_IDS.join(', ')})`,
    },
  ]);
}

function resolveModel(dto: ServingBaseDto): ResolvedModel {
  if (dto.model != null && dto.custom_model != null) throw new RequestError(400, ['give either model or custom_model, not both']);
  if (dto.custom_model != null) return { id: null, family: 'Custom', architecture: customArchitecture(dto.custom_model) };
  if (dto.model == null) throw new RequestError(400, ['model or custom_model is required']);
  return resolveModelPreset(dto.model);
}

function normalizeWorkload(dto: ServingBaseDto): NormalizedWorkload {
  const w = dto.workload;
  const n: NormalizedWorkload = {
    arrival: w.arrival,
    request_rate: w.arrival === 'poisson' ? (w.request_rate as number) : null,
    concurrency: w.arrival === 'concurrency' ? (w.concurrency as number) : null,
    num_requests: w.num_requests ?? 1000,
    input_tokens: { ...w.input_tokens },
    output_tokens: { ...w.output_tokens },
    seed: w.seed ?? 1,
  };
  for (const [field, d] of [
    ['input_tokens', n.input_tokens],
    ['output_tokens', n.output_tokens],
  ] as const) {
    if (d.distribution === 'uniform' && (d.max as number) < (d.min as number))
      throw new RequestError(400, [`workload.${field}.max must be >= min`]);
    if (d.distribution !== 'uniform' && d.max != null && d.min != null && d.max < d.min)
      throw new RequestError(400, [`workload.${field}.max must be >= min`]);
  }
  asRequestError(() => validateWorkload(toEngineWorkload(n)));
  return n;
}

export function toEngineWorkload(n: NormalizedWorkload): ServingWorkload {
  return {
    arrival: n.arrival,
    requestRate: n.request_rate ?? undefined,
    concurrency: n.concurrency ?? undefined,
    numRequests: n.num_requests,
    inputTokens: n.input_tokens,
    outputTokens: n.output_tokens,
    seed: n.seed,
  };
}

/** Scheduler defaults: vLLM's, with a runtime's own KV block and pool fraction where it has them. */
function normalizeScheduler(s: SchedulerDto | undefined, runtime?: RuntimeProfile): NormalizedServingRequest['scheduler'] {
  const block =
    runtime?.kind === 'profile' && runtime.memory.kvBlockTokens > 1 ? runtime.memory.kvBlockTokens : DEFAULT_SCHEDULER.blockSize;
  const fraction =
    runtime?.kind === 'profile'
      ? (runtime.memory.kvPool?.defaultFraction ?? DEFAULT_SCHEDULER.gpuMemoryUtilization)
      : DEFAULT_SCHEDULER.gpuMemoryUtilization;
  return {
    max_num_seqs: s?.max_num_seqs ?? DEFAULT_SCHEDULER.maxNumSeqs,
    max_num_batched_tokens: s?.max_num_batched_tokens ?? DEFAULT_SCHEDULER.maxBatchedTokens,
    block_size: s?.block_size ?? block,
    gpu_memory_utilization: s?.gpu_memory_utilization ?? fraction,
  };
}

function engineScheduler(s: NormalizedServingRequest['scheduler']): ServingSchedulerOptions {
  return {
    maxNumSeqs: s.max_num_seqs,
    maxBatchedTokens: s.max_num_batched_tokens,
    blockSize: s.block_size,
    gpuMemoryUtilization: s.gpu_memory_utilization,
  };
}

/** The SLA DTO as the engine's nested targets. */
export function toEngineSla(s: SlaDto | undefined): Sla {
  const sla: Sla = {};
  if (!s) return sla;
  for (const metric of ['ttft', 'tpot', 'e2e'] as const) {
    for (const p of ['p50', 'p90', 'p99'] as const) {
      const v = s[`${metric}_${p}_seconds`];
      if (v != null) (sla[metric] ??= {})[p] = v;
    }
  }
  return sla;
}

function compactSla(s: SlaDto | undefined): ServingSlaWire {
  const out: ServingSlaWire = {};
  for (const [k, v] of Object.entries(s ?? {})) if (v != null) (out as Record<string, number>)[k] = v as number;
  return out;
}

const pct = (p: Percentiles): PercentilesWire => ({ p50: p.p50, p90: p.p90, p99: p.p99, mean: p.mean });

function costWire(c: ServingCost, price: number | null): ServingCostWire {
  return {
    price_per_gpu_hour: price,
    cost_per_hour: c.costPerHour,
    cost_per_million_input_tokens: c.costPerMillionInputTokens,
    cost_per_million_output_tokens: c.costPerMillionOutputTokens,
    cost_per_million_tokens: c.costPerMillionTokens,
    at_request_rate: c.atRequestRate,
  };
}

export interface ResolvedServing {
  normalized: NormalizedServingRequest;
  model: ResolvedModel;
  gpu: ResolvedGpu;
  config: DeploymentConfig;
  workload: ServingWorkload;
  sla: Sla;
}

/** Validated DTO -> presets looked up, defaults filled, GPU counts made consistent (400 naming the field otherwise). */
export function resolveServingRequest(dto: ServingRequestDto): ResolvedServing {
  const problems: string[] = [];
  if (dto.gpu != null && dto.custom_gpu != null) problems.push('give either gpu or custom_gpu, not both');
  if (dto.gpu == null && dto.custom_gpu == null) problems.push('gpu or custom_gpu is required');
  if (problems.length) throw new RequestError(400, problems);
  const model = resolveModel(dto);
  const gpu: ResolvedGpu =
    dto.custom_gpu != null
      ? { id: null, family: 'Custom', spec: customGpu(dto.custom_gpu), pricePerGpuHour: null }
      : resolveGpuPreset(dto.gpu as string);
  const t = dto.tensor_parallel ?? 1;
  let replicas = dto.replicas;
  if (dto.num_gpus != null) {
    if (dto.num_gpus % t !== 0) throw new RequestError(400, [`num_gpus (${dto.num_gpus}) must be a multiple of tensor_parallel (${t})`]);
    if (replicas != null && replicas * t !== dto.num_gpus)
      throw new RequestError(400, [`num_gpus (${dto.num_gpus}) must equal tensor_parallel x replicas (${t} x ${replicas})`]);
    replicas = dto.num_gpus / t;
  }
  replicas ??= 1;
  const precision = dto.precision ?? 'bf16';
  // As calculate: 'auto' (the default) is the stack a user of this GPU and format runs (vLLM on datacenter GPUs).
  const kvFormat = dto.kv_cache_precision ?? defaultKvFormat(precision);
  const runtime =
    dto.runtime != null && dto.runtime !== AUTO_RUNTIME
      ? resolveRuntime(dto.runtime)
      : chooseRuntime(undefined, gpu.spec, precision, kvFormat);
  const profiled = runtime !== undefined && runtime.kind === 'profile';
  const normalized: NormalizedServingRequest = {
    model: model.id,
    custom_model: model.id === null ? model.architecture : null,
    gpu: gpu.id,
    custom_gpu: gpu.id === null ? gpu.spec : null,
    precision,
    kv_cache_precision: kvFormat,
    tensor_parallel: t,
    replicas,
    num_gpus: t * replicas,
    efficiency: dto.efficiency ?? DEFAULT_COMPUTE_EFFICIENCY,
    memory_efficiency: dto.memory_efficiency ?? DEFAULT_MEMORY_EFFICIENCY,
    step_overhead_seconds: dto.step_overhead_seconds ?? (profiled ? null : DEFAULT_STEP_OVERHEAD_SECONDS),
    runtime: runtime?.id ?? 'roofline',
    price_per_gpu_hour: dto.price_per_gpu_hour ?? gpu.pricePerGpuHour,
    workload: normalizeWorkload(dto),
    scheduler: normalizeScheduler(dto.scheduler, runtime),
    sla: compactSla(dto.sla),
  };
  const config: DeploymentConfig = {
    model: model.architecture,
    gpu: gpu.spec,
    weightFormat: normalized.precision,
    kvCacheFormat: normalized.kv_cache_precision,
    tensorParallel: t,
    replicas,
    computeEfficiency: normalized.efficiency,
    memoryEfficiency: normalized.memory_efficiency,
    stepOverheadSeconds: normalized.step_overhead_seconds ?? undefined,
    scheduler: engineScheduler(normalized.scheduler),
    pricePerGpuHour: normalized.price_per_gpu_hour,
    runtime,
    // Under a runtime profile only explicit efficiencies replace the profile's (as in calculate).
    computeEfficiencyOverride: profiled ? dto.efficiency : undefined,
    memoryEfficiencyOverride: profiled ? dto.memory_efficiency : undefined,
  };
  // An unsupported precision is a 400 naming both.
  asRequestError(() => prepareDeployment(config));
  return { normalized, model, gpu, config, workload: toEngineWorkload(normalized.workload), sla: toEngineSla(dto.sla) };
}

const CURVE_REQUESTS = 300;

/** Latency against Poisson rate (fractions of saturation) and throughput against closed-loop users, one seeded trace. */
function loadCurves(r: ResolvedServing, e: ServingEstimate): NonNullable<ServingResponse['curves']> {
  const d = prepareDeployment({ ...r.config, replicas: 1 });
  const R = r.config.replicas;
  const base: ServingWorkload = {
    ...r.workload,
    arrival: 'poisson',
    numRequests: Math.min(r.workload.numRequests, CURVE_REQUESTS),
    requestRate: 1,
  };
  const trace = generateTrace(base);
  const saturation = e.sla.saturationRate > 0 ? e.sla.saturationRate / R : analyticSaturation(r);
  const fractions = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1];
  const hasSla = Object.keys(r.sla).length > 0;
  const latency = fractions.map((f) => {
    const rate = saturation * f;
    const m = runReplica(d, { ...base, requestRate: rate }, trace).metrics;
    return {
      request_rate: rate * R,
      achieved_requests_per_second: m.requestsPerSecond * R,
      output_tokens_per_second: m.outputTokensPerSecond * R,
      ttft_seconds: pct(m.ttftSeconds),
      tpot_seconds: pct(m.tpotSeconds),
      sla_met: hasSla ? slaMet(m, r.sla) : null,
    };
  });
  const light = latency[0]?.ttft_seconds.p99 ?? 0;
  const knee = latency.find((p) => p.ttft_seconds.p99 > 2 * light)?.request_rate ?? null;
  const users: number[] = [];
  for (let c = 1; c <= Math.max(1, r.config.scheduler.maxNumSeqs * 2) && users.length < 12; c *= 2) users.push(c);
  const conc = users.map((c) => {
    const m = runReplica(d, { ...base, arrival: 'concurrency', concurrency: c }, trace).metrics;
    return {
      concurrency: c * R,
      requests_per_second: m.requestsPerSecond * R,
      output_tokens_per_second: m.outputTokensPerSecond * R,
      tpot_p50_seconds: m.tpotSeconds.p50,
      ttft_p50_seconds: m.ttftSeconds.p50,
    };
  });
  return { latency_vs_rate: latency, throughput_vs_concurrency: conc, knee_request_rate: knee };
}

function analyticSaturation(r: ResolvedServing): number {
  const d = prepareDeployment({ ...r.config, replicas: 1 });
  const offline = runReplica(d, { ...r.workload, arrival: 'offline', numRequests: Math.min(r.workload.numRequests, CURVE_REQUESTS) });
  return Math.max(offline.metrics.requestsPerSecond, 1e-6);
}

function slaMet(m: ServingMetrics, sla: Sla): boolean {
  const by = { ttft: m.ttftSeconds, tpot: m.tpotSeconds, e2e: m.e2eSeconds };
  for (const metric of ['ttft', 'tpot', 'e2e'] as const) {
    for (const p of ['p50', 'p90', 'p99'] as const) {
      const limit = sla[metric]?.[p];
      if (limit != null && by[metric][p] > limit) return false;
    }
  }
  return true;
}

/** POST /api/serving: simulate the deployment, check the SLA, price the tokens. */
export function servingFromRequest(dto: ServingRequestDto, meta: ServingMeta): ServingResponse {
  const r = resolveServingRequest(dto);
  const e = asRequestError(() => estimateServing(r.config, r.workload, r.sla));
  const counts = parameterCounts(r.model.architecture);
  const warnings: string[] = [];
  if (!e.fits && e.reason) warnings.push(`The deployment ${e.reason}.`);
  if (e.requests.refused > 0) warnings.push(`${e.requests.refused} request(s) longer than the KV pool were refused (not in the figures).`);
  if (r.model.architecture.num_attention_heads % r.config.tensorParallel !== 0) {
    warnings.push(
      `tensor_parallel ${r.config.tensorParallel} does not divide the ${r.model.architecture.num_attention_heads} attention heads: serving frameworks refuse such a split.`,
    );
  }
  if (r.model.architecture.sliding_window != null)
    warnings.push('Sliding-window layers are pooled at full context (the pool is understated for this model).');
  return {
    id: meta.id,
    timestamp: meta.timestamp,
    source: meta.source,
    kind: 'serving',
    inputs: r.normalized,
    model_summary: {
      name: r.model.architecture.name,
      family: r.model.family,
      total_parameters: counts.total,
      active_parameters: counts.active,
    },
    gpu_summary: {
      name: r.gpu.spec.name,
      memory_bytes: r.gpu.spec.memory_bytes,
      memory_bandwidth_bytes_per_second: r.gpu.spec.memory_bandwidth_bytes_per_second,
    },
    fits: e.fits,
    reason: e.reason,
    deployment: {
      num_gpus: e.numGpus,
      tensor_parallel: e.tensorParallel,
      replicas: e.replicas,
      precision: r.normalized.precision,
      kv_cache_precision: r.normalized.kv_cache_precision,
    },
    throughput: {
      requests_per_second: e.requestsPerSecond,
      input_tokens_per_second: e.inputTokensPerSecond,
      output_tokens_per_second: e.outputTokensPerSecond,
      total_tokens_per_second: e.totalTokensPerSecond,
      output_tokens_per_second_per_gpu: e.outputTokensPerSecondPerGpu,
      total_tokens_per_second_per_gpu: e.totalTokensPerSecondPerGpu,
    },
    latency: { ttft_seconds: pct(e.ttftSeconds), tpot_seconds: pct(e.tpotSeconds), e2e_seconds: pct(e.e2eSeconds) },
    kv_pool: {
      capacity_tokens: e.kvPool.capacityTokens,
      block_size: e.kvPool.blockSize,
      blocks: e.kvPool.blocks,
      peak_used_fraction: e.kvPool.peakUsedFraction,
      preemptions: e.kvPool.preemptions,
      bytes_per_token_per_gpu: e.kvPool.bytesPerToken,
      pool_bytes_per_gpu: e.kvPool.poolBytesPerGpu,
      weights_bytes_per_gpu: e.kvPool.weightsBytesPerGpu,
    },
    requests: e.requests,
    simulation: { duration_seconds: e.durationSeconds, steps: e.steps, peak_running: e.peakRunning },
    sla: {
      targets: r.normalized.sla,
      met: e.sla.met,
      failures: e.sla.failures,
      max_request_rate: e.sla.maxRequestRate,
      saturation_request_rate: e.sla.saturationRate,
    },
    cost: costWire(e.cost, r.normalized.price_per_gpu_hour),
    curves: dto.curves && e.fits ? loadCurves(r, e) : null,
    definitions: SERVING_DEFINITIONS,
    warnings,
  };
}

function optionWire(o: RecommendOption): RecommendOptionWire {
  const m = o.metrics;
  return {
    gpu: o.gpu,
    name: o.gpuName,
    num_gpus: o.numGpus,
    tensor_parallel: o.tensorParallel,
    replicas: o.replicas,
    precision: o.precision,
    kv_cache_precision: o.kvCachePrecision,
    runtime: o.runtime,
    max_request_rate_per_replica: o.maxRequestRatePerReplica,
    throughput: {
      requests_per_second: o.requestsPerSecond,
      input_tokens_per_second: m.inputTokensPerSecond * o.replicas,
      output_tokens_per_second: o.outputTokensPerSecond,
      total_tokens_per_second: o.totalTokensPerSecond,
      output_tokens_per_second_per_gpu: o.outputTokensPerSecond / o.numGpus,
      total_tokens_per_second_per_gpu: o.totalTokensPerSecond / o.numGpus,
    },
    latency: { ttft_seconds: pct(m.ttftSeconds), tpot_seconds: pct(m.tpotSeconds), e2e_seconds: pct(m.e2eSeconds) },
    cost: costWire(o.cost, o.cost.costPerHour != null ? o.cost.costPerHour / o.numGpus : null),
  };
}

/** POST /api/recommend: search GPU x tensor parallel x precision x replicas for the deployments that meet the SLA. */
export function recommendFromRequest(dto: RecommendRequestDto, meta: ServingMeta): RecommendResponse {
  const model = resolveModel(dto);
  const workload = normalizeWorkload(dto);
  const ids = dto.gpus ?? GPU_PRESETS.map((g) => g.id);
  const gpus = ids.map((id) => resolveGpuPreset(id)).map((g) => ({ id: g.id as string, spec: g.spec, pricePerGpuHour: g.pricePerGpuHour }));
  const precisions = dto.precisions ?? [...DEFAULT_RECOMMEND_PRECISIONS];
  const tps = dto.tensor_parallel ?? [1, 2, 3, 4, 5, 6, 7, 8];
  const maxGpus = dto.max_gpus ?? 64;
  const runtimeIds = (dto.runtimes ?? (dto.runtime != null ? [dto.runtime] : [])).filter((id) => id !== AUTO_RUNTIME);
  const runtimes = runtimeIds.map((id) => resolveRuntime(id, dto.runtimes ? 'runtimes' : 'runtime'));
  // Nothing named (or 'auto'): each GPU and format under the runtime calculate would choose.
  const auto = runtimeIds.length === 0;
  const profiled = auto || runtimes.some((r) => r.kind === 'profile');
  const scheduler = normalizeScheduler(dto.scheduler, runtimes.length === 1 ? runtimes[0] : undefined);
  const sla = toEngineSla(dto.sla);
  const warnings: string[] = [];
  if (Object.keys(sla).length === 0) warnings.push('No SLA given: every deployment that fits and keeps up with the load is an option.');
  const result = asRequestError(() =>
    recommendDeployments({
      model: model.architecture,
      gpus,
      precisions,
      kvCacheFormatFor: defaultKvFormat,
      tensorParallel: tps,
      maxGpus,
      workload: toEngineWorkload(workload),
      sla,
      scheduler: engineScheduler(scheduler),
      computeEfficiency: dto.efficiency ?? DEFAULT_COMPUTE_EFFICIENCY,
      memoryEfficiency: dto.memory_efficiency ?? DEFAULT_MEMORY_EFFICIENCY,
      stepOverheadSeconds: dto.step_overhead_seconds,
      runtimes,
      runtimeFor: auto ? (gpu, weights, kv) => chooseRuntime(undefined, gpu, weights, kv) : undefined,
      computeEfficiencyOverride: profiled ? dto.efficiency : undefined,
      memoryEfficiencyOverride: profiled ? dto.memory_efficiency : undefined,
    }),
  );
  const counts = parameterCounts(model.architecture);
  const options = result.options.map(optionWire);
  return {
    id: meta.id,
    timestamp: meta.timestamp,
    source: meta.source,
    kind: 'recommend',
    inputs: {
      model: model.id,
      custom_model: model.id === null ? model.architecture : null,
      gpus: ids,
      precisions,
      runtimes: auto ? [AUTO_RUNTIME] : runtimes.map((r) => r.id),
      tensor_parallel: tps,
      max_gpus: maxGpus,
      workload,
      sla: compactSla(dto.sla),
      scheduler,
    },
    model_summary: {
      name: model.architecture.name,
      family: model.family,
      total_parameters: counts.total,
      active_parameters: counts.active,
    },
    options,
    best: options[0] ?? null,
    rejected: result.rejected.map((x) => ({
      gpu: x.gpu,
      runtime: x.runtime,
      name: x.gpuName,
      precision: x.precision,
      tensor_parallel: x.tensorParallel,
      reason: x.reason,
      detail: x.detail,
    })),
    searched: result.searched,
    definitions: SERVING_DEFINITIONS,
    warnings,
  };
}
