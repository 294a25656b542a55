/**
 * Fits the two serving parameters of libs/engine/src/lib/serving/serving-traits.ts on the measured
 * serving throughput (libs/presets/reference/serving-measured.json) and cross-validates them by
 * leaving one source (document) out at a time:
 *   - PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE: host seconds per running sequence per step, for the
 *     vLLM and SGLang runs (the only runs it changes);
 *   - SERVING_FP8_COMPUTE_FACTOR: FP8 compute-efficiency factor of serving steps, for the FP8 runs
 *     (the only runs it changes).
 * Each parameter only touches its own runs, so each is fitted on a grid on those runs alone: the
 * value minimising the mean |log(simulated / measured)|. Cross-validation: for every source, both
 * values are refitted without that source's runs and its runs are predicted with them.
 * Writes tools/serving-fit.json (read by tools/serving-validation.ts). Run: npm run serving-fit
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { data, estimate, median, sourceOf, type Row, type TraitOverrides } from './serving-rows';

const HOST_GRID = [0, 1e-5, 2e-5, 3e-5, 4e-5, 5e-5, 6e-5, 7e-5, 8e-5, 1e-4, 1.2e-4];
const FP8_GRID = [0.5, 0.55, 0.61, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1];

const rows = data.throughput;
const usesHost = (r: Row) => r.runtime === 'vllm' || r.runtime === 'sglang';
const usesFp8 = (r: Row) => r.precision === 'fp8';

/** log(simulated / measured) of every run at every grid value of the parameter it depends on. */
function logErrors(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const grid: TraitOverrides[] = usesHost(r)
      ? HOST_GRID.map((h) => ({ hostSecondsPerSequence: h }))
      : usesFp8(r)
        ? FP8_GRID.map((f) => ({ fp8ComputeFactor: f }))
        : [{}];
    out.set(
      r.id,
      grid.map((o) => Math.log(estimate(r, true, o) / r.value)),
    );
  }
  return out;
}

const t0 = Date.now();
const errs = logErrors();
const best = (subset: Row[], pick: (r: Row) => boolean): number => {
  const rs = subset.filter(pick);
  if (rs.length === 0) return -1;
  let bi = 0;
  let bv = Infinity;
  const n = (errs.get(rs[0]!.id) as number[]).length;
  for (let i = 0; i < n; i++) {
    const v = rs.reduce((s, r) => s + Math.abs((errs.get(r.id) as number[])[i] as number), 0) / rs.length;
    if (v < bv) {
      bv = v;
      bi = i;
    }
  }
  return bi;
};
const DEFAULT_FP8 = FP8_GRID.indexOf(0.61);
const fitted = (subset: Row[]) => ({ host: best(subset, usesHost), fp8: best(subset, usesFp8) });
const errorAt = (r: Row, f: { host: number; fp8: number }) => {
  const e = errs.get(r.id) as number[];
  const i = usesHost(r) ? f.host : usesFp8(r) ? f.fp8 : 0;
  return Math.abs(Math.exp(e[i < 0 ? (usesFp8(r) ? DEFAULT_FP8 : 0) : i] as number) - 1);
};

const all = fitted(rows);
const inSample = rows.map((r) => errorAt(r, all));
const sources = [...new Set(rows.map(sourceOf))];
const cv = new Map<string, number>();
const perSource: { source: string; runs: number; host: number; fp8: number; medianError: number }[] = [];
for (const s of sources) {
  const train = rows.filter((r) => sourceOf(r) !== s);
  const f = fitted(train);
  const held = rows.filter((r) => sourceOf(r) === s);
  for (const r of held) cv.set(r.id, errorAt(r, f));
  perSource.push({
    source: s,
    runs: held.length,
    host: f.host < 0 ? NaN : (HOST_GRID[f.host] as number),
    fp8: f.fp8 < 0 ? NaN : (FP8_GRID[f.fp8] as number),
    medianError: median(held.map((r) => cv.get(r.id) as number)),
  });
}
const cvErrors = rows.map((r) => cv.get(r.id) as number);
const assumedFree = rows.filter((r) => r.assumed.length === 0);
const result = {
  hostSecondsPerSequence: HOST_GRID[all.host],
  fp8ComputeFactor: FP8_GRID[all.fp8],
  runs: rows.length,
  sources: sources.length,
  medianErrorInSample: median(inSample),
  medianErrorCrossValidated: median(cvErrors),
  medianErrorCrossValidatedNothingAssumed: median(assumedFree.map((r) => cv.get(r.id) as number)),
  withinTolCrossValidated: cvErrors.filter((x) => x <= 0.25).length,
  perSource,
};
console.log(JSON.stringify(result, null, 2));
console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
writeFileSync(resolve(__dirname, 'serving-fit.json'), JSON.stringify(result, null, 2) + '\n');
