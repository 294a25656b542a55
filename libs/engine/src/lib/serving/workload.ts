import { assert, assertPositiveInteger } from '../errors';
import { exponential, normal, seededRandom, type Random } from './random';

/**
 * Serving workloads (api-contract.md "POST /api/serving"): how requests arrive and how long
 * their prompts and answers are.
 */

export const ARRIVAL_KINDS = ['poisson', 'concurrency', 'offline'] as const;
/** poisson: open loop at request_rate; concurrency: closed loop of N users; offline: all at t = 0. */
export type ArrivalKind = (typeof ARRIVAL_KINDS)[number];

export const LENGTH_DISTRIBUTIONS = ['fixed', 'uniform', 'lognormal'] as const;
export type LengthDistributionKind = (typeof LENGTH_DISTRIBUTIONS)[number];

/** A token-length distribution. fixed: mean; uniform: whole numbers in [min, max]; lognormal: mean and sigma of ln. */
export interface LengthDistribution {
  distribution: LengthDistributionKind;
  mean?: number;
  min?: number;
  max?: number;
  /** Standard deviation of ln(length) for lognormal (chat traces: about 0.5-1). */
  sigma?: number;
}

export interface ServingWorkload {
  arrival: ArrivalKind;
  /** Requests per second (poisson). */
  requestRate?: number;
  /** Closed-loop users, each sending its next request as soon as the last one finishes. */
  concurrency?: number;
  numRequests: number;
  inputTokens: LengthDistribution;
  outputTokens: LengthDistribution;
  seed: number;
}

/** A request of the trace. Arrival times of poisson traces are at rate 1 (scaled by 1/rate when run). */
export interface TraceRequest {
  /** Seconds at rate 1 (poisson), 0 (offline), or unused (concurrency). */
  unitArrival: number;
  inputTokens: number;
  outputTokens: number;
}

/** Longest sampled length: a lognormal tail is clipped here (and at the distribution's max when given). */
export const MAX_SAMPLED_TOKENS = 1_000_000;

/** Checks a distribution's fields; `field` is the contract path (workload.input_tokens). */
export function validateLengthDistribution(d: LengthDistribution, field: string): void {
  if (d.distribution === 'uniform') {
    assert(d.min != null && d.max != null, field, 'uniform needs min and max');
    assertPositiveInteger(d.min as number, `${field}.min`);
    assertPositiveInteger(d.max as number, `${field}.max`);
    assert((d.max as number) >= (d.min as number), `${field}.max`, 'must be >= min');
    return;
  }
  assert(d.mean != null && Number.isFinite(d.mean) && d.mean >= 1, `${field}.mean`, `must be a number >= 1 (got ${d.mean})`);
  if (d.distribution === 'lognormal') {
    assert(d.sigma != null && Number.isFinite(d.sigma) && d.sigma >= 0 && d.sigma <= 3, `${field}.sigma`, 'must be in [0, 3]');
  }
  if (d.max != null) assertPositiveInteger(d.max, `${field}.max`);
  if (d.min != null) assertPositiveInteger(d.min, `${field}.min`);
}

/** The largest length a distribution can produce. */
export function maxLength(d: LengthDistribution): number {
  if (d.distribution === 'uniform') return d.max as number;
  if (d.distribution === 'fixed') return Math.max(1, Math.round(d.mean as number));
  return Math.min(d.max ?? MAX_SAMPLED_TOKENS, MAX_SAMPLED_TOKENS);
}

/** The distribution's mean (lognormal: of the unclipped distribution). */
export function meanLength(d: LengthDistribution): number {
  if (d.distribution === 'uniform') return ((d.min as number) + (d.max as number)) / 2;
  return d.mean as number;
}

/**
 * One draw. lognormal: ln(x) ~ N(mu, sigma^2) with mu = ln(mean) - sigma^2/2 so that E[x] = mean
 * (the usual fit to chat traces such as ShareGPT); rounded, clipped to [min or 1, max].
 */
export function sampleLength(d: LengthDistribution, random: Random): number {
  switch (d.distribution) {
    case 'fixed':
      return Math.max(1, Math.round(d.mean as number));
    case 'uniform': {
      const lo = d.min as number;
      const hi = d.max as number;
      return lo + Math.floor(random() * (hi - lo + 1));
    }
    case 'lognormal': {
      const sigma = d.sigma ?? 0;
      const mu = Math.log(d.mean as number) - (sigma * sigma) / 2;
      const x = Math.round(Math.exp(mu + sigma * normal(random)));
      return Math.min(Math.max(x, d.min ?? 1), maxLength(d));
    }
  }
}

/** Checks a workload; throws EngineError naming the contract field. */
export function validateWorkload(w: ServingWorkload): void {
  assert((ARRIVAL_KINDS as readonly string[]).includes(w.arrival), 'workload.arrival', `must be one of ${ARRIVAL_KINDS.join(', ')}`);
  assertPositiveInteger(w.numRequests, 'workload.num_requests');
  if (w.arrival === 'poisson') {
    assert(
      w.requestRate != null && Number.isFinite(w.requestRate) && w.requestRate > 0,
      'workload.request_rate',
      'must be a number > 0 for poisson arrivals',
    );
  }
  if (w.arrival === 'concurrency') {
    assert(w.concurrency != null, 'workload.concurrency', 'is required for concurrency arrivals');
    assertPositiveInteger(w.concurrency as number, 'workload.concurrency');
  }
  validateLengthDistribution(w.inputTokens, 'workload.input_tokens');
  validateLengthDistribution(w.outputTokens, 'workload.output_tokens');
}

/**
 * The request trace of a workload, deterministic for its seed. Lengths come from one stream and
 * arrival gaps from another, so that changing the rate only rescales time: the same requests
 * arrive in the same order, closer together.
 */
export function generateTrace(w: ServingWorkload): TraceRequest[] {
  const lengths = seededRandom(w.seed);
  const gaps = seededRandom(w.seed * 7919 + 104729);
  const trace: TraceRequest[] = new Array(w.numRequests);
  let t = 0;
  for (let i = 0; i < w.numRequests; i++) {
    const inputTokens = sampleLength(w.inputTokens, lengths);
    const outputTokens = sampleLength(w.outputTokens, lengths);
    if (w.arrival === 'poisson' && i > 0) t += exponential(gaps);
    trace[i] = { unitArrival: w.arrival === 'poisson' ? t : 0, inputTokens, outputTokens };
  }
  return trace;
}
