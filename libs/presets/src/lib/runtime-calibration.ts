import { parameterCounts, RUNTIME_REGIMES, type ErrorSpread, type FittedParameters, type RuntimeRegime } from '@llm-calc/engine';
import { caseLogError, estimateCase, type MeasuredCase } from './measured';
import {
  buildRuntimeProfile,
  FAMILY_PRIORS,
  RUNTIME_BASES,
  type RuntimeFamily,
  type RuntimeFit,
  type RuntimePreset,
} from './runtime-profiles';

/**
 * Fitting the runtime profiles on measured runs (pure; tools/calibration.ts does the I/O).
 *
 * Model: each family (graph, eager, ggml) has six parameters in log space (bandwidth share for
 * HBM, GDDR and unified memory, the unpacking factor of quantized formats, the compute saturation
 * and the per-layer step cost); each runtime with measured runs adds a deviation from its family;
 * one all-reduce latency is shared by all. The fit minimises the sum of robust (Huber) losses of the
 * log errors of the performance cases plus ridge penalties that pull deviations to 0 and families to their cited
 * priors (so a parameter no data speaks to stays at its prior), by coordinate search.
 * Cross-validation leaves one source (document) out at a time and predicts its cases from the rest.
 */

export const RUNTIME_PENALTY = 0.5;
export const FAMILY_PENALTY = 0.1;

const PARAMS = ['HBM', 'GDDR', 'unified', 'quantizedReadFactor', 'computeEfficiencyMax', 'perLayerSeconds'] as const;
type Param = (typeof PARAMS)[number];
const FRACTIONS: ReadonlySet<Param> = new Set(['HBM', 'GDDR', 'unified', 'quantizedReadFactor', 'computeEfficiencyMax']);

type Vector = Record<Param, number>;

interface State {
  family: Record<RuntimeFamily, Vector>;
  delta: Record<string, Vector>;
  logAllReduce: number;
  logLowPrecision: number;
  /** ln of the eager runtimes' launch cost of weight-only quantized layers relative to 16-bit ones. */
  logQuantizedLaunch: number;
  /** ln of the per-request overhead in client-measured TTFT (one value shared by the servers). */
  logRequestOverhead: number;
  /** ln of the extra per-step cost of an older engine release (vLLM V0, TensorRT-LLM <= 0.5) in runs of those versions. */
  logLegacyStep: number;
}

/** Prior of the V0 engine's extra per-step CPU cost (vLLM 0.6 profiles: ~1-3 ms of scheduling and sampling per step), seconds. */
export const LEGACY_STEP_PRIOR_SECONDS = 1.5e-3;

/** Prior of the per-request overhead a benchmark client sees in TTFT (HTTP, tokenization, scheduling), seconds. */
export const REQUEST_OVERHEAD_PRIOR_SECONDS = 0.02;

const FAMILIES: RuntimeFamily[] = ['graph', 'eager', 'ggml'];
const BASE_BY_ID = new Map(RUNTIME_BASES.map((b) => [b.id, b]));

function toVector(p: FittedParameters): Vector {
  return {
    HBM: Math.log(p.memoryEfficiency.HBM),
    GDDR: Math.log(p.memoryEfficiency.GDDR),
    unified: Math.log(p.memoryEfficiency.unified),
    quantizedReadFactor: Math.log(p.quantizedReadFactor),
    computeEfficiencyMax: Math.log(p.computeEfficiencyMax),
    perLayerSeconds: Math.log(p.perLayerSeconds),
  };
}

const zero = (): Vector => ({ HBM: 0, GDDR: 0, unified: 0, quantizedReadFactor: 0, computeEfficiencyMax: 0, perLayerSeconds: 0 });

function priorState(): State {
  return {
    family: { graph: toVector(FAMILY_PRIORS.graph), eager: toVector(FAMILY_PRIORS.eager), ggml: toVector(FAMILY_PRIORS.ggml) },
    delta: {},
    logAllReduce: Math.log(FAMILY_PRIORS.graph.allReduceLatencySeconds),
    logLowPrecision: Math.log(FAMILY_PRIORS.graph.lowPrecisionComputeFactor),
    logQuantizedLaunch: 0,
    logRequestOverhead: Math.log(REQUEST_OVERHEAD_PRIOR_SECONDS),
    logLegacyStep: Math.log(LEGACY_STEP_PRIOR_SECONDS),
  };
}

function familyOf(runtime: string): RuntimeFamily {
  return BASE_BY_ID.get(runtime)?.family ?? 'graph';
}

/** The fitted parameters of a runtime in a state (fractions capped at 1). */
export function parametersOf(s: State, runtime: string): FittedParameters {
  const f = s.family[familyOf(runtime)];
  const d = s.delta[runtime] ?? zero();
  const v = (k: Param) => {
    const x = Math.exp(f[k] + d[k]);
    return FRACTIONS.has(k) ? Math.min(1, x) : x;
  };
  return {
    memoryEfficiency: { HBM: v('HBM'), GDDR: v('GDDR'), unified: v('unified') },
    quantizedReadFactor: v('quantizedReadFactor'),
    computeEfficiencyMax: v('computeEfficiencyMax'),
    perLayerSeconds: v('perLayerSeconds'),
    allReduceLatencySeconds: Math.exp(s.logAllReduce),
    lowPrecisionComputeFactor: Math.min(1, Math.exp(s.logLowPrecision)),
    ...(BASE_BY_ID.get(runtime)?.launchOverlapsGpu ? { quantizedLaunchFactor: Math.exp(s.logQuantizedLaunch) } : {}),
    requestOverheadSeconds: Math.exp(s.logRequestOverhead),
    legacyStepSeconds: Math.exp(s.logLegacyStep),
  };
}

function profileFor(runtime: string, fitted: FittedParameters): RuntimePreset {
  const base = BASE_BY_ID.get(runtime);
  if (!base) throw new Error(`calibration: unknown runtime ${runtime}`);
  return buildRuntimeProfile(base, { fitted, spreads: undefined as never, calibrated: true });
}

interface Prepared {
  c: MeasuredCase;
  counts: ReturnType<typeof parameterCounts>;
  /** The case's weight in the objective (see SOURCE_WEIGHT_EXPONENT). */
  w: number;
}

/**
 * Each case weighs 1 / n^k where n is the number of fitted cases from its source (document): with
 * k = 0 a source with 60 figures outweighs ten sources with 5 each, and the fit follows that one
 * document's setup (its GPU, its versions) rather than what generalises across documents, which
 * is what the leave-one-source-out check measures. Weights are scaled to sum to the case count.
 */
export const SOURCE_WEIGHT_EXPONENT = 0.5;

function weigh(cases: { c: MeasuredCase; counts: ReturnType<typeof parameterCounts> }[]): Prepared[] {
  const n = new Map<string, number>();
  for (const p of cases) n.set(p.c.source, (n.get(p.c.source) ?? 0) + 1);
  const raw = cases.map((p) => (n.get(p.c.source) as number) ** -SOURCE_WEIGHT_EXPONENT);
  const scale = cases.length / raw.reduce((a, b) => a + b, 0);
  return cases.map((p, i) => ({ ...p, w: (raw[i] as number) * scale }));
}

/**
 * The fit's loss is Huber's on the log error: squared up to this error, linear beyond. A figure
 * 2-4x off (an anomalous document: the HF MoE run, a build with a slow kernel) then pulls the shared
 * parameters like a large error, not like the square of one, and stops moving every other runtime
 * of its family. 0.4 is the textbook 1.345 x the spread (robust sigma of the log errors ~0.3).
 * Tried under the full CV (409 figures): squared loss decode 17.4% / prefill 29.1% / 62.8% within
 * 25%; Huber 0.2: 16.1% / 29.6% / 62.8%; Huber 0.4: 17.6% / 26.4% / 63.6%.
 */
export const ROBUST_LOSS_DELTA = 0.4;

function loss(e: number): number {
  const a = Math.abs(e);
  return a <= ROBUST_LOSS_DELTA ? e * e : ROBUST_LOSS_DELTA * (2 * a - ROBUST_LOSS_DELTA);
}

function squaredError(p: Prepared, s: State): number {
  const e = caseLogError(p.c, estimateCase(p.c, profileFor(p.c.runtime, parametersOf(s, p.c.runtime)), p.counts));
  return p.w * (Number.isFinite(e) ? loss(e) : 100);
}

function penalty(s: State): number {
  let total = 0;
  const prior = priorState();
  for (const f of FAMILIES) for (const k of PARAMS) total += FAMILY_PENALTY * (s.family[f][k] - prior.family[f][k]) ** 2;
  for (const d of Object.values(s.delta)) for (const k of PARAMS) total += RUNTIME_PENALTY * d[k] ** 2;
  total += FAMILY_PENALTY * (s.logAllReduce - prior.logAllReduce) ** 2;
  total += FAMILY_PENALTY * (s.logLowPrecision - prior.logLowPrecision) ** 2;
  total += FAMILY_PENALTY * (s.logQuantizedLaunch - prior.logQuantizedLaunch) ** 2;
  total += FAMILY_PENALTY * (s.logRequestOverhead - prior.logRequestOverhead) ** 2;
  total += FAMILY_PENALTY * (s.logLegacyStep - prior.logLegacyStep) ** 2;
  return total;
}

/** Fits the parameters on the performance cases given (memory cases do not depend on them). */
export function fitState(cases: readonly MeasuredCase[]): State {
  // Fitted on batch-1 decode and prefill; memory does not depend on these parameters, and the
  // batched / high-concurrency runs (static batches of up to 1,024) are predicted, not fitted.
  const perf: Prepared[] = weigh(
    cases.filter((c) => c.regime === 'decode' || c.regime === 'prefill').map((c) => ({ c, counts: parameterCounts(c.model) })),
  );
  const s = priorState();
  const runtimes = [...new Set(perf.map((p) => p.c.runtime))];
  for (const r of runtimes) s.delta[r] = zero();
  const errors = perf.map((p) => squaredError(p, s));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  let objective = sum(errors) + penalty(s);

  type Coordinate = { get: () => number; set: (x: number) => void; affects: (p: Prepared) => boolean };
  const coords: Coordinate[] = [];
  for (const f of FAMILIES) {
    for (const k of PARAMS) {
      if (!perf.some((p) => familyOf(p.c.runtime) === f)) continue;
      coords.push({ get: () => s.family[f][k], set: (x) => (s.family[f][k] = x), affects: (p) => familyOf(p.c.runtime) === f });
    }
  }
  for (const r of runtimes) {
    for (const k of PARAMS) {
      const d = s.delta[r] as Vector;
      coords.push({ get: () => d[k], set: (x) => (d[k] = x), affects: (p) => p.c.runtime === r });
    }
  }
  const lowPrecision = new Set(['fp8', 'int8', 'fp4']);
  coords.push({
    get: () => s.logLowPrecision,
    set: (x) => (s.logLowPrecision = x),
    affects: (p) => lowPrecision.has(p.c.options.weightFormat),
  });
  coords.push({
    get: () => s.logQuantizedLaunch,
    set: (x) => (s.logQuantizedLaunch = x),
    affects: (p) => BASE_BY_ID.get(p.c.runtime)?.launchOverlapsGpu === true,
  });
  coords.push({
    get: () => s.logLegacyStep,
    set: (x) => (s.logLegacyStep = x),
    affects: (p) => p.c.legacyEngine === true,
  });
  coords.push({
    get: () => s.logRequestOverhead,
    set: (x) => (s.logRequestOverhead = x),
    affects: (p) => p.c.metric === 'client-ttft',
  });
  coords.push({
    get: () => s.logAllReduce,
    set: (x) => (s.logAllReduce = x),
    affects: (p) => p.c.options.tensorParallel > 1 || p.c.options.pipelineParallel > 1,
  });

  for (const step of [0.3, 0.1, 0.03, 0.01]) {
    for (let sweep = 0; sweep < 6; sweep++) {
      let improved = false;
      for (const coord of coords) {
        const idx = perf.map((p, i) => (coord.affects(p) ? i : -1)).filter((i) => i >= 0);
        const x0 = coord.get();
        for (const dir of [1, -1]) {
          coord.set(x0 + dir * step);
          const trial = idx.map((i) => squaredError(perf[i] as Prepared, s));
          const replaced = errors.slice();
          idx.forEach((i, j) => (replaced[i] = trial[j] as number));
          const total = sum(replaced) + penalty(s);
          if (total < objective - 1e-12) {
            idx.forEach((i, j) => (errors[i] = trial[j] as number));
            objective = total;
            improved = true;
            break;
          }
          coord.set(x0);
        }
      }
      if (!improved) break;
    }
  }
  return s;
}

/** A state's runtime fits for every runtime base (family values for runtimes without data). */
export function fitsFromState(s: State): Record<string, FittedParameters> {
  return Object.fromEntries(RUNTIME_BASES.filter((b) => b.kind === 'profile').map((b) => [b.id, parametersOf(s, b.id)]));
}

export interface CaseResult {
  c: MeasuredCase;
  estimate: number;
  /** caseLogError of the estimate. */
  error: number;
  /** True when the training fold had no case of this runtime (the runtime was predicted from its family). */
  unseenRuntime: boolean;
}

/** Leave-one-source-out predictions of every case. */
export function crossValidate(cases: readonly MeasuredCase[]): CaseResult[] {
  const sources = [...new Set(cases.map((c) => c.source))];
  const out: CaseResult[] = [];
  for (const source of sources) {
    const train = cases.filter((c) => c.source !== source);
    const s = fitState(train);
    const seen = new Set(train.filter((c) => c.regime === 'decode' || c.regime === 'prefill').map((c) => c.runtime));
    for (const c of cases.filter((x) => x.source === source)) {
      const estimate = estimateCase(c, profileFor(c.runtime, parametersOf(s, c.runtime)));
      out.push({ c, estimate, error: caseLogError(c, estimate), unseenRuntime: !seen.has(c.runtime) });
    }
  }
  return out;
}

/** The in-sample result of a state on every case. */
export function evaluateState(cases: readonly MeasuredCase[], s: State): CaseResult[] {
  return cases.map((c) => {
    const estimate = estimateCase(c, profileFor(c.runtime, parametersOf(s, c.runtime)));
    return { c, estimate, error: caseLogError(c, estimate), unseenRuntime: false };
  });
}

/** Linear-interpolated quantile of a sorted-able sample. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

/**
 * Minimum points for a runtime's own spread in a regime; fewer are pooled with the spread of
 * runtimes predicted without their own data. With 3 or 4 points the percentile band is
 * the spread of those few figures, far too narrow to be honest (vLLM decode: 4 figures gave
 * 125-153 tok/s around 142).
 */
export const MIN_SPREAD_POINTS = 8;

/**
 * The band of every figure is the BAND_QUANTILE to 1 - BAND_QUANTILE quantile of its runtime's
 * cross-validated errors in the regime. Errors cluster by document (a setup runs fast or slow as a
 * whole), so a 10th-90th percentile band held only 62-68% of a held-out document's figures when
 * built without that document (rangeCoverage, 331 figures, 56 documents); the 5th-95th holds
 * 72-80%, what an 80% band should: the band is for a setup the data have not seen.
 */
export const BAND_QUANTILE = 0.05;

function spreadOf(errors: readonly number[]): ErrorSpread {
  return {
    lower: Math.min(0, quantile(errors, BAND_QUANTILE)),
    upper: Math.max(0, quantile(errors, 1 - BAND_QUANTILE)),
    n: errors.length,
    medianAbsError: summarize(errors).medianAbsError,
  };
}

/**
 * Spreads per runtime and regime from cross-validated errors: a runtime's own where it has
 * MIN_SPREAD_POINTS, else the pooled spread of cases predicted without their runtime's data (the
 * situation of an uncalibrated runtime), else all cases of the regime.
 */
export function spreadsFrom(results: readonly CaseResult[], runtime: string): Record<RuntimeRegime, ErrorSpread> {
  const out = {} as Record<RuntimeRegime, ErrorSpread>;
  for (const regime of RUNTIME_REGIMES) {
    const own = results.filter((r) => r.c.runtime === runtime && r.c.regime === regime).map((r) => r.error);
    if (own.length >= MIN_SPREAD_POINTS) {
      out[regime] = spreadOf(own);
      continue;
    }
    const unseen = results.filter((r) => r.unseenRuntime && r.c.regime === regime).map((r) => r.error);
    const pooled = unseen.length >= MIN_SPREAD_POINTS ? unseen : results.filter((r) => r.c.regime === regime).map((r) => r.error);
    const s = spreadOf([...own, ...pooled]);
    out[regime] = { ...s, n: own.length };
  }
  return out;
}

/** How many of a regime's figures fall inside their band (lower..upper, meant to hold 80%). */
export interface RangeCoverage {
  n: number;
  inside: number;
}

/**
 * The honesty check of the bands: each document's figures against the band its runtime would show
 * without that document (spreads from the other documents' cross-validated errors), per regime.
 * A band that is honest about an unseen setup holds about 80% of them (see BAND_QUANTILE).
 */
export function rangeCoverage(cv: readonly CaseResult[]): Record<RuntimeRegime, RangeCoverage> {
  const out = Object.fromEntries(RUNTIME_REGIMES.map((r) => [r, { n: 0, inside: 0 }])) as Record<RuntimeRegime, RangeCoverage>;
  for (const source of new Set(cv.map((r) => r.c.source))) {
    const others = cv.filter((r) => r.c.source !== source);
    const mine = cv.filter((r) => r.c.source === source);
    for (const runtime of new Set(mine.map((r) => r.c.runtime))) {
      const spreads = spreadsFrom(others, runtime);
      for (const r of mine.filter((x) => x.c.runtime === runtime)) {
        const s = spreads[r.c.regime];
        const cell = out[r.c.regime];
        cell.n++;
        if (r.error >= Math.min(0, s.lower) && r.error <= Math.max(0, s.upper)) cell.inside++;
      }
    }
  }
  return out;
}

/** Summary figures of a set of errors (log errors; "error" = exp(|e|) - 1). */
export interface ErrorSummary {
  n: number;
  medianAbsError: number;
  within25: number;
}

export function summarize(errors: readonly number[]): ErrorSummary {
  const abs = errors.map((e) => Math.exp(Math.abs(e)) - 1);
  return {
    n: errors.length,
    medianAbsError: errors.length ? quantile(abs, 0.5) : 0,
    within25: errors.length ? abs.filter((a) => a <= 0.25).length / abs.length : 0,
  };
}

/** The whole calibration: the full fit, its fits per runtime, the cross-validated results and the spreads. */
export function calibrateRuntimes(cases: readonly MeasuredCase[]): {
  state: State;
  fits: Record<string, RuntimeFit>;
  cv: CaseResult[];
  inSample: CaseResult[];
  roofline: CaseResult[];
} {
  const state = fitState(cases);
  const cv = crossValidate(cases);
  const inSample = evaluateState(cases, state);
  const rooflineBase = BASE_BY_ID.get('roofline');
  if (!rooflineBase) throw new Error('no roofline base');
  const rooflineProfile = buildRuntimeProfile(rooflineBase, undefined);
  const roofline = cases.map((c) => {
    const estimate = estimateCase(c, rooflineProfile);
    return { c, estimate, error: caseLogError(c, estimate), unseenRuntime: false };
  });
  const withData = new Set(cases.map((c) => c.runtime));
  const fits: Record<string, RuntimeFit> = {};
  for (const b of RUNTIME_BASES) {
    if (b.kind === 'roofline') {
      fits[b.id] = {
        fitted: FAMILY_PRIORS.graph,
        spreads: spreadsFrom(
          roofline.map((r) => ({ ...r, c: { ...r.c, runtime: 'roofline' } })),
          'roofline',
        ),
        calibrated: true,
      };
      continue;
    }
    fits[b.id] = { fitted: parametersOf(state, b.id), spreads: spreadsFrom(cv, b.id), calibrated: withData.has(b.id) };
  }
  return { state, fits, cv, inSample, roofline };
}
