import { TRAINING_FIELDS } from '@llm-calc/fields';
import {
  estimateTraining,
  fitComputeEfficiency,
  fitMemoryEfficiency,
  isProfile,
  parameterCounts,
  type InferenceOptions,
} from '@llm-calc/engine';
import { GPU_PRESETS } from '@llm-calc/presets';
import { respond } from './calculate';
import type { CalculateRequestDto } from '@llm-calc/dto';
import type { CalibrateRequestDto, CompareRequestDto, SweepRequestDto, TrainingRequestDto } from '@llm-calc/dto';
import { RequestError } from '@llm-calc/contracts';
import {
  asRequestError,
  customArchitecture,
  customGpu,
  resolveCalculateRequest,
  resolveGpuPreset,
  resolveModelPreset,
  parallelDegrees,
  REQUEST_DEFAULTS,
  toInferenceOptions,
  type ResolvedCalculation,
  type ResolvedGpu,
} from './resolve';
import { chooseRuntime } from './runtime-choice';
import type {
  CalculateResponse,
  CalibrateResponse,
  CompareResponse,
  CompareResult,
  FitResponse,
  RangeWire,
  SweepResponse,
  TrainingResponse,
} from '@llm-calc/contracts';

const META = { id: '', timestamp: '', source: 'web' as const };

function withOptions(resolved: ResolvedCalculation, patch: Partial<ResolvedCalculation['normalized']>): ResolvedCalculation {
  const normalized = { ...resolved.normalized, ...patch };
  return { ...resolved, normalized, options: toInferenceOptions(normalized) };
}

/**
 * The request on another GPU: the requested runtime chosen again for it (auto picks MLX on Apple
 * GPUs), with that runtime's parallel split and pool default where the request left them open.
 */
function onGpu(base: ResolvedCalculation, dto: CompareRequestDto, gpu: ResolvedGpu): ResolvedCalculation {
  const runtime = chooseRuntime(base.requestedRuntime, gpu.spec, base.normalized.precision, base.normalized.kv_cache_precision);
  const { t, p, numGpus } = parallelDegrees(dto, runtime, gpu.spec);
  const utilization = runtime.memory.kvPool ? (dto.gpu_memory_utilization ?? runtime.memory.kvPool.defaultFraction) : null;
  return withOptions(
    { ...base, gpu },
    {
      gpu: gpu.id,
      price_per_gpu_hour: dto.price_per_gpu_hour ?? gpu.pricePerGpuHour,
      runtime: runtime.id,
      num_gpus: numGpus,
      tensor_parallel: t,
      pipeline_parallel: p,
      gpu_memory_utilization: utilization,
      efficiency: dto.efficiency ?? (isProfile(runtime) ? null : REQUEST_DEFAULTS.efficiency),
      memory_efficiency: dto.memory_efficiency ?? (isProfile(runtime) ? null : REQUEST_DEFAULTS.memory_efficiency),
    },
  );
}

/** Cost per million tokens over the aggregate rate's band: the high rate gives the low cost. */
function costRange(costPerHour: number | null, rate: RangeWire): RangeWire | null {
  if (costPerHour === null || !(rate.low > 0)) return null;
  return { low: costPerHour / ((rate.high * 3600) / 1e6), high: costPerHour / ((rate.low * 3600) / 1e6) };
}

/** The calculation of a compare entry; with fewest_gpus, on the fewest GPUs of its kind that fit. */
function compareEntry(resolved: ResolvedCalculation, fewest: boolean): CalculateResponse {
  const single = respond(resolved, META);
  const n = single.memory.min_gpus;
  if (!fewest || single.memory.fits || n === null || n <= 1) return single;
  return respond(withOptions(resolved, { num_gpus: n, tensor_parallel: n, pipeline_parallel: 1 }), META);
}

/**
 * POST /api/compare: the workload on each GPU; unsupported precisions are marked, not errors.
 * With fewest_gpus, each GPU gets the fewest of its kind that hold the workload.
 */
export function compareGpus(dto: CompareRequestDto): CompareResponse {
  const fewest = dto.fewest_gpus === true;
  if (fewest && (dto.num_gpus != null || dto.tensor_parallel != null || dto.pipeline_parallel != null)) {
    throw RequestError.of(400, [
      {
        field: 'fewest_gpus',
        code: 'conflict',
        text: 'fewest_gpus chooses the GPU count: leave out num_gpus, tensor_parallel and pipeline_parallel',
      },
    ]);
  }
  const ids = dto.gpus ?? GPU_PRESETS.map((g) => g.id);
  const base = resolveCalculateRequest({ ...dto, gpu: ids[0] ?? 'h100-sxm' } as CalculateRequestDto);
  const results: CompareResult[] = ids.map((id) => {
    const gpu = resolveGpuPreset(id);
    let resolved: ResolvedCalculation | null = null;
    let r: CalculateResponse;
    try {
      resolved = onGpu(base, dto, gpu);
      r = compareEntry(resolved, fewest);
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      const n = resolved?.normalized ?? base.normalized;
      return {
        gpu: id,
        name: gpu.spec.name,
        family: gpu.family,
        supported: false,
        reason: e.messages.join('; '),
        fits: false,
        num_gpus: n.num_gpus,
        tensor_parallel: n.tensor_parallel,
        pipeline_parallel: n.pipeline_parallel,
        per_gpu_bytes: 0,
        gpu_memory_bytes: gpu.spec.memory_bytes,
        tokens_per_second: 0,
        aggregate_tokens_per_second: 0,
        prefill_latency_seconds: 0,
        cost_per_hour: null,
        cost_per_million_tokens: null,
        runtime: resolved?.normalized.runtime ?? null,
        tokens_per_second_range: null,
        aggregate_tokens_per_second_range: null,
        cost_per_million_tokens_range: null,
      };
    }
    return {
      gpu: id,
      name: gpu.spec.name,
      family: gpu.family,
      supported: true,
      reason: null,
      fits: r.memory.fits,
      num_gpus: r.inputs.num_gpus,
      tensor_parallel: r.inputs.tensor_parallel,
      pipeline_parallel: r.inputs.pipeline_parallel,
      per_gpu_bytes: r.memory.per_gpu_bytes,
      gpu_memory_bytes: r.memory.gpu_memory_bytes,
      tokens_per_second: r.performance.tokens_per_second,
      aggregate_tokens_per_second: r.performance.aggregate_tokens_per_second,
      prefill_latency_seconds: r.performance.prefill_latency_seconds,
      cost_per_hour: r.cost.cost_per_hour,
      cost_per_million_tokens: r.cost.cost_per_million_tokens,
      runtime: r.inputs.runtime,
      tokens_per_second_range: r.performance.tokens_per_second_range,
      aggregate_tokens_per_second_range: r.performance.aggregate_tokens_per_second_range,
      cost_per_million_tokens_range: costRange(r.cost.cost_per_hour, r.performance.aggregate_tokens_per_second_range),
    };
  });
  let cheapest: CompareResult | null = null;
  for (const r of results) {
    if (
      r.fits &&
      r.cost_per_million_tokens != null &&
      (cheapest === null || r.cost_per_million_tokens < (cheapest.cost_per_million_tokens as number))
    )
      cheapest = r;
  }
  return { results, cheapest_fitting: cheapest?.gpu ?? null };
}

/** POST /api/fit: the largest batch at this context, the longest context at this batch, the fewest GPUs. */
export function fitLimits(dto: CalculateRequestDto): FitResponse {
  const r = respond(resolveCalculateRequest(dto), META);
  return {
    max_batch_size: r.memory.max_batch_size,
    max_sequence_length: r.memory.max_sequence_length,
    max_prompt_tokens: r.memory.max_prompt_tokens,
    min_gpus: r.memory.min_gpus,
    max_gpu_layers: r.memory.max_gpu_layers,
    runtime: r.inputs.runtime,
  };
}

/** POST /api/sweep: one input varied; each point is a full calculation. */
export function sweep(dto: SweepRequestDto): SweepResponse {
  const base = resolveCalculateRequest(dto);
  const limits: Record<SweepRequestDto['vary'], number> = { batch_size: 1_000_000, sequence_length: 100_000_000, num_gpus: 4096 };
  const p = base.normalized.pipeline_parallel;
  // The same for every point (the base's runtime request, GPU and formats): chosen once.
  let sweepRuntime: ReturnType<typeof chooseRuntime> | undefined;
  const points = dto.values.map((value) => {
    if (value > limits[dto.vary])
      throw RequestError.of(400, [
        { field: 'values', code: 'max', text: `values: ${value} is above the largest ${dto.vary} (${limits[dto.vary]})` },
      ]);
    let patch: Partial<ResolvedCalculation['normalized']>;
    if (dto.vary === 'num_gpus') {
      if (dto.tensor_parallel === undefined && dto.pipeline_parallel === undefined) {
        // The split the runtime makes of that many GPUs (llama.cpp: layers, as pipeline stages).
        sweepRuntime ??= chooseRuntime(base.requestedRuntime, base.gpu.spec, base.normalized.precision, base.normalized.kv_cache_precision);
        const d = parallelDegrees({ num_gpus: value }, sweepRuntime, base.gpu.spec);
        patch = { num_gpus: d.numGpus, tensor_parallel: d.t, pipeline_parallel: d.p };
      } else {
        if (value % p !== 0)
          throw RequestError.of(400, [
            { field: 'values', code: 'multiple', text: `values: ${value} GPUs is not a multiple of pipeline_parallel (${p})` },
          ]);
        patch = { num_gpus: value, tensor_parallel: value / p };
      }
    } else {
      patch = { [dto.vary]: value };
    }
    const r = respond(withOptions(base, patch), META);
    return {
      value,
      total_bytes: r.memory.total_bytes,
      per_gpu_bytes: r.memory.per_gpu_bytes,
      gpu_memory_bytes: r.memory.gpu_memory_bytes,
      tokens_per_second: r.performance.tokens_per_second,
      tokens_per_second_range: r.performance.tokens_per_second_range,
      aggregate_tokens_per_second: r.performance.aggregate_tokens_per_second,
      fits: r.memory.fits,
    };
  });
  return { vary: dto.vary, runtime: base.normalized.runtime, points };
}

/** POST /api/calibrate: the efficiency that reproduces a measurement, and the current setting's error. */
export function calibrate(dto: CalibrateRequestDto): CalibrateResponse {
  const resolved = resolveCalculateRequest(dto);
  const { model, gpu } = resolved;
  const o: InferenceOptions = resolved.options;
  if (dto.measured_tokens_per_second != null && dto.measured_prefill_seconds != null) {
    throw RequestError.of(400, [
      {
        field: 'measured_prefill_seconds',
        code: 'conflict',
        text: 'give either measured_tokens_per_second or measured_prefill_seconds, not both',
      },
    ]);
  }
  if (dto.measured_tokens_per_second != null) {
    const fit = asRequestError(() => fitMemoryEfficiency(model.architecture, gpu.spec, o, dto.measured_tokens_per_second as number));
    return {
      parameter: 'memory_efficiency',
      measured: dto.measured_tokens_per_second,
      unit: 'tokens/s',
      fitted_efficiency: fit.efficiency,
      current_efficiency: fit.currentEfficiency,
      runtime: resolved.normalized.runtime,
      estimate_at_current: fit.estimateAtCurrent,
      relative_error_at_current: fit.relativeErrorAtCurrent,
      best_possible: fit.bestPossible,
      message:
        fit.efficiency == null
          ? `${dto.measured_tokens_per_second} tokens/s is above what this GPU's bandwidth allows for this model (${fit.bestPossible.toFixed(1)} tokens/s at 100%): check the configuration.`
          : `memory_efficiency ${fit.efficiency.toFixed(3)} reproduces ${dto.measured_tokens_per_second} tokens/s.`,
    };
  }
  const measured = dto.measured_prefill_seconds as number;
  const fit = asRequestError(() => fitComputeEfficiency(model.architecture, gpu.spec, o, measured));
  return {
    parameter: 'efficiency',
    measured,
    unit: 'seconds',
    fitted_efficiency: fit.efficiency,
    current_efficiency: fit.currentEfficiency,
    runtime: resolved.normalized.runtime,
    estimate_at_current: fit.estimateAtCurrent,
    relative_error_at_current: fit.relativeErrorAtCurrent,
    best_possible: fit.bestPossible,
    message:
      fit.efficiency == null
        ? `a prefill of ${measured} s is faster than this GPU's peak allows (${fit.bestPossible.toPrecision(3)} s at 100%): check the configuration.`
        : `efficiency ${fit.efficiency.toFixed(3)} reproduces a prefill of ${measured} s.`,
  };
}

/** POST /api/training. */
export function training(dto: TrainingRequestDto): TrainingResponse {
  if (dto.model != null && dto.custom_model != null)
    throw RequestError.of(400, [{ field: 'custom_model', code: 'conflict', text: 'give either model or custom_model, not both' }]);
  if (dto.gpu != null && dto.custom_gpu != null)
    throw RequestError.of(400, [{ field: 'custom_gpu', code: 'conflict', text: 'give either gpu or custom_gpu, not both' }]);
  const model = dto.custom_model != null ? { architecture: customArchitecture(dto.custom_model) } : resolveModelPreset(dto.model as string);
  const calcGpu = dto.custom_gpu != null ? { spec: customGpu(dto.custom_gpu), pricePerGpuHour: null } : resolveGpuPreset(dto.gpu as string);
  const inputs = {
    model: dto.model ?? null,
    custom_model: dto.custom_model != null ? model.architecture : null,
    gpu: dto.gpu ?? null,
    num_gpus: dto.num_gpus ?? TRAINING_FIELDS.num_gpus.default,
    training_tokens: dto.training_tokens ?? TRAINING_FIELDS.training_tokens.default,
    sequence_length: dto.sequence_length ?? TRAINING_FIELDS.sequence_length.default,
    micro_batch_size: dto.micro_batch_size ?? TRAINING_FIELDS.micro_batch_size.default,
    precision: dto.precision ?? TRAINING_FIELDS.precision.default,
    zero_stage: dto.zero_stage ?? TRAINING_FIELDS.zero_stage.default,
    activation_recompute: dto.activation_recompute ?? TRAINING_FIELDS.activation_recompute.default,
    mfu: dto.mfu ?? TRAINING_FIELDS.mfu.default,
    price_per_gpu_hour: dto.price_per_gpu_hour ?? calcGpu.pricePerGpuHour,
  };
  const t = asRequestError(() =>
    estimateTraining(model.architecture, calcGpu.spec, {
      numGpus: inputs.num_gpus,
      trainingTokens: inputs.training_tokens,
      sequenceLength: inputs.sequence_length,
      microBatchSize: inputs.micro_batch_size,
      precision: inputs.precision,
      zeroStage: inputs.zero_stage,
      activationRecompute: inputs.activation_recompute,
      mfu: inputs.mfu,
    }),
  );
  const counts = parameterCounts(model.architecture);
  return {
    inputs,
    model_summary: { name: model.architecture.name, total_parameters: counts.total, active_parameters: counts.active },
    total_flops: t.totalFlops,
    time_seconds: t.timeSeconds,
    gpu_hours: t.gpuHours,
    per_gpu: {
      weights_bytes: t.perGpu.weightsBytes,
      gradients_bytes: t.perGpu.gradientsBytes,
      optimizer_states_bytes: t.perGpu.optimizerStatesBytes,
      activations_bytes: t.perGpu.activationsBytes,
      total_bytes: t.perGpu.totalBytes,
    },
    gpu_memory_bytes: t.gpuMemoryBytes,
    fits: t.fits,
    cost: {
      price_per_gpu_hour: inputs.price_per_gpu_hour,
      total_cost: inputs.price_per_gpu_hour == null ? null : t.gpuHours * inputs.price_per_gpu_hour,
    },
  };
}
