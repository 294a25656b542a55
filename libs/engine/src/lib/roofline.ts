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

/** Linear function value + slope * (x - x0), evaluated at integer points. */
interface Linear {
  at0: number;
  slope: number;
}

function sumLinear(f: Linear, from: number, count: number, x0: number): number {
  // sum_{i=0}^{count-1} f(from + i), with f(x) = at0 + slope * (x - x0)
  const first = f.at0 + f.slope * (from - x0);
  return count * first + (f.slope * count * (count - 1)) / 2;
}

/**
 * Exact sum over integer x in [from, to) of max(f(x), g(x)) for two functions linear on that
 * range (the decode step's compute and memory times as the context grows): split at the
 * crossover and sum two arithmetic series.
 */
export function sumMaxOfLinear(f: (x: number) => number, g: (x: number) => number, from: number, to: number): number {
  const count = to - from;
  if (count <= 0) return 0;
  const lf: Linear = { at0: f(from), slope: count > 1 ? f(from + 1) - f(from) : 0 };
  const lg: Linear = { at0: g(from), slope: count > 1 ? g(from + 1) - g(from) : 0 };
  const diff0 = lf.at0 - lg.at0;
  const diffSlope = lf.slope - lg.slope;
  // crossover index k where f - g changes sign: diff0 + diffSlope * k = 0
  let split = count;
  if (diffSlope !== 0) {
    const k = Math.ceil(-diff0 / diffSlope);
    if (k > 0 && k < count) split = k;
  }
  const firstIsF = diff0 > 0 || (diff0 === 0 && diffSlope >= 0);
  const a = firstIsF ? lf : lg;
  const b = firstIsF ? lg : lf;
  return sumLinear(a, from, split, from) + sumLinear(b, from + split, count - split, from);
}
