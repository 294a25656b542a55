import type { Params } from '@angular/router';
import type { KvCacheFormat, WeightFormat } from '@llm-calc/engine';
import { RUNTIME_OPTIONS } from '../calculator/calculator-form';
import { SAVED_MODEL_PREFIX } from '../shared/model-select';
import { type CompareFormValue, GPU_COUNTS, type GpuCount, KV_FORMATS, WEIGHT_FORMATS } from './compare-form';

/**
 * The compare form as URL query parameters, so that a link reopens (and reruns) a comparison.
 * Keys are the request's field names; `gpus` is comma-separated and `gpu_count` is `fewest` or a
 * number. A saved custom model lives in one browser's server, so it is not put in a link.
 * Reading back, a value that does not parse (or names no known GPU) is left out and the form
 * keeps its default.
 */

const NUMBER_KEYS = ['sequence_length', 'output_tokens', 'batch_size', 'efficiency', 'memory_efficiency'] as const;

export function compareParamsFromValue(value: CompareFormValue): Params {
  const params: Params = {};
  if (value.model && !value.model.startsWith(SAVED_MODEL_PREFIX)) params['model'] = value.model;
  for (const key of NUMBER_KEYS) {
    const n = value[key];
    if (n !== null && Number.isFinite(n)) params[key] = String(n);
  }
  params['precision'] = value.precision;
  params['kv_cache_precision'] = value.kv_cache_precision;
  params['runtime'] = value.runtime;
  if (value.gpus.length > 0) params['gpus'] = value.gpus.join(',');
  params['gpu_count'] = String(value.gpu_count);
  return params;
}

function single(params: Params, key: string): string | undefined {
  const v = params[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The parts of the form a link gives; `modelIds`/`gpuIds` are the catalogue's, to drop unknown ones. */
export function compareValueFromParams(params: Params, modelIds: readonly string[], gpuIds: readonly string[]): Partial<CompareFormValue> {
  const value: Partial<CompareFormValue> = {};
  const model = single(params, 'model');
  if (model && modelIds.includes(model)) value.model = model;
  for (const key of NUMBER_KEYS) {
    const text = single(params, key);
    const n = text === undefined ? NaN : Number(text);
    if (Number.isFinite(n)) value[key] = n;
  }
  const precision = single(params, 'precision');
  if (precision && (WEIGHT_FORMATS as readonly string[]).includes(precision)) value.precision = precision as WeightFormat;
  const kv = single(params, 'kv_cache_precision');
  if (kv && (KV_FORMATS as readonly string[]).includes(kv)) value.kv_cache_precision = kv as KvCacheFormat;
  const runtime = single(params, 'runtime');
  const knownRuntime = RUNTIME_OPTIONS.find((r) => r === runtime);
  if (knownRuntime) value.runtime = knownRuntime;
  const gpus = single(params, 'gpus');
  if (gpus) {
    const known = [...new Set(gpus.split(',').map((g) => g.trim()))].filter((g) => gpuIds.includes(g));
    if (known.length > 0) value.gpus = known;
  }
  const count = single(params, 'gpu_count');
  const parsed = count === 'fewest' ? 'fewest' : Number(count);
  if ((GPU_COUNTS as readonly (string | number)[]).includes(parsed)) value.gpu_count = parsed as GpuCount;
  return value;
}
