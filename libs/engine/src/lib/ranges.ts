import type { ErrorSpread, RuntimeProfile, RuntimeRegime } from './runtime';

/** A low-high band around a point estimate, same unit as the estimate. */
export interface Range {
  low: number;
  high: number;
}

/**
 * Spreads are log(estimated / measured) in the "speed" sense for performance (tokens/s; a latency
 * error enters as log(measured / estimated)) and in the value sense for memory, as
 * tools/calibration.ts records them. Clamped so that the band always holds the point.
 */
function bounds(s: ErrorSpread): [number, number] {
  return [Math.min(s.lower, 0), Math.max(s.upper, 0)];
}

/** Band for a rate (tokens/s): measured = estimate * exp(-error). */
export function rateRange(value: number, s: ErrorSpread): Range {
  const [lower, upper] = bounds(s);
  return { low: value * Math.exp(-upper), high: value * Math.exp(-lower) };
}

/** Band for a duration (seconds), the inverse of a rate: measured = estimate * exp(error). */
export function durationRange(value: number, s: ErrorSpread): Range {
  const [lower, upper] = bounds(s);
  return { low: value * Math.exp(lower), high: value * Math.exp(upper) };
}

/** Band for a byte count: measured = estimate * exp(-error). */
export function bytesRange(value: number, s: ErrorSpread): Range {
  return rateRange(value, s);
}

/** The spread of a regime, or the decode one where the regime has no points of its own. */
export function spreadFor(profile: RuntimeProfile, regime: RuntimeRegime): ErrorSpread {
  const s = profile.spreads[regime];
  if (s.n > 0 || regime === 'decode') return s;
  return profile.spreads.decode;
}

/** Every performance figure and the memory total with its band. */
export interface EstimateRanges {
  tokensPerSecond: Range;
  aggregateTokensPerSecond: Range;
  perTokenLatencySeconds: Range;
  prefillLatencySeconds: Range;
  timeFor1000TokensSeconds: Range;
  totalLatencySeconds: Range;
  memoryTotalBytes: Range;
}

/**
 * The low-high band of every performance figure and of the memory total: the point estimate scaled
 * by the runtime's cross-validated 5th and 95th percentile error ratios for the figure's regime
 * (batch-1 decode, batched decode, prefill, memory), from the generated fit in libs/presets.
 */
export function estimateRanges(
  profile: RuntimeProfile,
  batchSize: number,
  p: {
    tokensPerSecond: number;
    aggregateTokensPerSecond: number;
    perTokenLatencySeconds: number;
    prefillLatencySeconds: number;
    timeFor1000TokensSeconds: number;
    totalLatencySeconds: number;
  },
  memoryTotalBytes: number,
): EstimateRanges {
  const decode = spreadFor(profile, batchSize > 1 ? 'batched' : 'decode');
  const prefill = spreadFor(profile, 'prefill');
  // The factors of rateRange / durationRange, each exp taken once (the same numbers: five
  // decode figures share two pairs of them).
  const [dLower, dUpper] = bounds(decode);
  const rateLow = Math.exp(-dUpper);
  const rateHigh = Math.exp(-dLower);
  const durLow = Math.exp(dLower);
  const durHigh = Math.exp(dUpper);
  const prefillRange = durationRange(p.prefillLatencySeconds, prefill);
  // A run is prefill then decode: each part varies with its own regime's spread.
  const split = (total: number): Range => {
    const d = total - p.prefillLatencySeconds;
    return { low: prefillRange.low + d * durLow, high: prefillRange.high + d * durHigh };
  };
  return {
    tokensPerSecond: { low: p.tokensPerSecond * rateLow, high: p.tokensPerSecond * rateHigh },
    aggregateTokensPerSecond: { low: p.aggregateTokensPerSecond * rateLow, high: p.aggregateTokensPerSecond * rateHigh },
    perTokenLatencySeconds: { low: p.perTokenLatencySeconds * durLow, high: p.perTokenLatencySeconds * durHigh },
    prefillLatencySeconds: prefillRange,
    timeFor1000TokensSeconds: split(p.timeFor1000TokensSeconds),
    totalLatencySeconds: split(p.totalLatencySeconds),
    memoryTotalBytes: bytesRange(memoryTotalBytes, spreadFor(profile, 'memory')),
  };
}
