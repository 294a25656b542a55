import { ARRIVAL_KINDS, KV_CACHE_FORMATS, LENGTH_DISTRIBUTIONS } from '@llm-calc/engine';
import { defineFields } from './field';

/**
 * The fields of POST /api/serving and /api/recommend (and the CLI's `serve` and `recommend`)
 * beside those of an inference request (model, precision, runtime, efficiencies): the workload,
 * the scheduler, the SLA, the deployment and the search. Conditional requirements (request_rate
 * for poisson arrivals, min/max for a uniform length) are stated in `help` and enforced by the
 * DTO next to these rules.
 */

/** Most tokens of one prompt or output in a simulated workload. */
export const MAX_WORKLOAD_TOKENS = 1_000_000;

/** A token-length distribution (workload.input_tokens, workload.output_tokens). */
export const LENGTH_FIELDS = defineFields({
  distribution: {
    type: 'enum',
    label: 'Distribution',
    help: 'fixed (every request has mean tokens), uniform (min to max) or lognormal (mean and sigma, like chat traces; optional min/max clip).',
    values: LENGTH_DISTRIBUTIONS,
    required: true,
    cliValue: 'KIND',
  },
  mean: {
    type: 'number',
    label: 'Mean tokens',
    help: 'Mean length in tokens; required for fixed and lognormal.',
    unit: 'tokens',
    min: 1,
    max: MAX_WORKLOAD_TOKENS,
    cliValue: 'N',
  },
  min: {
    type: 'integer',
    label: 'Shortest',
    help: 'Shortest length in tokens; required for uniform, a clip for lognormal.',
    unit: 'tokens',
    min: 1,
    max: MAX_WORKLOAD_TOKENS,
    cliValue: 'N',
  },
  max: {
    type: 'integer',
    label: 'Longest',
    help: 'Longest length in tokens; required for uniform, a clip for lognormal.',
    unit: 'tokens',
    min: 1,
    max: MAX_WORKLOAD_TOKENS,
    cliValue: 'N',
  },
  sigma: {
    type: 'number',
    label: 'Spread (sigma)',
    help: 'Standard deviation of ln(length), lognormal only (0.6 to 1.0 is typical of chat traces).',
    min: 0,
    max: 3,
    cliValue: 'S',
  },
});

/** How requests arrive (workload.*, besides the two length distributions). */
export const WORKLOAD_FIELDS = defineFields({
  arrival: {
    type: 'enum',
    label: 'Arrivals',
    help: 'poisson (requests at request_rate per second), concurrency (closed-loop users, each sending its next request when the last finishes) or offline (every request at once).',
    values: ARRIVAL_KINDS,
    required: true,
    cliValue: 'KIND',
  },
  request_rate: {
    type: 'number',
    label: 'Request rate',
    help: 'Requests per second arriving at random (Poisson); required for poisson arrivals.',
    unit: 'requests/s',
    min: 0,
    exclusiveMin: true,
    max: 1_000_000,
    cli: 'rate',
    cliValue: 'R',
  },
  concurrency: {
    type: 'integer',
    label: 'Concurrent users',
    help: 'Closed-loop users; required for concurrency arrivals.',
    unit: 'users',
    min: 1,
    max: 100_000,
    cliValue: 'N',
  },
  num_requests: {
    type: 'integer',
    label: 'Requests simulated',
    help: 'Requests in the simulated trace.',
    unit: 'requests',
    default: 1000,
    min: 1,
    max: 100_000,
    cliValue: 'N',
  },
  seed: {
    type: 'integer',
    label: 'Seed',
    help: 'Seed of the random trace: the same seed gives the same answer.',
    default: 1,
    min: 0,
    max: 2 ** 31 - 1,
    cliValue: 'N',
  },
});

/** The server's continuous-batching scheduler (vLLM's names). */
export const SCHEDULER_FIELDS = defineFields({
  max_num_seqs: {
    type: 'integer',
    label: 'Max sequences per step',
    help: 'Sequences the scheduler runs together in one step (vLLM --max-num-seqs).',
    unit: 'sequences',
    default: 256,
    min: 1,
    max: 65_536,
    cliValue: 'N',
  },
  max_num_batched_tokens: {
    type: 'integer',
    label: 'Token budget per step',
    help: 'Tokens one step processes, decode tokens first, then chunks of prefill (vLLM --max-num-batched-tokens).',
    unit: 'tokens',
    default: 8192,
    min: 1,
    max: 1_048_576,
    cliValue: 'N',
  },
  block_size: {
    type: 'integer',
    label: 'KV block size',
    help: 'Tokens per block of the paged KV pool.',
    unit: 'tokens',
    default: 16,
    min: 1,
    max: 1024,
    cliValue: 'N',
  },
});

/** SLA keys: TTFT, TPOT and end-to-end latency at p50, p90 and p99. */
export const SLA_METRICS = ['ttft', 'tpot', 'e2e'] as const;
export const SLA_PERCENTILES = ['p50', 'p90', 'p99'] as const;

const slaField = (metric: (typeof SLA_METRICS)[number], percentile: (typeof SLA_PERCENTILES)[number]) => {
  const name = metric === 'e2e' ? 'end-to-end latency' : metric.toUpperCase();
  const what =
    metric === 'ttft'
      ? 'time to first token'
      : metric === 'tpot'
        ? 'time per output token, excluding the first'
        : 'from arrival to the last token';
  return {
    type: 'number' as const,
    label: `${name} ${percentile} at most (s)`,
    help: `SLA: the ${percentile} of ${name} (${what}) at most this many seconds.`,
    unit: 'seconds',
    min: 0,
    exclusiveMin: true,
    max: 1e6,
    cli: `${metric}-${percentile}`,
    cliValue: 'S',
  };
};

/** Latency targets, any subset (sla.*). */
export const SLA_FIELDS = defineFields({
  ttft_p50_seconds: slaField('ttft', 'p50'),
  ttft_p90_seconds: slaField('ttft', 'p90'),
  ttft_p99_seconds: slaField('ttft', 'p99'),
  tpot_p50_seconds: slaField('tpot', 'p50'),
  tpot_p90_seconds: slaField('tpot', 'p90'),
  tpot_p99_seconds: slaField('tpot', 'p99'),
  e2e_p50_seconds: slaField('e2e', 'p50'),
  e2e_p90_seconds: slaField('e2e', 'p90'),
  e2e_p99_seconds: slaField('e2e', 'p99'),
});

/** POST /api/serving's deployment fields (beside model, gpu, precision, runtime, efficiencies). */
export const SERVING_FIELDS = defineFields({
  kv_cache_precision: {
    type: 'enum',
    label: 'KV cache precision',
    help: 'Format of the KV cache.',
    values: KV_CACHE_FORMATS,
    defaultText: 'fp8 with fp8 weights, else bf16',
    cliValue: 'FMT',
  },
  tensor_parallel: {
    type: 'integer',
    label: 'Tensor parallel',
    help: 'GPUs per replica, splitting each layer.',
    unit: 'GPUs',
    default: 1,
    min: 1,
    max: 64,
    cliValue: 'N',
  },
  replicas: {
    type: 'integer',
    label: 'Replicas',
    help: 'Copies of the model behind a load balancer.',
    defaultText: '1, or num_gpus / tensor_parallel',
    min: 1,
    max: 4096,
    cliValue: 'N',
  },
  num_gpus: {
    type: 'integer',
    label: 'GPUs in all',
    help: 'All GPUs: tensor_parallel × replicas.',
    unit: 'GPUs',
    defaultText: 'tensor_parallel × replicas',
    min: 1,
    max: 65_536,
    cliValue: 'N',
  },
  price_per_gpu_hour: {
    type: 'number',
    label: 'Price per GPU-hour',
    help: 'Rental or amortised cost of one GPU for an hour.',
    unit: 'USD per GPU-hour',
    defaultText: "the GPU preset's indicative price",
    min: 0,
    max: 1_000_000,
    cliValue: 'USD',
  },
  step_overhead_seconds: {
    type: 'number',
    label: 'Per-step overhead (s)',
    help: 'Fixed cost of every scheduler step (kernel launches, sampling, scheduling); a runtime profile brings its own.',
    unit: 'seconds',
    default: 0.0003,
    min: 0,
    max: 1,
    cli: 'step-overhead',
    cliValue: 'S',
  },
  curves: {
    type: 'boolean',
    label: 'Load curves',
    help: 'Also answer latency against request rate and throughput against concurrency (the /serving charts).',
    default: false,
  },
});

/** POST /api/recommend's search bounds. */
export const RECOMMEND_FIELDS = defineFields({
  max_gpus: {
    type: 'integer',
    label: 'Most GPUs per deployment',
    help: 'Largest deployment searched (tensor parallel × replicas).',
    unit: 'GPUs',
    default: 64,
    min: 1,
    max: 4096,
    cliValue: 'N',
  },
});
