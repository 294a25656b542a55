import type { CalculateRequest } from '@llm-calc/contracts';
import type { SweepRequest } from '../shared/api.service';

/** The three "Scaling" charts, each answered by one POST /api/sweep. */
export type ScalingChartId = 'context' | 'batch' | 'gpus';

export const SCALING_CHART_IDS: readonly ScalingChartId[] = ['context', 'batch', 'gpus'];

/** Used when neither the preset nor the custom model says how long a context it was trained for. */
export const FALLBACK_MAX_CONTEXT = 131_072;
export const MIN_SWEEP_CONTEXT = 512;
export const BATCH_SWEEP_VALUES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];
export const TENSOR_SWEEP_DEGREES: readonly number[] = [1, 2, 4, 8];

/**
 * About `count` whole numbers from `min` to `max`, evenly spaced on a log scale (so the short
 * contexts, where most use is, get as many points as the long ones), without duplicates.
 */
export function logSpaced(min: number, max: number, count = 12): number[] {
  if (max <= min) return [Math.max(1, Math.round(max))];
  const ratio = Math.log(max / min);
  const values = Array.from({ length: count }, (_, i) => Math.round(min * Math.exp((ratio * i) / (count - 1))));
  return [...new Set(values)];
}

/** The sweeps for a request that has just been calculated. `maxContext`: the model's trained context. */
export function scalingSweepRequests(
  request: CalculateRequest,
  maxContext: number | null | undefined,
): Record<ScalingChartId, SweepRequest> {
  const pipeline = request.pipeline_parallel ?? 1;
  // Tensor parallel is what the sweep varies: num_gpus must stay a multiple of the pipeline.
  const gpuCounts = TENSOR_SWEEP_DEGREES.map((t) => t * pipeline);
  const longest = maxContext && maxContext > MIN_SWEEP_CONTEXT ? maxContext : FALLBACK_MAX_CONTEXT;
  return {
    context: { ...request, vary: 'sequence_length', values: logSpaced(MIN_SWEEP_CONTEXT, longest) },
    batch: { ...request, vary: 'batch_size', values: [...BATCH_SWEEP_VALUES] },
    gpus: { ...request, vary: 'num_gpus', values: gpuCounts },
  };
}

