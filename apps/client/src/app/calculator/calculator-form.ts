import { NonNullableFormBuilder, Validators } from '@angular/forms';
import type { CalculateRequest } from '@llm-calc/contracts';
import type { FfnType, KvCacheFormat, ModelArchitecture, WeightFormat } from '@llm-calc/engine';
// Every rule, default and choice of a request field comes from the field registry, as the API's.
import { CUSTOM_MODEL_FIELDS, INFERENCE_FIELDS, type RuntimeChoice } from '@llm-calc/fields';
import { controlErrorMessage, fieldValidators } from '../shared/form-errors';

/** Weight formats, in the order of the contract. */
export const WEIGHT_FORMAT_OPTIONS: readonly WeightFormat[] = INFERENCE_FIELDS.precision.values;
export const KV_CACHE_FORMAT_OPTIONS: readonly KvCacheFormat[] = INFERENCE_FIELDS.kv_cache_precision.values;
export const RUNTIME_OPTIONS: readonly RuntimeChoice[] = INFERENCE_FIELDS.runtime.values;

/** The runtime whose layers can be offloaded to host memory (gpu_layers). */
export const OFFLOAD_RUNTIME: RuntimeChoice = 'llama.cpp';

/** How the runtime picker names each id (the registry's ids, as GET /api/runtimes lists them). */
export const RUNTIME_LABELS: Readonly<Record<string, string>> = {
  // Short enough for the picker on a phone; the help says what it picks, the result names it.
  auto: 'Auto (per setup)',
  roofline: 'Roofline (plain, no runtime)',
  'llama.cpp': 'llama.cpp',
  vllm: 'vLLM',
  sglang: 'SGLang',
  'tensorrt-llm': 'TensorRT-LLM',
  transformers: 'HF transformers (eager)',
  mlx: 'MLX',
  'gpt-fast': 'gpt-fast',
  lmdeploy: 'LMDeploy',
  'mlc-llm': 'MLC LLM',
  autoawq: 'AutoAWQ',
};

export function runtimeLabel(id: string): string {
  return RUNTIME_LABELS[id] ?? id;
}
const F = INFERENCE_FIELDS;
const M = CUSTOM_MODEL_FIELDS;

export type ModelMode = 'preset' | 'custom';

/** Readable message for the first error of a control, for `<mat-error>`. */
export const errorMessage = controlErrorMessage;

/** Defaults of the custom model form: Llama 3.1 8B, the contract's example. */
export const DEFAULT_CUSTOM_MODEL: ModelArchitecture = {
  name: 'my-model',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_layers: 32,
  num_attention_heads: 32,
  num_kv_heads: 8,
  head_dim: 128,
  vocab_size: 128256,
  tie_word_embeddings: false,
  ffn_type: 'gated',
  num_experts: 1,
  experts_per_token: 1,
  expert_intermediate_size: 14336,
  num_shared_experts: 0,
  first_dense_layers: 0,
  kv_lora_rank: null,
  qk_rope_head_dim: null,
  sliding_window: null,
  sliding_window_pattern: null,
};

export function buildCustomModelGroup(fb: NonNullableFormBuilder) {
  const d = DEFAULT_CUSTOM_MODEL;
  const need = (key: keyof typeof M) => fieldValidators(M[key], true);
  // Advanced: empty means "not used" (null) or the dense default.
  const optional = (key: keyof typeof M) => fieldValidators(M[key], false);
  return fb.group({
    name: fb.control(d.name, [Validators.required, ...fieldValidators(M.name, true)]),
    hidden_size: fb.control<number | null>(d.hidden_size, need('hidden_size')),
    intermediate_size: fb.control<number | null>(d.intermediate_size, need('intermediate_size')),
    num_layers: fb.control<number | null>(d.num_layers, need('num_layers')),
    num_attention_heads: fb.control<number | null>(d.num_attention_heads, need('num_attention_heads')),
    num_kv_heads: fb.control<number | null>(d.num_kv_heads, need('num_kv_heads')),
    head_dim: fb.control<number | null>(d.head_dim, need('head_dim')),
    vocab_size: fb.control<number | null>(d.vocab_size, need('vocab_size')),
    tie_word_embeddings: fb.control(d.tie_word_embeddings),
    ffn_type: fb.control<FfnType>(d.ffn_type),
    num_experts: fb.control<number | null>(null, optional('num_experts')),
    experts_per_token: fb.control<number | null>(null, optional('experts_per_token')),
    expert_intermediate_size: fb.control<number | null>(null, optional('expert_intermediate_size')),
    num_shared_experts: fb.control<number | null>(null, optional('num_shared_experts')),
    first_dense_layers: fb.control<number | null>(null, optional('first_dense_layers')),
    kv_lora_rank: fb.control<number | null>(null, optional('kv_lora_rank')),
    qk_rope_head_dim: fb.control<number | null>(null, optional('qk_rope_head_dim')),
    sliding_window: fb.control<number | null>(null, optional('sliding_window')),
    sliding_window_pattern: fb.control<number | null>(null, optional('sliding_window_pattern')),
  });
}

export function buildInferenceGroup(fb: NonNullableFormBuilder) {
  return fb.group({
    sequence_length: fb.control<number | null>(F.sequence_length.default, fieldValidators(F.sequence_length, true)),
    output_tokens: fb.control<number | null>(F.output_tokens.default, fieldValidators(F.output_tokens, true)),
    batch_size: fb.control<number | null>(F.batch_size.default, fieldValidators(F.batch_size, true)),
    precision: fb.control<WeightFormat>(F.precision.default, Validators.required),
    kv_cache_precision: fb.control<KvCacheFormat>(F.kv_cache_precision.default, Validators.required),
  });
}

export function buildHardwareGroup(fb: NonNullableFormBuilder) {
  // How tensor and pipeline parallelism must relate to num_gpus is the server's rule; its
  // message is shown under the field it names (CalculatorStore).
  return fb.group({
    gpu: fb.control('', Validators.required),
    num_gpus: fb.control<number | null>(1, fieldValidators(F.num_gpus, true)),
    tensor_parallel: fb.control<number | null>(1, fieldValidators(F.tensor_parallel, true)),
    pipeline_parallel: fb.control<number | null>(F.pipeline_parallel.default, fieldValidators(F.pipeline_parallel, true)),
    runtime: fb.control<RuntimeChoice>(F.runtime.default, Validators.required),
    // llama.cpp only: empty keeps every layer on the GPU.
    gpu_layers: fb.control<number | null>(null, fieldValidators(F.gpu_layers, false)),
    // Empty leaves the efficiencies to the runtime's fitted values; a value replaces them.
    efficiency: fb.control<number | null>(null, fieldValidators(F.efficiency, false)),
    memory_efficiency: fb.control<number | null>(null, fieldValidators(F.memory_efficiency, false)),
    // Filled from the chosen GPU's indicative price; empty leaves the price to the server.
    price_per_gpu_hour: fb.control<number | null>(null, fieldValidators(F.price_per_gpu_hour, false)),
  });
}

export function buildCalculatorForm(fb: NonNullableFormBuilder) {
  return fb.group({
    mode: fb.control<ModelMode>('preset'),
    preset: fb.control(''),
    custom: buildCustomModelGroup(fb),
    inference: buildInferenceGroup(fb),
    hardware: buildHardwareGroup(fb),
  });
}

export type CalculatorForm = ReturnType<typeof buildCalculatorForm>;
export type CustomModelGroup = ReturnType<typeof buildCustomModelGroup>;
export type InferenceGroup = ReturnType<typeof buildInferenceGroup>;
export type HardwareGroup = ReturnType<typeof buildHardwareGroup>;
export type CustomModelValue = ReturnType<CustomModelGroup['getRawValue']>;

/** The form is complete for its mode: a chosen preset, or a valid custom model. */
export function isCalculatorFormValid(form: CalculatorForm): boolean {
  const { mode, preset, custom, inference, hardware } = form.controls;
  const modelValid = mode.value === 'preset' ? preset.value !== '' : custom.valid;
  return modelValid && inference.valid && hardware.valid;
}

/** Marks every control of the parts that count as touched, so their errors show. */
export function revealErrors(form: CalculatorForm): void {
  const { mode, preset, custom, inference, hardware } = form.controls;
  if (mode.value === 'custom') custom.markAllAsTouched();
  else preset.markAsTouched();
  inference.markAllAsTouched();
  hardware.markAllAsTouched();
}

export const ARCHITECTURE_EXTRA_KEYS = [
  'shared_expert_intermediate_size',
  'q_lora_rank',
  'qk_nope_head_dim',
  'v_head_dim',
  'attention_bias',
  'mlp_bias',
  'norm_type',
  'learned_position_embeddings',
  'max_position_embeddings',
] as const satisfies readonly (keyof ModelArchitecture)[];

/** Architecture fields the form does not show, kept from a preset so an edited copy stays faithful. */
export type ArchitectureExtras = Partial<Pick<ModelArchitecture, (typeof ARCHITECTURE_EXTRA_KEYS)[number]>>;

export function architectureExtras(config: ModelArchitecture): ArchitectureExtras {
  const extras: Record<string, unknown> = {};
  for (const key of ARCHITECTURE_EXTRA_KEYS) {
    if (config[key] !== undefined && config[key] !== null) extras[key] = config[key];
  }
  return extras as ArchitectureExtras;
}

/** The custom-model form's value for an architecture (a preset's, a saved or an imported one). */
export function customModelValueFromConfig(config: ModelArchitecture): CustomModelValue {
  const isMoe = config.num_experts > 1;
  return {
    name: config.name,
    hidden_size: config.hidden_size,
    intermediate_size: config.intermediate_size,
    num_layers: config.num_layers,
    num_attention_heads: config.num_attention_heads,
    num_kv_heads: config.num_kv_heads,
    head_dim: config.head_dim,
    vocab_size: config.vocab_size,
    tie_word_embeddings: config.tie_word_embeddings,
    ffn_type: config.ffn_type,
    // Dense models leave the MoE fields empty, which reads as "not an MoE" in the form.
    num_experts: isMoe ? config.num_experts : null,
    experts_per_token: isMoe ? config.experts_per_token : null,
    expert_intermediate_size: isMoe ? config.expert_intermediate_size : null,
    num_shared_experts: isMoe ? config.num_shared_experts : null,
    first_dense_layers: isMoe ? config.first_dense_layers : null,
    kv_lora_rank: config.kv_lora_rank ?? null,
    qk_rope_head_dim: config.qk_rope_head_dim ?? null,
    sliding_window: config.sliding_window ?? null,
    sliding_window_pattern: config.sliding_window_pattern ?? null,
  };
}

/** A custom model for the request: empty MoE fields take the dense defaults, empty others null. */
export function customModelFromValue(value: CustomModelValue, extras: ArchitectureExtras = {}): ModelArchitecture {
  const intermediate = value.intermediate_size ?? 0;
  return {
    ...extras,
    name: value.name.trim(),
    hidden_size: value.hidden_size ?? 0,
    intermediate_size: intermediate,
    num_layers: value.num_layers ?? 0,
    num_attention_heads: value.num_attention_heads ?? 0,
    num_kv_heads: value.num_kv_heads ?? 0,
    head_dim: value.head_dim ?? 0,
    vocab_size: value.vocab_size ?? 0,
    tie_word_embeddings: value.tie_word_embeddings,
    ffn_type: value.ffn_type,
    num_experts: value.num_experts ?? 1,
    experts_per_token: value.experts_per_token ?? 1,
    expert_intermediate_size: value.expert_intermediate_size ?? intermediate,
    num_shared_experts: value.num_shared_experts ?? 0,
    first_dense_layers: value.first_dense_layers ?? 0,
    kv_lora_rank: value.kv_lora_rank ?? null,
    qk_rope_head_dim: value.qk_rope_head_dim ?? null,
    sliding_window: value.sliding_window ?? null,
    sliding_window_pattern: value.sliding_window_pattern ?? null,
  };
}

/** The POST /api/calculate body for the form's current value. */
export function toCalculateRequest(form: CalculatorForm, extras: ArchitectureExtras = {}): CalculateRequest {
  const value = form.getRawValue();
  const { inference, hardware } = value;
  const model: Pick<CalculateRequest, 'model' | 'custom_model'> =
    value.mode === 'preset' ? { model: value.preset } : { custom_model: customModelFromValue(value.custom, extras) };
  return {
    ...model,
    gpu: hardware.gpu,
    sequence_length: inference.sequence_length ?? undefined,
    output_tokens: inference.output_tokens ?? undefined,
    batch_size: inference.batch_size ?? undefined,
    precision: inference.precision,
    kv_cache_precision: inference.kv_cache_precision,
    num_gpus: hardware.num_gpus ?? undefined,
    tensor_parallel: hardware.tensor_parallel ?? undefined,
    pipeline_parallel: hardware.pipeline_parallel ?? undefined,
    runtime: hardware.runtime,
    ...(hardware.runtime === OFFLOAD_RUNTIME && hardware.gpu_layers != null ? { gpu_layers: hardware.gpu_layers } : {}),
    efficiency: hardware.efficiency ?? undefined,
    memory_efficiency: hardware.memory_efficiency ?? undefined,
    ...(hardware.price_per_gpu_hour == null ? {} : { price_per_gpu_hour: hardware.price_per_gpu_hour }),
  };
}
