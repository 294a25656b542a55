import type { Params } from '@angular/router';
import type { ActivationRecompute, TrainingPrecision } from '@llm-calc/engine';
import { SAVED_MODEL_PREFIX } from '../shared/model-select';
import type { ZeroStage } from '../shared/planning-api.service';
import { RECOMPUTE_OPTIONS, TRAINING_PRECISION_OPTIONS, type TrainingFormValue, ZERO_STAGE_OPTIONS } from './training-form';

/**
 * The training form as URL query parameters, so that a link reopens (and reruns) an estimate.
 * Keys are the form's field names (`training_tokens_billions` in billions, as typed). A saved
 * custom model lives on one server, so it is not put in a link. Reading back, a value that does
 * not parse or names nothing known is left out and the form keeps its default.
 */
const NUMBER_KEYS = ['num_gpus', 'training_tokens_billions', 'sequence_length', 'micro_batch_size', 'mfu', 'price_per_gpu_hour'] as const;

export function trainingParamsFromValue(value: TrainingFormValue): Params {
  const params: Params = {};
  if (value.model && !value.model.startsWith(SAVED_MODEL_PREFIX)) params['model'] = value.model;
  if (value.gpu) params['gpu'] = value.gpu;
  for (const key of NUMBER_KEYS) {
    const n = value[key];
    if (n !== null && Number.isFinite(n)) params[key] = String(n);
  }
  params['precision'] = value.precision;
  params['zero_stage'] = String(value.zero_stage);
  params['activation_recompute'] = value.activation_recompute;
  return params;
}

function single(params: Params, key: string): string | undefined {
  const v: unknown = params[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The parts of the form a link gives; `modelIds`/`gpuIds` are the catalogue's, to drop unknown ones. */
export function trainingValueFromParams(
  params: Params,
  modelIds: readonly string[],
  gpuIds: readonly string[],
): Partial<TrainingFormValue> {
  const value: Partial<TrainingFormValue> = {};
  const model = single(params, 'model');
  if (model && modelIds.includes(model)) value.model = model;
  const gpu = single(params, 'gpu');
  if (gpu && gpuIds.includes(gpu)) value.gpu = gpu;
  for (const key of NUMBER_KEYS) {
    const text = single(params, key);
    const n = text === undefined || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? NaN : Number(text);
    if (Number.isFinite(n)) value[key] = n;
  }
  const precision = single(params, 'precision');
  if (precision && (TRAINING_PRECISION_OPTIONS as readonly string[]).includes(precision)) value.precision = precision as TrainingPrecision;
  const stage = Number(single(params, 'zero_stage'));
  const knownStage = ZERO_STAGE_OPTIONS.find((o) => o.value === stage);
  if (knownStage) value.zero_stage = knownStage.value as ZeroStage;
  const recompute = single(params, 'activation_recompute');
  const knownRecompute = RECOMPUTE_OPTIONS.find((o) => o.value === recompute);
  if (knownRecompute) value.activation_recompute = knownRecompute.value as ActivationRecompute;
  return value;
}
