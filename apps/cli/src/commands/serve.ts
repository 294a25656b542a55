/**
 * `serve`: the CLI face of POST /api/serving. Options -> request body -> validatePlain with the
 * same DTO as the API -> the contracts' servingFromRequest. --json prints the API's response.
 * Not logged to the history (the CLI logs calculate only).
 */
import { randomUUID } from 'node:crypto';
import { RequestError, type ServingResponse } from '@llm-calc/contracts';
import { ServingRequestDto, validatePlain } from '@llm-calc/dto';
import { servingFromRequest } from '@llm-calc/application';
import type { OptionSpec } from '../options/option-spec';
import type { ParsedArgs } from '../options/parse';
import { UsageError } from '../errors';
import type { Command, Io } from './command';
import {
  Collected,
  commonBody,
  ENGINE_OPTIONS,
  MODEL_OPTION,
  num,
  optionWording,
  OUTPUT_OPTIONS,
  pad,
  SCHEDULER_OPTIONS,
  seconds,
  SLA_OPTIONS,
  usd,
  WORKLOAD_OPTIONS,
} from './serving-options';

const DEPLOYMENT_OPTIONS: readonly OptionSpec[] = [
  MODEL_OPTION,
  { name: 'gpu', kind: 'string', valueName: 'ID', description: 'GPU preset id (calc list-gpus)' },
  { name: 'precision', kind: 'string', valueName: 'FMT', description: 'weight format (default bf16)' },
  {
    name: 'kv-cache-precision',
    kind: 'string',
    valueName: 'FMT',
    description: 'KV-cache format (default fp8 with fp8 weights, else bf16)',
  },
  { name: 'tensor-parallel', kind: 'int', valueName: 'N', description: 'GPUs per replica (default 1)' },
  { name: 'replicas', kind: 'int', valueName: 'N', description: 'copies of the model (default 1)' },
  { name: 'price-per-gpu-hour', kind: 'number', valueName: 'USD', description: 'price per GPU-hour (default the preset’s)' },
];

const OPTIONS: readonly OptionSpec[] = [
  ...DEPLOYMENT_OPTIONS,
  ...WORKLOAD_OPTIONS,
  ...SCHEDULER_OPTIONS,
  ...SLA_OPTIONS,
  ...ENGINE_OPTIONS,
  ...OUTPUT_OPTIONS,
];

/** Options -> the body of POST /api/serving (problems collected, each naming its option). */
export function buildServingBody(args: ParsedArgs): { body: Record<string, unknown>; problems: string[] } {
  const c = new Collected(args);
  const body = commonBody(c);
  for (const [name, field] of [
    ['gpu', 'gpu'],
    ['precision', 'precision'],
    ['kv-cache-precision', 'kv_cache_precision'],
  ] as const) {
    const v = c.string(name);
    if (v !== undefined) body[field] = v;
  }
  for (const [name, field, int] of [
    ['tensor-parallel', 'tensor_parallel', true],
    ['replicas', 'replicas', true],
    ['price-per-gpu-hour', 'price_per_gpu_hour', false],
  ] as const) {
    const v = c.number(name, int);
    if (v !== undefined) body[field] = v;
  }
  if (!c.has('model')) c.problems.push('--model is required (calc list-models)');
  if (!c.has('gpu')) c.problems.push('--gpu is required (calc list-gpus)');
  return { body, problems: c.problems };
}

export function renderServing(r: ServingResponse): string {
  const d = r.deployment;
  const w = r.inputs.workload;
  const load =
    w.arrival === 'poisson'
      ? `Poisson ${w.request_rate} req/s`
      : w.arrival === 'concurrency'
        ? `${w.concurrency} closed-loop users`
        : 'offline (all at once)';
  const lines = [
    `${r.model_summary.name} on ${d.num_gpus} x ${r.gpu_summary.name} (tensor parallel ${d.tensor_parallel} x ${d.replicas} replica${d.replicas > 1 ? 's' : ''}), ${d.precision} weights, ${d.kv_cache_precision} KV`,
    `Workload: ${load}, ${w.num_requests} requests, seed ${w.seed}`,
  ];
  if (!r.fits) lines.push(`Does not fit: ${r.reason}`);
  const t = r.throughput;
  lines.push(
    '',
    'Throughput',
    `  requests/s            ${num(t.requests_per_second, 2)}`,
    `  output tokens/s       ${num(t.output_tokens_per_second)}  (${num(t.output_tokens_per_second_per_gpu)} per GPU)`,
    `  total tokens/s        ${num(t.total_tokens_per_second)}  (input + output)`,
    '',
    'Latency',
    pad([
      ['', 'p50', 'p90', 'p99'],
      ...(['ttft_seconds', 'tpot_seconds', 'e2e_seconds'] as const).map((k) => [
        `  ${k.split('_')[0]?.toUpperCase()}`,
        seconds(r.latency[k].p50),
        seconds(r.latency[k].p90),
        seconds(r.latency[k].p99),
      ]),
    ]),
    '',
    `KV pool: ${num(r.kv_pool.capacity_tokens)} tokens (${num(r.kv_pool.blocks)} blocks of ${r.kv_pool.block_size}), peak use ${num(r.kv_pool.peak_used_fraction * 100, 1)}%, ${r.kv_pool.preemptions} preemptions`,
  );
  if (r.sla.met !== null) {
    lines.push(
      `SLA: ${r.sla.met ? 'met' : `missed (${r.sla.failures.join('; ')})`}; highest rate within it: ${num(r.sla.max_request_rate, 2)} req/s`,
    );
  }
  const c = r.cost;
  lines.push(
    `Cost: ${usd(c.cost_per_hour)}/h; per million input tokens ${usd(c.cost_per_million_input_tokens)}, output ${usd(c.cost_per_million_output_tokens)} (at ${num(c.at_request_rate, 2)} req/s)`,
    '',
    'TTFT = arrival to first token (queueing + prefill); TPOT = (e2e - TTFT) / (output tokens - 1), excluding the first token; e2e = arrival to last token.',
  );
  for (const warning of r.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function runServe(args: ParsedArgs, io: Io): number {
  const { body, problems } = buildServingBody(args);
  if (problems.length) throw new UsageError(problems);
  let response: ServingResponse;
  try {
    response = servingFromRequest(validatePlain(ServingRequestDto, body), {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      source: 'cli',
    });
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(e.messages.map(optionWording));
    throw e;
  }
  io.out(args.values.get('json') ? `${JSON.stringify(response, null, 2)}\n` : renderServing(response));
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'simulate serving under load: throughput, TTFT/TPOT percentiles, KV pool, SLA, cost',
  synopsis: 'serve --model ID --gpu ID [--rate R | --arrival concurrency --concurrency N | --arrival offline] [options]',
  details:
    'Continuous batching with a paged KV pool, chunked prefill and preemption, step times from the roofline. ' +
    "--json prints POST /api/serving's response. Not logged to the history (only calculate is).",
  options: OPTIONS,
  groups: [
    ['Deployment', DEPLOYMENT_OPTIONS],
    ['Workload', WORKLOAD_OPTIONS],
    ['Scheduler', SCHEDULER_OPTIONS],
    ['SLA (seconds)', SLA_OPTIONS],
    ['Engine', ENGINE_OPTIONS],
    ['Output', OUTPUT_OPTIONS],
  ],
  examples: [
    'serve --model llama-3.1-8b --gpu h100-sxm --rate 10 --input-tokens lognormal:1024:0.6 --output-tokens lognormal:256:0.6 --ttft-p90 1 --tpot-p90 0.05',
    'serve --model llama-3.1-70b --gpu h100-sxm --precision fp8 --tensor-parallel 2 --arrival concurrency --concurrency 64',
    'serve --model mixtral-8x7b --gpu a100-sxm-80gb --tensor-parallel 2 --arrival offline --num-requests 2000 --json',
  ],
  collectsParseProblems: true,
  run: runServe,
};
