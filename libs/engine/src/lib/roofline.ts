import type { Bound, PhaseRoofline } from './types';

/**
 * The roofline (Williams et al. 2009; LLM-Viewer roofline_model.py): a phase takes the longer of
 * its compute time and its memory time, plus what cannot overlap with either.
 */
export function phaseRoofline(args: {
  flops: number;
  /** Bytes moved across all GPUs of the phase. */
  bytes: number;
  /** flops / (GPUs sharing the work * peak FLOP/s * compute efficiency). */
  computeSeconds: number;
  /** per-GPU bytes / (peak bandwidth * memory efficiency). */
  memorySeconds: number;
  /** Serial extras: collectives, pipeline transfers, dequantization. */
  extraSeconds: number;
}): PhaseRoofline {
  const { computeSeconds, memorySeconds } = args;
  const bound: Bound = computeSeconds >= memorySeconds ? 'compute' : 'memory';
  return {
    flops: args.flops,
    bytes: args.bytes,
    computeSeconds,
    memorySeconds,
    communicationSeconds: args.extraSeconds,
    seconds: Math.max(computeSeconds, memorySeconds) + args.extraSeconds,
    bound,
    arithmeticIntensity: args.bytes > 0 ? args.flops / args.bytes : 0,
  };
}

/**
 * Exact sum over integer x in [from, to) of max(f(x), g(x)) for two functions linear on that
 * range (the decode step's compute and memory times as the context grows): split at the
 * crossover and sum two arithmetic series.
 */
export function sumMaxOfLinear(f: (x: number) => number, g: (x: number) => number, from: number, to: number): number {
  const count = to - from;
  if (count <= 0) return 0;
  const f0 = f(from);
  const g0 = g(from);
  return sumMaxOfLines(f0, count > 1 ? f(from + 1) - f0 : 0, g0, count > 1 ? g(from + 1) - g0 : 0, from, count);
}

/**
 * sumMaxOfLinear from the two lines' values at `from` and slopes (the slopes 0 when count is 1),
 * for callers that sum several ranges from the same start: sum over x in [from, from + count)
 * of max(f0 + fSlope * (x - from), g0 + gSlope * (x - from)), count >= 1.
 */
export function sumMaxOfLines(f0: number, fSlope: number, g0: number, gSlope: number, from: number, count: number): number {
  const diff0 = f0 - g0;
  const diffSlope = fSlope - gSlope;
  // crossover index k where f - g changes sign: diff0 + diffSlope * k = 0
  let split = count;
  if (diffSlope !== 0) {
    const k = Math.ceil(-diff0 / diffSlope);
    if (k > 0 && k < count) split = k;
  }
  const firstIsF = diff0 > 0 || (diff0 === 0 && diffSlope >= 0);
  const aAt = firstIsF ? f0 : g0;
  const aSlope = firstIsF ? fSlope : gSlope;
  const bAt = firstIsF ? g0 : f0;
  const bSlope = firstIsF ? gSlope : fSlope;
  return sumLinear(aAt, aSlope, from, split, from) + sumLinear(bAt, bSlope, from + split, count - split, from);
}

/** How many of `count` steps of the line y0 + slope * i (slope >= 0) stay below `floor`:
 * the steps a floor holds up when the line rises (decode steps under eager launches). */
export function stepsBelow(y0: number, slope: number, floor: number, count: number): number {
  if (y0 >= floor) return 0;
  if (slope <= 0) return count;
  return Math.min(count, Math.ceil((floor - y0) / slope));
}

function sumLinear(at0: number, slope: number, from: number, count: number, x0: number): number {
  // sum_{i=0}^{count-1} f(from + i), with f(x) = at0 + slope * (x - x0)
  const first = at0 + slope * (from - x0);
  return count * first + (slope * count * (count - 1)) / 2;
}
