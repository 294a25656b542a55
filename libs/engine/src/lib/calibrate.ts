import { calculate } from './calculate';
import { isProfile } from './runtime';
import type { GpuSpec, InferenceOptions, ModelArchitecture } from './types';

/**
 * Inverse problem for calibration: the efficiency that reproduces a measured figure. Decode
 * speed rises monotonically with memory efficiency (and prefill speed with compute efficiency),
 * so bisection finds it; null when even 100% cannot reach the measurement.
 */
export interface EfficiencyFit {
  efficiency: number | null;
  /**
   * The efficiency in use before the fit: the one given, else under a runtime profile the
   * profile's (memory: its share for this GPU's memory kind; compute: its GEMM-shape curve at the
   * prefill's chunk).
   */
  currentEfficiency: number;
  /** The figure at the given (or default) efficiency, and its error against the measurement. */
  estimateAtCurrent: number;
  relativeErrorAtCurrent: number;
  /** The best the roofline allows at efficiency 1. */
  bestPossible: number;
}

function bisect(f: (x: number) => number, target: number): number | null {
  let lo = 1e-4;
  let hi = 1;
  if (f(hi) < target) return null;
  if (f(lo) > target) return lo;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean decode tokens/s per sequence over the generation (prefill excluded). */
export function decodeTokensPerSecond(model: ModelArchitecture, gpu: GpuSpec, o: InferenceOptions): number {
  const r = calculate({ model, gpu, options: o }).performance;
  return o.outputTokens > 0 ? o.outputTokens / (r.totalLatencySeconds - r.prefillLatencySeconds) : 1 / r.perTokenLatencySeconds;
}

/** Options with this memory efficiency: under a runtime profile as the override of the profile's share. */
function withMemoryEfficiency(o: InferenceOptions, e: number): InferenceOptions {
  return isProfile(o.runtime) ? { ...o, memoryEfficiencyOverride: e } : { ...o, memoryEfficiency: e };
}

/** Options with this compute efficiency: under a runtime profile as the override of its GEMM-shape curve. */
function withComputeEfficiency(o: InferenceOptions, e: number): InferenceOptions {
  return isProfile(o.runtime) ? { ...o, computeEfficiencyOverride: e } : { ...o, computeEfficiency: e };
}

/**
 * The memory-bandwidth efficiency that reproduces a measured single-sequence decode rate; under a
 * runtime profile the profile's other terms (step costs, unpacking factor) stay as fitted.
 */
export function fitMemoryEfficiency(
  model: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  measuredTokensPerSecond: number,
): EfficiencyFit {
  const rate = (e: number) => decodeTokensPerSecond(model, gpu, withMemoryEfficiency(o, e));
  const current = decodeTokensPerSecond(model, gpu, o);
  const used = calculate({ model, gpu, options: o }).stepCosts?.decode.memoryEfficiency ?? o.memoryEfficiency;
  return {
    efficiency: bisect(rate, measuredTokensPerSecond),
    currentEfficiency: used,
    estimateAtCurrent: current,
    relativeErrorAtCurrent: (current - measuredTokensPerSecond) / measuredTokensPerSecond,
    bestPossible: rate(1),
  };
}

/** The compute efficiency that reproduces a measured prefill time (seconds), under the runtime given. */
export function fitComputeEfficiency(
  model: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  measuredPrefillSeconds: number,
): EfficiencyFit {
  // Work with speed (1/seconds) so the function rises with efficiency.
  const speed = (e: number) => 1 / calculate({ model, gpu, options: withComputeEfficiency(o, e) }).performance.prefillLatencySeconds;
  const at = calculate({ model, gpu, options: o });
  const current = at.performance.prefillLatencySeconds;
  const fitted = bisect(speed, 1 / measuredPrefillSeconds);
  return {
    efficiency: fitted,
    currentEfficiency: at.stepCosts?.prefill.computeEfficiency ?? o.computeEfficiency,
    estimateAtCurrent: current,
    relativeErrorAtCurrent: (current - measuredPrefillSeconds) / measuredPrefillSeconds,
    bestPossible: 1 / speed(1),
  };
}
