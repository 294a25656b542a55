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
 * Round context lengths from `min` to `max` for the chart's axis: the powers of two (512, 1,024,
 * 2,048 ... 131,072) with the 1.5× steps between them (768, 1,536 ...) while that keeps about a
 * dozen points, and `max` itself last when it is not one of them (a model's trained context).
 */
export function roundContexts(min: number, max: number, maxPoints = 14): number[] {
  if (max <= min) return [Math.max(1, Math.round(max))];
  const powers: number[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(min)); v <= max; v *= 2) powers.push(v);
  const withHalves = powers.flatMap((v) => (v * 1.5 <= max ? [v, v * 1.5] : [v]));
  const values = withHalves.length <= maxPoints ? withHalves : powers;
  if (values[values.length - 1] !== max) values.push(Math.round(max));
  return values;
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
    context: { ...request, vary: 'sequence_length', values: roundContexts(MIN_SWEEP_CONTEXT, longest) },
    batch: { ...request, vary: 'batch_size', values: [...BATCH_SWEEP_VALUES] },
    gpus: { ...request, vary: 'num_gpus', values: gpuCounts },
  };
}
