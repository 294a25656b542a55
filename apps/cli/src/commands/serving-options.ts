/**
 * Option parsing shared by `serve` and `recommend`, self-contained (the shared args module only
 * tokenizes): options -> the request body of POST /api/serving or /api/recommend. Every problem
 * is one line naming the option; contract messages are translated back to option names.
 */
import type { OptionSpec } from '../options/option-spec';
import type { ParsedArgs } from '../options/parse';

const opt = (name: string, kind: OptionSpec['kind'], description: string, valueName?: string): OptionSpec => ({
  name,
  kind,
  description,
  ...(valueName ? { valueName } : {}),
});

export const MODEL_OPTION = opt('model', 'string', 'model preset id (calc list-models)', 'ID');

export const WORKLOAD_OPTIONS: readonly OptionSpec[] = [
  opt(
    'arrival',
    'string',
    'poisson (--rate), concurrency (--concurrency users, closed loop) or offline (all at once); default poisson',
    'KIND',
  ),
  opt('rate', 'number', 'requests per second (poisson)', 'R'),
  opt('concurrency', 'int', 'closed-loop users (concurrency)', 'N'),
  opt('num-requests', 'int', 'requests simulated (default 1000)', 'N'),
  opt('input-tokens', 'string', 'prompt lengths: N (fixed), MIN-MAX (uniform) or lognormal:MEAN:SIGMA (default 1024)', 'SPEC'),
  opt('output-tokens', 'string', 'output lengths, same forms (default 256)', 'SPEC'),
  opt('seed', 'int', 'seed of the trace (default 1)', 'N'),
];

export const SCHEDULER_OPTIONS: readonly OptionSpec[] = [
  opt('max-num-seqs', 'int', 'sequences per step (default 256)', 'N'),
  opt('max-num-batched-tokens', 'int', 'token budget per step, chunked prefill (default 8192)', 'N'),
  opt('block-size', 'int', 'KV block size in tokens (default 16)', 'N'),
  opt('gpu-memory-utilization', 'number', 'fraction of GPU memory the server takes (default 0.9)', 'F'),
];

const SLA_KEYS = ['ttft', 'tpot', 'e2e'].flatMap((m) => ['p50', 'p90', 'p99'].map((p) => `${m}-${p}`));
export const SLA_OPTIONS: readonly OptionSpec[] = SLA_KEYS.map((k) =>
  opt(
    k,
    'number',
    `SLA: ${k.replace('-', ' ').toUpperCase().replace('E2E', 'e2e')} at most this many seconds${k.startsWith('tpot') ? ' (TPOT excludes the first token)' : ''}`,
    'S',
  ),
);

export const ENGINE_OPTIONS: readonly OptionSpec[] = [
  opt(
    'runtime',
    'string',
    'serving stack whose step costs and KV pool are simulated (vllm, sglang, tensorrt-llm, roofline, ...; default auto: vLLM on datacenter GPUs)',
    'ID',
  ),
  opt('efficiency', 'number', 'compute efficiency in (0, 1] (default 0.42)', 'F'),
  opt('memory-efficiency', 'number', 'memory-bandwidth efficiency in (0, 1] (default 0.75)', 'F'),
  opt('step-overhead', 'number', 'per-step fixed cost in seconds (default 0.0003)', 'S'),
];

export const OUTPUT_OPTIONS: readonly OptionSpec[] = [
  opt('json', 'boolean', 'print the API response as JSON'),
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help' },
  opt('debug', 'boolean', 'print stack traces of internal errors'),
];

/** Contract field -> option, for translating validation messages. */
const FIELD_OPTIONS: [RegExp, string][] = [
  [/^workload\.request_rate\b/, '--rate'],
  [/^workload\.concurrency\b/, '--concurrency'],
  [/^workload\.num_requests\b/, '--num-requests'],
  [/^workload\.arrival\b/, '--arrival'],
  [/^workload\.seed\b/, '--seed'],
  [/^workload\.input_tokens(\.\w+)?\b/, '--input-tokens'],
  [/^workload\.output_tokens(\.\w+)?\b/, '--output-tokens'],
  [/^scheduler\.max_num_seqs\b/, '--max-num-seqs'],
  [/^scheduler\.max_num_batched_tokens\b/, '--max-num-batched-tokens'],
  [/^scheduler\.block_size\b/, '--block-size'],
  [/^scheduler\.gpu_memory_utilization\b/, '--gpu-memory-utilization'],
  [/^sla\.(ttft|tpot|e2e)_(p\d+)_seconds\b/, '--$1-$2'],
  [/^step_overhead_seconds\b/, '--step-overhead'],
  [/^max_gpus\b/, '--max-gpus'],
  [/^price_per_gpu_hour\b/, '--price-per-gpu-hour'],
  [/^kv_cache_precision\b/, '--kv-cache-precision'],
  [/^tensor_parallel\b/, '--tensor-parallel'],
  [/^num_gpus\b/, '--num-gpus'],
  [/^memory_efficiency\b/, '--memory-efficiency'],
  [/^each value in precisions\b/, '--precisions: each value'],
  [/^each value in gpus\b/, '--gpus: each value'],
];

/** "workload.request_rate must be a positive number" -> "--rate must be a positive number". */
export function optionWording(message: string): string {
  for (const [re, option] of FIELD_OPTIONS) {
    const m = message.match(re);
    if (m) return message.replace(re, option.replace('$1', m[1] ?? '').replace('$2', m[2] ?? ''));
  }
  const bare = message.match(/^(model|gpu|precision|efficiency|replicas|gpus|precisions|runtime|runtimes)\b/);
  return bare ? `--${(bare[1] as string).replace(/_/g, '-')}${message.slice((bare[1] as string).length)}` : message;
}

export class Collected {
  readonly problems: string[];
  constructor(readonly args: ParsedArgs) {
    this.problems = [...args.problems];
  }
  has(name: string): boolean {
    return this.args.values.has(name);
  }
  string(name: string): string | undefined {
    const v = this.args.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  number(name: string, integer = false): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const x = Number(text);
    if (text.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      this.problems.push(`--${name} must be ${integer ? 'a whole number' : 'a number'} (got "${text}")`);
      return undefined;
    }
    return x;
  }
  list(name: string): string[] | undefined {
    const text = this.string(name);
    return text === undefined
      ? undefined
      : text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }
  numberList(name: string): number[] | undefined {
    const items = this.list(name);
    if (!items) return undefined;
    const xs = items.map(Number);
    if (xs.some((x) => !Number.isInteger(x))) {
      this.problems.push(`--${name} must be whole numbers separated by commas (got "${this.string(name)}")`);
      return undefined;
    }
    return xs;
  }
}

/** N, MIN-MAX, or lognormal:MEAN:SIGMA -> a length distribution of the contract. */
export function parseLengthSpec(option: string, text: string, problems: string[]): Record<string, unknown> | undefined {
  const t = text.trim();
  let m = t.match(/^(\d+(?:\.\d+)?)$/);
  if (m) return { distribution: 'fixed', mean: Number(m[1]) };
  m = t.match(/^(\d+)\s*(?:-|\.\.)\s*(\d+)$/);
  if (m) return { distribution: 'uniform', min: Number(m[1]), max: Number(m[2]) };
  m = t.match(/^lognormal:(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/i);
  if (m) return { distribution: 'lognormal', mean: Number(m[1]), sigma: Number(m[2]) };
  problems.push(`--${option} must be N, MIN-MAX or lognormal:MEAN:SIGMA (got "${text}")`);
  return undefined;
}

/** The workload, scheduler, SLA and engine parts of a request body. */
export function commonBody(c: Collected): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const model = c.string('model');
  if (model !== undefined) body['model'] = model;
  const workload: Record<string, unknown> = { arrival: c.string('arrival') ?? 'poisson' };
  const rate = c.number('rate');
  if (rate !== undefined) workload['request_rate'] = rate;
  const users = c.number('concurrency', true);
  if (users !== undefined) workload['concurrency'] = users;
  const n = c.number('num-requests', true);
  if (n !== undefined) workload['num_requests'] = n;
  const seed = c.number('seed', true);
  if (seed !== undefined) workload['seed'] = seed;
  workload['input_tokens'] = parseLengthSpec('input-tokens', c.string('input-tokens') ?? '1024', c.problems);
  workload['output_tokens'] = parseLengthSpec('output-tokens', c.string('output-tokens') ?? '256', c.problems);
  body['workload'] = workload;
  const scheduler: Record<string, unknown> = {};
  for (const [name, field, int] of [
    ['max-num-seqs', 'max_num_seqs', true],
    ['max-num-batched-tokens', 'max_num_batched_tokens', true],
    ['block-size', 'block_size', true],
    ['gpu-memory-utilization', 'gpu_memory_utilization', false],
  ] as const) {
    const v = c.number(name, int);
    if (v !== undefined) scheduler[field] = v;
  }
  if (Object.keys(scheduler).length) body['scheduler'] = scheduler;
  const sla: Record<string, unknown> = {};
  for (const k of SLA_KEYS) {
    const v = c.number(k);
    if (v !== undefined) sla[`${k.replace('-', '_')}_seconds`] = v;
  }
  if (Object.keys(sla).length) body['sla'] = sla;
  const runtime = c.string('runtime');
  if (runtime !== undefined) body['runtime'] = runtime;
  for (const [name, field] of [
    ['efficiency', 'efficiency'],
    ['memory-efficiency', 'memory_efficiency'],
    ['step-overhead', 'step_overhead_seconds'],
  ] as const) {
    const v = c.number(name);
    if (v !== undefined) body[field] = v;
  }
  return body;
}

// ---- text output ----

export function seconds(x: number | null | undefined): string {
  if (x == null || !Number.isFinite(x)) return '-';
  return x >= 1 ? `${x.toFixed(2)} s` : `${(x * 1000).toFixed(1)} ms`;
}

export function num(x: number | null | undefined, digits = 0): string {
  if (x == null || !Number.isFinite(x)) return '-';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function usd(x: number | null | undefined): string {
  if (x == null || !Number.isFinite(x)) return '-';
  return x >= 1 ? `$${x.toFixed(2)}` : `$${x.toPrecision(3)}`;
}

export function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
