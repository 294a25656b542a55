import { CUSTOM_GPU_FIELDS as G, CUSTOM_MODEL_FIELDS as M, INFERENCE_FIELDS as F } from '@llm-calc/fields';
import {
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  EngineError,
  isProfile,
  linkKindOf,
  validateArchitecture,
  type GpuSpec,
  type InferenceOptions,
  type ModelArchitecture,
} from '@llm-calc/engine';
import {
  closestIds,
  findGpuPreset,
  findModelPreset,
  findRuntimeProfile,
  GPU_PRESET_IDS,
  MODEL_PRESET_IDS,
  type RuntimePreset,
} from '@llm-calc/presets';
import type { RuntimeChoice } from '@llm-calc/fields';
import { chooseRuntime } from './runtime-choice';
import type { CalculateRequestDto } from '@llm-calc/dto';
import type { CustomGpuDto } from '@llm-calc/dto';
import type { CustomModelDto } from '@llm-calc/dto';
import { RequestError, type RequestProblem } from '@llm-calc/contracts';
import type { NormalizedCalculateRequest } from '@llm-calc/contracts';

/** The defaults of an inference request: the field registry's (libs/fields request-fields.ts). */
export const REQUEST_DEFAULTS = {
  sequence_length: F.sequence_length.default,
  output_tokens: F.output_tokens.default,
  batch_size: F.batch_size.default,
  precision: F.precision.default,
  kv_cache_precision: F.kv_cache_precision.default,
  pipeline_parallel: F.pipeline_parallel.default,
  runtime: F.runtime.default,
  host_memory_bandwidth_bytes_per_second: F.host_memory_bandwidth_bytes_per_second.default,
  /** Under the roofline runtime only: a profile uses its fitted values when these are absent. */
  efficiency: DEFAULT_COMPUTE_EFFICIENCY,
  memory_efficiency: DEFAULT_MEMORY_EFFICIENCY,
  flash_attention: F.flash_attention.default,
} as const;

export interface ResolvedModel {
  id: string | null;
  family: string;
  architecture: ModelArchitecture;
}

export interface ResolvedGpu {
  id: string | null;
  family: string;
  spec: GpuSpec;
  pricePerGpuHour: number | null;
}

export interface ResolvedCalculation {
  normalized: NormalizedCalculateRequest;
  model: ResolvedModel;
  gpu: ResolvedGpu;
  options: InferenceOptions;
  /** The runtime as the request named it (auto when absent): compare resolves it again per GPU. */
  requestedRuntime: RuntimeChoice;
}

function unknown(kind: 'model' | 'gpu', id: string, ids: readonly string[], list: string, status: 400 | 404): RequestError {
  const suggestions = closestIds(id.slice(0, 200), ids);
  const hint = suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : '';
  // Names are echoed back as given, but never at length.
  const shown = id.length > 60 ? `${id.slice(0, 60)}…` : id;
  return RequestError.of(status, [
    { field: kind, code: 'unknownPreset', text: `${kind} '${shown}' is not a known preset.${hint} (${list} lists them)` },
  ]);
}

/** The preset model with this id, or a RequestError naming it with the closest ids. */
export function resolveModelPreset(id: string, status: 400 | 404 = 400): ResolvedModel {
  const preset = findModelPreset(id);
  if (!preset) throw unknown('model', id, MODEL_PRESET_IDS, 'GET /api/available_models', status);
  return { id: preset.id, family: preset.family, architecture: toArchitecture(preset) };
}

/** The preset GPU with this id, or a RequestError naming it with the closest ids. */
export function resolveGpuPreset(id: string, status: 400 | 404 = 400): ResolvedGpu {
  const preset = findGpuPreset(id);
  if (!preset) throw unknown('gpu', id, GPU_PRESET_IDS, 'GET /api/gpu_configs', status);
  return {
    id: preset.id,
    family: preset.family,
    spec: {
      name: preset.name,
      memory_bytes: preset.memory_bytes,
      memory_bandwidth_bytes_per_second: preset.memory_bandwidth_bytes_per_second,
      peak_flops: preset.peak_flops,
      interconnect_bandwidth_bytes_per_second: preset.interconnect_bandwidth_bytes_per_second,
      // What the runtime profiles read: bandwidth share by memory kind, all-reduce latency and
      // refusal of tensor parallelism by link kind, GeForce fp16-accumulate GEMMs.
      memory_kind: preset.memory_kind,
      interconnect_kind: preset.interconnect_kind,
      ...(preset.fp16_accumulate_flops ? { fp16_accumulate_flops: preset.fp16_accumulate_flops } : {}),
    },
    pricePerGpuHour: preset.price_per_gpu_hour,
  };
}

/** Only the architecture fields of a preset (drops id, family, source...). */
export function toArchitecture(m: ModelArchitecture): ModelArchitecture {
  return {
    name: m.name,
    hidden_size: m.hidden_size,
    intermediate_size: m.intermediate_size,
    num_layers: m.num_layers,
    num_attention_heads: m.num_attention_heads,
    num_kv_heads: m.num_kv_heads,
    head_dim: m.head_dim,
    vocab_size: m.vocab_size,
    tie_word_embeddings: m.tie_word_embeddings,
    ffn_type: m.ffn_type,
    num_experts: m.num_experts,
    experts_per_token: m.experts_per_token,
    expert_intermediate_size: m.expert_intermediate_size,
    num_shared_experts: m.num_shared_experts,
    shared_expert_intermediate_size: m.shared_expert_intermediate_size ?? null,
    first_dense_layers: m.first_dense_layers,
    kv_lora_rank: m.kv_lora_rank,
    qk_rope_head_dim: m.qk_rope_head_dim,
    q_lora_rank: m.q_lora_rank ?? null,
    qk_nope_head_dim: m.qk_nope_head_dim ?? null,
    v_head_dim: m.v_head_dim ?? null,
    sliding_window: m.sliding_window,
    sliding_window_pattern: m.sliding_window_pattern,
    attention_bias: m.attention_bias ?? false,
    mlp_bias: m.mlp_bias ?? false,
    norm_type: m.norm_type ?? 'rmsnorm',
    learned_position_embeddings: m.learned_position_embeddings ?? false,
    max_position_embeddings: m.max_position_embeddings ?? null,
  };
}

/** A validated custom_model with its defaults filled in. */
export function customArchitecture(c: CustomModelDto): ModelArchitecture {
  const heads = c.num_attention_heads;
  if (c.head_dim === undefined && c.hidden_size % heads !== 0) {
    throw RequestError.of(400, [
      {
        field: 'custom_model.head_dim',
        code: 'required',
        text: `custom_model.head_dim is required when hidden_size (${c.hidden_size}) is not a multiple of num_attention_heads (${heads})`,
      },
    ]);
  }
  const architecture = toArchitecture({
    name: c.name ?? M.name.default,
    hidden_size: c.hidden_size,
    intermediate_size: c.intermediate_size,
    num_layers: c.num_layers,
    num_attention_heads: heads,
    num_kv_heads: c.num_kv_heads ?? heads,
    head_dim: c.head_dim ?? c.hidden_size / heads,
    vocab_size: c.vocab_size,
    tie_word_embeddings: c.tie_word_embeddings ?? M.tie_word_embeddings.default,
    ffn_type: c.ffn_type ?? M.ffn_type.default,
    num_experts: c.num_experts ?? M.num_experts.default,
    experts_per_token: c.experts_per_token ?? M.experts_per_token.default,
    expert_intermediate_size: c.expert_intermediate_size ?? c.intermediate_size,
    num_shared_experts: c.num_shared_experts ?? M.num_shared_experts.default,
    shared_expert_intermediate_size: c.shared_expert_intermediate_size ?? null,
    first_dense_layers: c.first_dense_layers ?? M.first_dense_layers.default,
    kv_lora_rank: c.kv_lora_rank ?? null,
    qk_rope_head_dim: c.qk_rope_head_dim ?? null,
    q_lora_rank: c.q_lora_rank ?? null,
    qk_nope_head_dim: c.qk_nope_head_dim ?? null,
    v_head_dim: c.v_head_dim ?? null,
    sliding_window: c.sliding_window ?? null,
    sliding_window_pattern: c.sliding_window_pattern ?? null,
    attention_bias: c.attention_bias,
    mlp_bias: c.mlp_bias,
    norm_type: c.norm_type,
    learned_position_embeddings: c.learned_position_embeddings,
    max_position_embeddings: c.max_position_embeddings ?? null,
  });
  asRequestError(() => validateArchitecture(architecture));
  return architecture;
}

/** A validated custom_gpu with its defaults filled in. */
export function customGpu(c: CustomGpuDto): GpuSpec {
  const peak: GpuSpec['peak_flops'] = {};
  for (const [k, v] of Object.entries(c.peak_flops)) {
    if (typeof v === 'number') peak[k as keyof GpuSpec['peak_flops']] = v;
  }
  if (Object.keys(peak).length === 0) {
    throw RequestError.of(400, [
      {
        field: 'custom_gpu.peak_flops',
        code: 'required',
        text: 'custom_gpu.peak_flops must list the dense FLOP/s of at least one precision (fp32, tf32, fp16, bf16, fp8, int8, fp4)',
      },
    ]);
  }
  return {
    name: c.name ?? G.name.default,
    memory_bytes: c.memory_bytes,
    memory_bandwidth_bytes_per_second: c.memory_bandwidth_bytes_per_second,
    peak_flops: peak,
    interconnect_bandwidth_bytes_per_second: c.interconnect_bandwidth_bytes_per_second ?? G.interconnect_bandwidth_bytes_per_second.default,
  };
}

/** Runs fn, turning an EngineError into a 400 RequestError that names the field. */
export function asRequestError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EngineError) throw RequestError.of(400, [{ field: e.field, code: 'invalid', text: e.message }]);
    throw e;
  }
}

/**
 * Resolves a validated CalculateRequestDto: presets looked up, defaults filled, parallel degrees
 * made consistent. Throws RequestError (400) for unknown presets or inconsistent values.
 */
export function resolveCalculateRequest(dto: CalculateRequestDto): ResolvedCalculation {
  const problems: RequestProblem[] = [];
  if (dto.model != null && dto.custom_model != null)
    problems.push({ field: 'custom_model', code: 'conflict', text: 'give either model or custom_model, not both' });
  if (dto.gpu != null && dto.custom_gpu != null)
    problems.push({ field: 'custom_gpu', code: 'conflict', text: 'give either gpu or custom_gpu, not both' });

  if (dto.model == null && dto.custom_model == null)
    problems.push({ field: 'model', code: 'required', text: 'model or custom_model is required' });
  if (dto.gpu == null && dto.custom_gpu == null) problems.push({ field: 'gpu', code: 'required', text: 'gpu or custom_gpu is required' });
  if (problems.length) throw RequestError.of(400, problems);
  const model: ResolvedModel =
    dto.custom_model != null
      ? { id: null, family: 'Custom', architecture: customArchitecture(dto.custom_model) }
      : resolveModelPreset(dto.model as string);
  const gpu: ResolvedGpu =
    dto.custom_gpu != null
      ? { id: null, family: 'Custom', spec: customGpu(dto.custom_gpu), pricePerGpuHour: null }
      : resolveGpuPreset(dto.gpu as string);

  const precision = dto.precision ?? REQUEST_DEFAULTS.precision;
  const kvFormat = dto.kv_cache_precision ?? REQUEST_DEFAULTS.kv_cache_precision;
  const requestedRuntime = dto.runtime ?? REQUEST_DEFAULTS.runtime;
  const runtime = chooseRuntime(requestedRuntime, gpu.spec, precision, kvFormat);
  const { t, p, numGpus } = parallelDegrees(dto, runtime, gpu.spec);
  if (dto.gpu_memory_utilization != null && !runtime.memory.kvPool) {
    throw RequestError.of(400, [
      {
        field: 'gpu_memory_utilization',
        code: 'unsupported',
        text: `gpu_memory_utilization applies to runtimes that reserve a KV pool (vLLM, SGLang, TensorRT-LLM, LMDeploy, MLC LLM), not ${runtime.name}`,
      },
    ]);
  }
  const profiled = isProfile(runtime);
  const normalized: NormalizedCalculateRequest = {
    model: model.id,
    custom_model: model.id === null ? model.architecture : null,
    gpu: gpu.id,
    custom_gpu: gpu.id === null ? gpu.spec : null,
    sequence_length: dto.sequence_length ?? REQUEST_DEFAULTS.sequence_length,
    output_tokens: dto.output_tokens ?? REQUEST_DEFAULTS.output_tokens,
    batch_size: dto.batch_size ?? REQUEST_DEFAULTS.batch_size,
    precision,
    kv_cache_precision: kvFormat,
    num_gpus: numGpus,
    tensor_parallel: t,
    pipeline_parallel: p,
    runtime: runtime.id,
    gpu_layers: dto.gpu_layers ?? null,
    host_memory_bandwidth_bytes_per_second:
      dto.host_memory_bandwidth_bytes_per_second ?? REQUEST_DEFAULTS.host_memory_bandwidth_bytes_per_second,
    gpu_memory_utilization: dto.gpu_memory_utilization ?? runtime.memory.kvPool?.defaultFraction ?? null,
    efficiency: dto.efficiency ?? (profiled ? null : REQUEST_DEFAULTS.efficiency),
    memory_efficiency: dto.memory_efficiency ?? (profiled ? null : REQUEST_DEFAULTS.memory_efficiency),
    flash_attention: dto.flash_attention ?? REQUEST_DEFAULTS.flash_attention,
    price_per_gpu_hour: dto.price_per_gpu_hour ?? gpu.pricePerGpuHour,
  };
  return { normalized, model, gpu, options: toInferenceOptions(normalized), requestedRuntime };
}

/**
 * Tensor and pipeline degrees: as given; absent, num_gpus ÷ pipeline_parallel for tensor
 * parallelism, except under a runtime that splits layers instead (llama.cpp's default
 * --split-mode layer, MLX), where num_gpus GPUs are num_gpus pipeline stages. Across GPUs without
 * an interconnect the tensor default stays, so the refusal names tensor_parallel.
 */
export function parallelDegrees(
  dto: Pick<CalculateRequestDto, 'num_gpus' | 'tensor_parallel' | 'pipeline_parallel'>,
  runtime: RuntimePreset,
  gpu: GpuSpec,
): { t: number; p: number; numGpus: number } {
  const layerSplit = isProfile(runtime) && !runtime.supportsTensorParallel && linkKindOf(gpu) !== 'none';
  if (layerSplit && dto.tensor_parallel === undefined && dto.pipeline_parallel === undefined && dto.num_gpus !== undefined) {
    return { t: 1, p: dto.num_gpus, numGpus: dto.num_gpus };
  }
  const p = dto.pipeline_parallel ?? REQUEST_DEFAULTS.pipeline_parallel;
  let t = dto.tensor_parallel;
  if (t === undefined) {
    t = dto.num_gpus !== undefined && dto.num_gpus % p === 0 ? dto.num_gpus / p : 1;
  }
  return { t, p, numGpus: dto.num_gpus ?? t * p };
}

/**
 * The engine's options for a normalized request. Under a runtime profile an efficiency given
 * replaces the profile's fitted one; absent (null), the profile's applies.
 */
export function toInferenceOptions(n: NormalizedCalculateRequest): InferenceOptions {
  const runtime = findRuntimeProfile(n.runtime);
  const profiled = isProfile(runtime);
  return {
    promptTokens: n.sequence_length,
    outputTokens: n.output_tokens,
    batchSize: n.batch_size,
    weightFormat: n.precision,
    kvCacheFormat: n.kv_cache_precision,
    numGpus: n.num_gpus,
    tensorParallel: n.tensor_parallel,
    pipelineParallel: n.pipeline_parallel,
    computeEfficiency: n.efficiency ?? DEFAULT_COMPUTE_EFFICIENCY,
    memoryEfficiency: n.memory_efficiency ?? DEFAULT_MEMORY_EFFICIENCY,
    flashAttention: n.flash_attention,
    runtime,
    computeEfficiencyOverride: profiled && n.efficiency != null ? n.efficiency : undefined,
    memoryEfficiencyOverride: profiled && n.memory_efficiency != null ? n.memory_efficiency : undefined,
    gpuLayers: n.gpu_layers ?? undefined,
    hostMemoryBandwidthBytesPerSecond: n.host_memory_bandwidth_bytes_per_second,
    gpuMemoryUtilization: n.gpu_memory_utilization ?? undefined,
  };
}
