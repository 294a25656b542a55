/**
 * `recommend`: the CLI face of POST /api/recommend: the deployments (GPU x tensor parallel x
 * precision x replicas) that meet an SLA under a workload, cheapest first, and why the others fail.
 * Not logged to the history (the CLI logs calculate only).
 */
import { randomUUID } from 'node:crypto';
import { RequestError, type RecommendResponse } from '@llm-calc/contracts';
import { RecommendRequestDto, validatePlain } from '@llm-calc/dto';
import { recommendFromRequest } from '@llm-calc/application';
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

const SEARCH_OPTIONS: readonly OptionSpec[] = [
  MODEL_OPTION,
  { name: 'gpus', kind: 'list', valueName: 'ID,ID', description: 'GPU presets to search (default all)' },
  { name: 'precisions', kind: 'list', valueName: 'FMT,FMT', description: 'weight formats to search (default bf16,fp8,int4)' },
  { name: 'tensor-parallel', kind: 'int-list', valueName: 'N,N', description: 'tensor-parallel degrees (default 1-8 dividing the heads)' },
  { name: 'max-gpus', kind: 'int', valueName: 'N', description: 'most GPUs per deployment (default 64)' },
  {
    name: 'runtimes',
    kind: 'list',
    valueName: 'ID,ID',
    description: 'serving stacks to search (default --runtime, or auto per GPU and format)',
  },
  { name: 'limit', kind: 'int', valueName: 'N', description: 'options and rejections printed (default 10; --json prints all)' },
];

const OPTIONS: readonly OptionSpec[] = [
  ...SEARCH_OPTIONS,
  ...WORKLOAD_OPTIONS,
  ...SCHEDULER_OPTIONS,
  ...SLA_OPTIONS,
  ...ENGINE_OPTIONS,
  ...OUTPUT_OPTIONS,
];

export function buildRecommendBody(args: ParsedArgs): { body: Record<string, unknown>; problems: string[]; limit: number } {
  const c = new Collected(args);
  const body = commonBody(c);
  const gpus = c.list('gpus');
  if (gpus) body['gpus'] = gpus;
  const precisions = c.list('precisions');
  if (precisions) body['precisions'] = precisions;
  const tps = c.numberList('tensor-parallel');
  if (tps) body['tensor_parallel'] = tps;
  const runtimes = c.list('runtimes');
  if (runtimes) body['runtimes'] = runtimes;
  const maxGpus = c.number('max-gpus', true);
  if (maxGpus !== undefined) body['max_gpus'] = maxGpus;
  const limit = c.number('limit', true) ?? 10;
  if (!c.has('model')) c.problems.push('--model is required (calc list-models)');
  return { body, problems: c.problems, limit };
}

export function renderRecommend(r: RecommendResponse, limit: number): string {
  const w = r.inputs.workload;
  const load =
    w.arrival === 'poisson'
      ? `Poisson ${w.request_rate} req/s`
      : w.arrival === 'concurrency'
        ? `${w.concurrency} closed-loop users`
        : 'offline batch';
  const sla =
    Object.entries(r.inputs.sla)
      .map(([k, v]) => `${k.replace(/_seconds$/, '').replace('_', ' ')} <= ${seconds(v as number)}`)
      .join(', ') || 'none';
  const lines = [`${r.model_summary.name}: ${load}; SLA ${sla}; ${r.searched} configurations searched`, ''];
  if (r.options.length === 0) lines.push('No deployment meets the SLA.');
  else {
    lines.push(
      pad([
        ['deployment', 'GPUs', '$/h', '$/M in', '$/M out', 'TTFT p90', 'TPOT p90', 'out tok/s'],
        ...r.options
          .slice(0, limit)
          .map((o, i) => [
            `${i === 0 ? '* ' : '  '}${o.gpu} ${o.precision} TP${o.tensor_parallel} x ${o.replicas}${o.runtime === 'roofline' ? '' : ` (${o.runtime})`}`,
            String(o.num_gpus),
            usd(o.cost.cost_per_hour),
            usd(o.cost.cost_per_million_input_tokens),
            usd(o.cost.cost_per_million_output_tokens),
            seconds(o.latency.ttft_seconds.p90),
            seconds(o.latency.tpot_seconds.p90),
            num(o.throughput.output_tokens_per_second),
          ]),
      ]),
    );
    if (r.options.length > limit) lines.push(`  ... ${r.options.length - limit} more (--limit, --json)`);
  }
  if (r.rejected.length) {
    lines.push('', 'Rejected:');
    for (const x of r.rejected.slice(0, limit))
      lines.push(`  ${x.gpu} ${x.precision}${x.tensor_parallel ? ` TP${x.tensor_parallel}` : ''}: ${x.reason} - ${x.detail}`);
    if (r.rejected.length > limit) lines.push(`  ... ${r.rejected.length - limit} more`);
  }
  lines.push('', '* = cheapest. TPOT excludes the first token. Costs at the workload’s load.');
  for (const warning of r.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function runRecommend(args: ParsedArgs, io: Io): number {
  const { body, problems, limit } = buildRecommendBody(args);
  if (problems.length) throw new UsageError(problems);
  let response: RecommendResponse;
  try {
    response = recommendFromRequest(validatePlain(RecommendRequestDto, body), {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      source: 'cli',
    });
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(e.messages.map(optionWording));
    throw e;
  }
  io.out(args.values.get('json') ? `${JSON.stringify(response, null, 2)}\n` : renderRecommend(response, limit));
  return 0;
}

export const recommendCommand: Command = {
  name: 'recommend',
  summary: 'the cheapest deployments (GPU, tensor parallel, precision, replicas) that meet an SLA',
  synopsis: 'recommend --model ID [--rate R] [--ttft-p90 S] [--tpot-p90 S] [--gpus ID,...] [options]',
  details:
    "Searches every GPU preset (or --gpus) x precision x tensor parallel; --json prints POST /api/recommend's response. Not logged to the history (only calculate is).",
  options: OPTIONS,
  groups: [
    ['Search', SEARCH_OPTIONS],
    ['Workload', WORKLOAD_OPTIONS],
    ['Scheduler', SCHEDULER_OPTIONS],
    ['SLA (seconds)', SLA_OPTIONS],
    ['Engine', ENGINE_OPTIONS],
    ['Output', OUTPUT_OPTIONS],
  ],
  examples: [
    'recommend --model llama-3.1-8b --rate 20 --input-tokens lognormal:1024:0.6 --output-tokens lognormal:256:0.6 --ttft-p90 1 --tpot-p90 0.05',
    'recommend --model llama-3.1-70b --rate 5 --gpus h100-sxm,a100-sxm-80gb,l40s --tpot-p99 0.1 --json',
  ],
  collectsParseProblems: true,
  run: runRecommend,
};
