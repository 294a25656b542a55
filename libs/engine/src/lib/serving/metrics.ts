import type { SimulationResult } from './scheduler';
import type { TraceRequest } from './workload';

/** Latency percentiles in seconds. */
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

/**
 * The q-quantile (0..1) of ascending `sorted`, linearly interpolated between the closest ranks
 * (numpy's default, as vLLM's benchmark_serving reports); NaN for an empty array.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

/** p50, p90, p99 (linear interpolation between ranks, on a sorted copy) and the mean of the values; NaN for an empty array. */
export function percentiles(values: Float64Array): Percentiles {
  const sorted = values.slice().sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i] as number;
  return {
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export interface ServingMetrics {
  /** Finished requests per second over the run (first arrival to last finish). */
  requestsPerSecond: number;
  inputTokensPerSecond: number;
  outputTokensPerSecond: number;
  /** Input plus output tokens per second. */
  totalTokensPerSecond: number;
  /** Time to first token: queueing plus prefill, to the end of the step that samples the first token. */
  ttftSeconds: Percentiles;
  /** Time per output token after the first: (e2e - ttft) / (output_tokens - 1), requests with 2+ output tokens. */
  tpotSeconds: Percentiles;
  /** Arrival to last token. */
  e2eSeconds: Percentiles;
  durationSeconds: number;
  /**
   * Requests per second while the server was saturated (requests still waiting): output tokens
   * sampled until the queue emptied / mean output tokens / that time. The capacity of an offline
   * run without its drain, where the longest requests finish alone; requestsPerSecond when nothing waited.
   */
  steadyRequestsPerSecond: number;
  finished: number;
  refused: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  /** Share of the GPU time spent on prefill (input) work, by each part's roofline time in mixed steps. */
  prefillShare: number;
}

/** Figures of one simulated replica, from its per-request times. */
export function summarize(trace: readonly TraceRequest[], sim: SimulationResult): ServingMetrics {
  const ttft: number[] = [];
  const tpot: number[] = [];
  const e2e: number[] = [];
  let start = Infinity;
  let end = 0;
  let input = 0;
  let output = 0;
  for (let i = 0; i < trace.length; i++) {
    const f = sim.finishSeconds[i] as number;
    if (Number.isNaN(f)) continue;
    const a = sim.arrivalSeconds[i] as number;
    const r = trace[i] as TraceRequest;
    const t = (sim.firstTokenSeconds[i] as number) - a;
    start = Math.min(start, a);
    end = Math.max(end, f);
    input += r.inputTokens;
    output += r.outputTokens;
    ttft.push(t);
    e2e.push(f - a);
    if (r.outputTokens > 1) tpot.push((f - a - t) / (r.outputTokens - 1));
  }
  const n = e2e.length;
  const duration = n ? end - start : 0;
  const per = (x: number) => (duration > 0 ? x / duration : 0);
  return {
    requestsPerSecond: per(n),
    inputTokensPerSecond: per(input),
    outputTokensPerSecond: per(output),
    totalTokensPerSecond: per(input + output),
    ttftSeconds: percentiles(Float64Array.from(ttft)),
    tpotSeconds: percentiles(Float64Array.from(tpot)),
    e2eSeconds: percentiles(Float64Array.from(e2e)),
    durationSeconds: duration,
    steadyRequestsPerSecond:
      sim.saturatedSeconds > 0 && output > 0 && sim.saturatedOutputTokens > 0
        ? sim.saturatedOutputTokens / (output / n) / sim.saturatedSeconds
        : per(n),
    finished: n,
    refused: sim.refused,
    meanInputTokens: n ? input / n : 0,
    meanOutputTokens: n ? output / n : 0,
    prefillShare: sim.busySeconds > 0 ? sim.prefillSeconds / sim.busySeconds : 0,
  };
}
