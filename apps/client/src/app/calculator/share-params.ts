import type { Params } from '@angular/router';
import { CUSTOM_MODEL_FIELDS, type RuntimeChoice } from '@llm-calc/fields';
import type { FfnType, KvCacheFormat, NormType, WeightFormat } from '@llm-calc/engine';
import {
  ARCHITECTURE_EXTRA_KEYS,
  ArchitectureExtras,
  CalculatorForm,
  CustomModelValue,
  DEFAULT_CUSTOM_MODEL,
  KV_CACHE_FORMAT_OPTIONS,
  ModelMode,
  OFFLOAD_RUNTIME,
  RUNTIME_OPTIONS,
  WEIGHT_FORMAT_OPTIONS,
} from './calculator-form';

/**
 * The calculator's inputs as URL query parameters, so that a link reproduces a calculation.
 * Keys are the request's own field names (`model`, `gpu`, `batch_size`, ...); a custom model
 * spreads its fields at the top level with `model_name` for its name, and is recognised by
 * `hidden_size`. Empty fields are left out, and every value read back is checked: a parameter
 * that does not parse is ignored, so the form keeps its default rather than a bad value.
 */

// The keys are the registry's field names; the test in share-params.spec walks the registry.
const INFERENCE_NUMBER_KEYS = ['sequence_length', 'output_tokens', 'batch_size'] as const;
const HARDWARE_NUMBER_KEYS = [
  'num_gpus',
  'tensor_parallel',
  'pipeline_parallel',
  'gpu_layers',
  'efficiency',
  'memory_efficiency',
  'price_per_gpu_hour',
] as const;
const CUSTOM_NUMBER_KEYS = [
  'hidden_size',
  'intermediate_size',
  'num_layers',
  'num_attention_heads',
  'num_kv_heads',
  'head_dim',
  'vocab_size',
  'num_experts',
  'experts_per_token',
  'expert_intermediate_size',
  'num_shared_experts',
  'first_dense_layers',
  'kv_lora_rank',
  'qk_rope_head_dim',
  'sliding_window',
  'sliding_window_pattern',
] as const satisfies readonly (keyof CustomModelValue)[];
const EXTRA_BOOLEAN_KEYS = ['attention_bias', 'mlp_bias', 'learned_position_embeddings'] as const;
const NORM_TYPES: readonly NormType[] = CUSTOM_MODEL_FIELDS.norm_type.values;
const FFN_TYPES: readonly FfnType[] = CUSTOM_MODEL_FIELDS.ffn_type.values;

type InferenceNumbers = Record<(typeof INFERENCE_NUMBER_KEYS)[number], number>;
type HardwareNumbers = Record<(typeof HARDWARE_NUMBER_KEYS)[number], number>;

/** What a share link says; each part only as far as the link gives it. */
export interface SharedInputs {
  mode: ModelMode;
  /** Preset id, in preset mode. */
  preset?: string;
  /** The whole custom model, in custom mode (fields the link leaves out take the form's defaults). */
  custom?: CustomModelValue;
  extras: ArchitectureExtras;
  inference: Partial<InferenceNumbers & { precision: WeightFormat; kv_cache_precision: KvCacheFormat }>;
  hardware: Partial<HardwareNumbers & { gpu: string; runtime: RuntimeChoice }>;
}

function put(params: Params, key: string, value: string | number | boolean | null | undefined): void {
  if (value === null || value === undefined) return;
  const text = String(value).trim();
  if (text !== '') params[key] = text;
}

/** The query parameters for the form's current value (and the preset fields it keeps aside). */
export function shareParamsFromForm(form: CalculatorForm, extras: ArchitectureExtras = {}): Params {
  const value = form.getRawValue();
  const params: Params = {};
  if (value.mode === 'preset') {
    put(params, 'model', value.preset);
  } else {
    const custom = value.custom;
    put(params, 'model_name', custom.name);
    for (const key of CUSTOM_NUMBER_KEYS) put(params, key, custom[key]);
    put(params, 'tie_word_embeddings', custom.tie_word_embeddings);
    put(params, 'ffn_type', custom.ffn_type);
    for (const key of ARCHITECTURE_EXTRA_KEYS) put(params, key, extras[key]);
  }
  put(params, 'gpu', value.hardware.gpu);
  for (const key of INFERENCE_NUMBER_KEYS) put(params, key, value.inference[key]);
  put(params, 'precision', value.inference.precision);
  put(params, 'kv_cache_precision', value.inference.kv_cache_precision);
  put(params, 'runtime', value.hardware.runtime);
  for (const key of HARDWARE_NUMBER_KEYS) {
    // Offloaded layers mean something to llama.cpp only (the request leaves them out otherwise).
    if (key === 'gpu_layers' && value.hardware.runtime !== OFFLOAD_RUNTIME) continue;
    put(params, key, value.hardware[key]);
  }
  return params;
}

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function text(params: Params, key: string): string | undefined {
  const raw: unknown = params[key];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function number(params: Params, key: string): number | undefined {
  const raw = text(params, key);
  if (raw === undefined || !NUMBER_PATTERN.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function boolean(params: Params, key: string): boolean | undefined {
  const raw = text(params, key)?.toLowerCase();
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return undefined;
}

function oneOf<T extends string>(params: Params, key: string, options: readonly T[]): T | undefined {
  const raw = text(params, key);
  return options.find((option) => option === raw);
}

/** Whether the URL carries calculator inputs at all (a plain `/` does not). */
export function hasSharedInputs(params: Params): boolean {
  return text(params, 'model') !== undefined || text(params, 'hidden_size') !== undefined;
}

/** Reads a share link's parameters; null when they name no model. */
export function sharedInputsFromParams(params: Params): SharedInputs | null {
  if (!hasSharedInputs(params)) return null;
  const preset = text(params, 'model');
  const inference: SharedInputs['inference'] = {};
  for (const key of INFERENCE_NUMBER_KEYS) {
    const value = number(params, key);
    if (value !== undefined) inference[key] = value;
  }
  const precision = oneOf(params, 'precision', WEIGHT_FORMAT_OPTIONS);
  if (precision) inference.precision = precision;
  const kvPrecision = oneOf(params, 'kv_cache_precision', KV_CACHE_FORMAT_OPTIONS);
  if (kvPrecision) inference.kv_cache_precision = kvPrecision;

  const hardware: SharedInputs['hardware'] = {};
  const gpu = text(params, 'gpu');
  if (gpu) hardware.gpu = gpu;
  const runtime = oneOf(params, 'runtime', RUNTIME_OPTIONS);
  if (runtime) hardware.runtime = runtime;
  for (const key of HARDWARE_NUMBER_KEYS) {
    const value = number(params, key);
    if (value !== undefined) hardware[key] = value;
  }

  if (preset !== undefined) return { mode: 'preset', preset, extras: {}, inference, hardware };

  const d = DEFAULT_CUSTOM_MODEL;
  const custom: CustomModelValue = {
    name: text(params, 'model_name') ?? d.name,
    hidden_size: number(params, 'hidden_size') ?? d.hidden_size,
    intermediate_size: number(params, 'intermediate_size') ?? d.intermediate_size,
    num_layers: number(params, 'num_layers') ?? d.num_layers,
    num_attention_heads: number(params, 'num_attention_heads') ?? d.num_attention_heads,
    num_kv_heads: number(params, 'num_kv_heads') ?? d.num_kv_heads,
    head_dim: number(params, 'head_dim') ?? d.head_dim,
    vocab_size: number(params, 'vocab_size') ?? d.vocab_size,
    tie_word_embeddings: boolean(params, 'tie_word_embeddings') ?? d.tie_word_embeddings,
    ffn_type: oneOf(params, 'ffn_type', FFN_TYPES) ?? d.ffn_type,
    // Optional fields: absent from the link means "not used", as in the form.
    num_experts: number(params, 'num_experts') ?? null,
    experts_per_token: number(params, 'experts_per_token') ?? null,
    expert_intermediate_size: number(params, 'expert_intermediate_size') ?? null,
    num_shared_experts: number(params, 'num_shared_experts') ?? null,
    first_dense_layers: number(params, 'first_dense_layers') ?? null,
    kv_lora_rank: number(params, 'kv_lora_rank') ?? null,
    qk_rope_head_dim: number(params, 'qk_rope_head_dim') ?? null,
    sliding_window: number(params, 'sliding_window') ?? null,
    sliding_window_pattern: number(params, 'sliding_window_pattern') ?? null,
  };
  const extras: Record<string, unknown> = {};
  for (const key of [
    'shared_expert_intermediate_size',
    'q_lora_rank',
    'qk_nope_head_dim',
    'v_head_dim',
    'max_position_embeddings',
  ] as const) {
    const value = number(params, key);
    if (value !== undefined) extras[key] = value;
  }
  for (const key of EXTRA_BOOLEAN_KEYS) {
    const value = boolean(params, key);
    if (value !== undefined) extras[key] = value;
  }
  const norm = oneOf(params, 'norm_type', NORM_TYPES);
  if (norm) extras['norm_type'] = norm;
  return { mode: 'custom', custom, extras: extras as ArchitectureExtras, inference, hardware };
}
