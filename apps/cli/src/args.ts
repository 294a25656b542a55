/**
 * Command-line options -> the plain object of POST /api/calculate's body.
 *
 * One table (CALCULATE_OPTIONS) says, for every option, its kebab-case name, how its text is read
 * and which contract field it fills; parsing, help text and error annotation all come from it.
 * This file only shapes the request: validation is validatePlain(CalculateRequestDto, ...) from
 * @llm-calc/contracts, so that every message matches the API's.
 */
import { parseArgs } from 'node:util';
import { ACTIVATION_RECOMPUTE, COMPUTE_FORMATS, KV_CACHE_FORMATS, TRAINING_PRECISIONS, WEIGHT_FORMATS } from '@llm-calc/engine';
import { UsageError } from './errors';
import { mapHfConfig, REQUEST_DEFAULTS } from '@llm-calc/application';
import { editDistance } from '@llm-calc/presets';

/**
 * How an option's text is read. int and number are both parsed strictly as decimal numbers
 * ("12abc" and "" are refused here); whether a number must be whole is the DTO's rule, so
 * "--batch-size 1.5" gets the API's own "batch_size must be an integer number". int-list is a
 * comma-separated list of such numbers ("1,2,4,8"), list a comma-separated list of words.
 */
export type OptionKind = 'int' | 'number' | 'string' | 'boolean' | 'peak-flops' | 'int-list' | 'list';

export interface OptionSpec {
  /** Kebab-case name without the leading dashes. */
  name: string;
  kind: OptionKind;
  /** Dotted contract field this option fills (custom_model.hidden_size), if any. */
  field?: string;
  /** Placeholder for the value in help text. */
  valueName?: string;
  /** A boolean that also accepts --no-NAME. */
  negatable?: boolean;
  short?: string;
  description: string;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help' },
  { name: 'debug', kind: 'boolean', description: 'print stack traces of internal errors' },
];

export const JSON_OPTION: OptionSpec = { name: 'json', kind: 'boolean', description: 'print JSON instead of text' };

const int = (name: string, field: string, description: string): OptionSpec => ({ name, kind: 'int', field, valueName: 'N', description });
const num = (name: string, field: string, description: string, valueName = 'X'): OptionSpec => ({
  name,
  kind: 'number',
  field,
  valueName,
  description,
});
const flag = (name: string, field: string, description: string): OptionSpec => ({
  name,
  kind: 'boolean',
  field,
  negatable: true,
  description,
});

// Defaults shown in help come from the contract, so that help never drifts from what is computed.
const D = REQUEST_DEFAULTS;

/** Request-level options (top-level fields of the request). */
export const REQUEST_OPTIONS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', field: 'model', valueName: 'ID', description: 'model preset id (see list-models)' },
  { name: 'gpu', kind: 'string', field: 'gpu', valueName: 'ID', description: 'GPU preset id (see list-gpus)' },
  int('sequence-length', 'sequence_length', `prompt (context) tokens per sequence [${D.sequence_length}]`),
  int('output-tokens', 'output_tokens', `tokens to generate per sequence [${D.output_tokens}]`),
  int('batch-size', 'batch_size', `concurrent sequences [${D.batch_size}]`),
  { name: 'precision', kind: 'string', field: 'precision', valueName: 'FMT', description: `weight format: ${WEIGHT_FORMATS.join(' ')} [${D.precision}]` },
  { name: 'kv-cache-precision', kind: 'string', field: 'kv_cache_precision', valueName: 'FMT', description: `KV-cache format: ${KV_CACHE_FORMATS.join(' ')} [${D.kv_cache_precision}]` },
  int('num-gpus', 'num_gpus', 'GPUs in all [tensor-parallel x pipeline-parallel]'),
  int('tensor-parallel', 'tensor_parallel', 'tensor-parallel degree [num-gpus / pipeline-parallel]'),
  int('pipeline-parallel', 'pipeline_parallel', 'pipeline-parallel degree [1]'),
  num('efficiency', 'efficiency', `compute efficiency, fraction of peak FLOP/s in (0, 1] [${D.efficiency}]`),
  num('memory-efficiency', 'memory_efficiency', `memory-bandwidth efficiency in (0, 1] [${D.memory_efficiency}]`),
  flag('flash-attention', 'flash_attention', 'fused attention, no S^2 score matrix (--no-flash-attention to turn off) [on]'),
  num('price-per-gpu-hour', 'price_per_gpu_hour', 'USD per GPU-hour [the GPU preset\'s indicative price]', 'USD'),
];

/** Custom model options: any of them (or --config) makes the request carry custom_model. */
export const CUSTOM_MODEL_OPTIONS: readonly OptionSpec[] = [
  { name: 'model-name', kind: 'string', field: 'custom_model.name', valueName: 'NAME', description: 'display name of the custom model' },
  int('hidden-size', 'custom_model.hidden_size', 'model width d'),
  int('intermediate-size', 'custom_model.intermediate_size', 'dense feed-forward inner size'),
  int('num-layers', 'custom_model.num_layers', 'decoder layers'),
  int('num-attention-heads', 'custom_model.num_attention_heads', 'query heads'),
  int('num-kv-heads', 'custom_model.num_kv_heads', 'key/value heads (GQA/MQA) [num-attention-heads]'),
  int('head-dim', 'custom_model.head_dim', 'per-head dimension [hidden-size / num-attention-heads]'),
  int('vocab-size', 'custom_model.vocab_size', 'vocabulary size'),
  flag('tie-word-embeddings', 'custom_model.tie_word_embeddings', 'input and output embeddings shared [off]'),
  { name: 'ffn-type', kind: 'string', field: 'custom_model.ffn_type', valueName: 'TYPE', description: 'gated (SwiGLU/GeGLU, 3 matrices) or plain (2 matrices) [gated]' },
  int('num-experts', 'custom_model.num_experts', 'routed experts per MoE layer; 1 = dense [1]'),
  int('experts-per-token', 'custom_model.experts_per_token', 'experts each token is routed to [1]'),
  int('expert-intermediate-size', 'custom_model.expert_intermediate_size', 'inner size of each expert [intermediate-size]'),
  int('num-shared-experts', 'custom_model.num_shared_experts', 'always-active shared experts [0]'),
  int('shared-expert-intermediate-size', 'custom_model.shared_expert_intermediate_size', 'inner size of each shared expert [expert-intermediate-size]'),
  int('first-dense-layers', 'custom_model.first_dense_layers', 'leading layers with a dense FFN [0]'),
  int('kv-lora-rank', 'custom_model.kv_lora_rank', 'MLA latent rank (DeepSeek); set to use latent attention'),
  int('qk-rope-head-dim', 'custom_model.qk_rope_head_dim', 'MLA decoupled RoPE key dimension'),
  int('q-lora-rank', 'custom_model.q_lora_rank', 'MLA query low-rank dimension'),
  int('qk-nope-head-dim', 'custom_model.qk_nope_head_dim', 'MLA non-RoPE query/key head dimension'),
  int('v-head-dim', 'custom_model.v_head_dim', 'MLA value head dimension'),
  int('sliding-window', 'custom_model.sliding_window', 'sliding-window size in tokens for local layers'),
  int('sliding-window-pattern', 'custom_model.sliding_window_pattern', 'every Nth layer is global (Gemma 2: 2, Gemma 3: 6)'),
  flag('attention-bias', 'custom_model.attention_bias', 'biases on the q/k/v projections [off]'),
  flag('mlp-bias', 'custom_model.mlp_bias', 'biases on the output projection and FFN [off]'),
  { name: 'norm-type', kind: 'string', field: 'custom_model.norm_type', valueName: 'TYPE', description: 'rmsnorm or layernorm [rmsnorm]' },
  flag('learned-position-embeddings', 'custom_model.learned_position_embeddings', 'learned absolute positions (GPT-2) [off]'),
  int('max-position-embeddings', 'custom_model.max_position_embeddings', 'trained context length (for warnings)'),
];

/** Custom GPU options: any of them makes the request carry custom_gpu. */
export const CUSTOM_GPU_OPTIONS: readonly OptionSpec[] = [
  { name: 'gpu-name', kind: 'string', field: 'custom_gpu.name', valueName: 'NAME', description: 'display name of the custom GPU' },
  num('gpu-memory-bytes', 'custom_gpu.memory_bytes', 'memory capacity in bytes (80 GB = 80e9)', 'BYTES'),
  num('gpu-bandwidth', 'custom_gpu.memory_bandwidth_bytes_per_second', 'memory bandwidth in bytes/s (3.35 TB/s = 3.35e12)', 'BYTES_PER_S'),
  {
    name: 'gpu-peak-flops',
    kind: 'peak-flops',
    field: 'custom_gpu.peak_flops',
    valueName: 'LIST',
    description: `dense peak FLOP/s per format, e.g. "bf16=9.89e14,fp16=9.89e14" (formats: ${COMPUTE_FORMATS.join(' ')})`,
  },
  num('gpu-interconnect', 'custom_gpu.interconnect_bandwidth_bytes_per_second', 'GPU-to-GPU bandwidth per direction in bytes/s [unknown]', 'BYTES_PER_S'),
];

export const CONFIG_OPTION: OptionSpec = {
  name: 'config',
  kind: 'string',
  valueName: 'PATH',
  description: 'a Hugging Face config.json as the custom model (other custom options override it)',
};

export const CALCULATE_OPTIONS: readonly OptionSpec[] = [
  ...REQUEST_OPTIONS,
  CONFIG_OPTION,
  ...CUSTOM_MODEL_OPTIONS,
  ...CUSTOM_GPU_OPTIONS,
  JSON_OPTION,
  ...COMMON_OPTIONS,
];

export type OptionValue = string | boolean;

export interface ParsedArgs {
  /** Option values by kebab-case name; for repeated options the last one wins. */
  values: ReadonlyMap<string, OptionValue>;
  positionals: string[];
  /**
   * Unknown options, missing values... one line each. Kept rather than thrown so that a command
   * can report them together with its own problems (bad numbers) in one go; see assertNoProblems.
   */
  problems: string[];
}

/** Throws one UsageError with the parse problems and any more found by the command. */
export function assertNoProblems(args: ParsedArgs, more: readonly string[] = []): void {
  const all = [...args.problems, ...more];
  if (all.length) throw new UsageError(all);
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

/**
 * Parses argv against an option table with node:util parseArgs, collecting every problem
 * (unknown option, missing value, value given to a flag) in `problems`.
 */
export function parseOptions(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const bySpec = new Map(specs.map((s) => [s.name, s]));
  const negated = new Map(specs.filter((s) => s.negatable).map((s) => [`no-${s.name}`, s]));
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const s of specs) config[s.name] = { type: s.kind === 'boolean' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}) };
  for (const name of negated.keys()) config[name] = { type: 'boolean' };

  // strict: false so that every problem is reported in our words, not only the first in Node's.
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<string, OptionValue>();
  const positionals: string[] = [];
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const negatedSpec = negated.get(token.name);
    const spec = bySpec.get(token.name) ?? negatedSpec;
    if (!spec) {
      problems.push(`unknown option ${token.rawName}${suggestOption(token.name, specs)}`);
      continue;
    }
    if (spec.kind === 'boolean') {
      const read = readFlag(token.value);
      if (read === undefined) {
        problems.push(`--${token.name} is a flag and takes no value (got "${token.value}")`);
        continue;
      }
      values.set(spec.name, negatedSpec ? !read : read);
      continue;
    }
    if (token.value === undefined) {
      problems.push(`--${spec.name} needs a value${spec.valueName ? ` (--${spec.name} ${spec.valueName})` : ''}`);
      continue;
    }
    values.set(spec.name, token.value);
  }
  return { values, positionals, problems };
}

/** A flag's optional inline value: --flag, --flag=true, --flag=no... undefined when unreadable. */
function readFlag(inline: string | undefined): boolean | undefined {
  if (inline === undefined) return true;
  const word = inline.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function suggestOption(name: string, specs: readonly OptionSpec[]): string {
  const names = specs.flatMap((s) => (s.negatable ? [s.name, `no-${s.name}`] : [s.name]));
  const close = names
    .map((n) => ({ n, d: editDistance(name, n) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(n.length / 4)) || n.includes(name) || (name.length > 3 && name.includes(n)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ n }) => `--${n}`);
  return close.length ? ` (did you mean ${close.join(', ')}?)` : '';
}

// Plain decimal or scientific notation only: Number() alone would accept "", " ", "0x10", "1_0"...
const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A strictly parsed finite number, or undefined. */
function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  const value = NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** A strictly parsed number, or a UsageError naming the option. */
export function parseNumber(option: string, text: string): number {
  const value = readNumber(text);
  if (value === undefined) throw new UsageError([`--${option} must be a number (got "${text}")`]);
  return value;
}

/** "bf16=9.89e14,fp16=9.89e14" -> { bf16: 9.89e14, fp16: 9.89e14 }. */
export function parsePeakFlops(option: string, text: string): Record<string, number> {
  const problems: string[] = [];
  const peak: Record<string, number> = {};
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) problems.push(`--${option} needs at least one FORMAT=FLOPS entry, e.g. "bf16=9.89e14"`);
  for (const entry of entries) {
    const [format, value, ...rest] = entry.split('=').map((p) => p.trim());
    if (value === undefined || rest.length) {
      problems.push(`--${option}: "${entry}" is not FORMAT=FLOPS (e.g. bf16=9.89e14)`);
      continue;
    }
    if (!(COMPUTE_FORMATS as readonly string[]).includes(format.toLowerCase())) {
      problems.push(`--${option}: "${format}" is not a compute format (${COMPUTE_FORMATS.join(', ')})`);
      continue;
    }
    const flops = readNumber(value);
    if (flops === undefined) problems.push(`--${option}: ${format} must be a number (got "${value}")`);
    else peak[format.toLowerCase()] = flops;
  }
  if (problems.length) throw new UsageError(problems);
  return peak;
}

/** "1,2,4,8" -> [1, 2, 4, 8], each entry read as strictly as a single number. */
export function parseNumberList(option: string, text: string): number[] {
  const entries = text.split(',').map((e) => e.trim());
  if (entries.every((e) => e === '')) throw new UsageError([`--${option} needs at least one number, e.g. --${option} 1,2,4,8`]);
  const problems: string[] = [];
  const numbers: number[] = [];
  for (const entry of entries) {
    const value = readNumber(entry);
    if (value === undefined) problems.push(`--${option}: "${entry}" is not a number (a comma-separated list such as 1,2,4,8)`);
    else numbers.push(value);
  }
  if (problems.length) throw new UsageError(problems);
  return numbers;
}

/** "h100-sxm, a100-sxm-80gb" -> ["h100-sxm", "a100-sxm-80gb"]; empty entries are dropped. */
export function parseWordList(text: string): string[] {
  return text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

export interface CalculateInput {
  /** The request body as the API would receive it (not yet validated). */
  request: Record<string, unknown>;
  /** Remarks about the --config mapping (assumptions, keys not understood), for stderr. */
  notes: string[];
  /** Where each contract field came from ("--batch-size", "config.json num_hidden_layers"). */
  origins: Map<string, string>;
}

/** Reads and parses a config.json (the command supplies the file system). */
export type ConfigReader = (path: string) => unknown;

/**
 * What one command sends: its option table (fields of one request DTO) and, for a required field
 * the user did not give at all, what to give instead.
 */
export interface RequestForm {
  /** The command's name, for "calculate takes options only". */
  command: string;
  options: readonly OptionSpec[];
  /** Top-level field -> the options that supply it ("--gpu ID or --gpu-memory-bytes, ..."). */
  missingHints: Readonly<Record<string, string>>;
}

const MODEL_HINT = '--model ID, --config config.json or custom model options such as --hidden-size';
const GPU_HINT = '--gpu ID or --gpu-memory-bytes, --gpu-bandwidth and --gpu-peak-flops';

/** What to do instead, when a required model or GPU is missing altogether. */
export const MODEL_AND_GPU_HINTS: Readonly<Record<string, string>> = { model: MODEL_HINT, gpu: GPU_HINT };
export const MODEL_HINTS: Readonly<Record<string, string>> = { model: MODEL_HINT };

export const CALCULATE_FORM: RequestForm = { command: 'calculate', options: CALCULATE_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

/**
 * Assembles a request from parsed options. Number syntax is checked here (every bad option
 * reported at once); value ranges and combinations are left to the contract's DTO.
 */
export function buildRequest(form: RequestForm, args: ParsedArgs, readConfig: ConfigReader): CalculateInput {
  const { values } = args;
  const request: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const notes: string[] = [];
  const problems: string[] = args.positionals.map((p) => `${form.command} takes options only; unexpected argument "${p}"`);

  const configPath = form.options.includes(CONFIG_OPTION) ? values.get(CONFIG_OPTION.name) : undefined;
  // A config that cannot be read is reported with the other problems, not before them.
  if (typeof configPath === 'string' && args.problems.length === 0) {
    const mapped = mapHfConfig(readConfig(configPath), configPath);
    notes.push(...mapped.notes);
    if (mapped.ignoredKeys.length) {
      notes.push(`keys of ${configPath} not understood (ignored): ${mapped.ignoredKeys.join(', ')}`);
    }
    const custom: Record<string, unknown> = { ...mapped.customModel };
    request['custom_model'] = custom;
    for (const [field, key] of mapped.origins) origins.set(`custom_model.${field}`, `${configPath} ${key}`);
  }

  for (const spec of form.options) {
    const raw = values.get(spec.name);
    if (raw === undefined || !spec.field) continue;
    let value: unknown;
    try {
      value = readValue(spec, raw);
    } catch (e) {
      if (e instanceof UsageError) {
        problems.push(...e.messages);
        continue;
      }
      throw e;
    }
    setField(request, spec.field, value);
    // A message about "precision" already names --precision; only differing names are added. A
    // list's messages read "each value in values ...", which is worth pointing at --values.
    if (spec.field !== spec.name || isList(spec)) origins.set(spec.field, `--${spec.name}`);
    else origins.delete(spec.field);
  }
  assertNoProblems(args, problems);
  return { request, notes, origins };
}

/** The calculate request (POST /api/calculate's body) from parsed options. */
export function buildCalculateRequest(args: ParsedArgs, readConfig: ConfigReader): CalculateInput {
  return buildRequest(CALCULATE_FORM, args, readConfig);
}

function isList(spec: OptionSpec): boolean {
  return spec.kind === 'int-list' || spec.kind === 'list';
}

function readValue(spec: OptionSpec, raw: OptionValue): unknown {
  if (typeof raw === 'boolean') return raw;
  switch (spec.kind) {
    case 'int':
    case 'number':
      return parseNumber(spec.name, raw);
    case 'peak-flops':
      return parsePeakFlops(spec.name, raw);
    case 'int-list':
      return parseNumberList(spec.name, raw);
    case 'list':
      return parseWordList(raw);
    default:
      return raw;
  }
}

function setField(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const nested = child !== null && typeof child === 'object' ? (child as Record<string, unknown>) : {};
  target[head] = nested;
  setField(nested, rest.join('.'), value);
}

// class-validator words a rule checked on every element of an array "each value in FIELD ...".
const EACH_PREFIX = 'each value in ';

/** The field a contract message is about: "each value in values must ..." and "values: 0 is ..." -> values. */
function subjectOf(message: string): string {
  const text = message.startsWith(EACH_PREFIX) ? message.slice(EACH_PREFIX.length) : message;
  return text.split(' ')[0].replace(/:$/, '');
}

/**
 * Appends the option (or config key) a contract message is about:
 * "batch_size must not be less than 1" -> "... (--batch-size)". The longest field that starts the
 * message wins, so custom_model.num_kv_heads is not mistaken for a shorter field.
 */
export function annotateMessages(messages: readonly string[], origins: ReadonlyMap<string, string>): string[] {
  const fields = [...origins.keys()].sort((a, b) => b.length - a.length);
  return messages.map((message) => {
    const text = message.startsWith(EACH_PREFIX) ? message.slice(EACH_PREFIX.length) : message;
    const field = fields.find((f) => text.startsWith(`${f} `) || text.startsWith(`${f}.`) || text.startsWith(`${f}: `));
    return field ? `${message} (${origins.get(field)})` : message;
  });
}

function valueAt(request: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), request);
}

/**
 * The contract's messages made readable on a terminal. class-validator reports a missing field
 * once per rule ("must be an integer number", "must not be less than 1", ...); for a field the
 * user did not give at all, that becomes one "... is required (--option)" line. Every other
 * message is kept word for word and gets the option it is about (annotateMessages).
 */
export function readableProblems(
  messages: readonly string[],
  request: Record<string, unknown>,
  origins: ReadonlyMap<string, string>,
  form: RequestForm = CALCULATE_FORM,
): string[] {
  const optionByField = new Map(form.options.filter((s) => s.field !== undefined).map((s) => [s.field as string, `--${s.name}`]));
  const out: string[] = [];
  const missingDone = new Set<string>();
  for (const message of messages) {
    const field = subjectOf(message);
    const known = optionByField.has(field) || field in form.missingHints;
    if (!known || valueAt(request, field) !== undefined) {
      out.push(...annotateMessages([message], origins));
      continue;
    }
    if (missingDone.has(field)) continue;
    missingDone.add(field);
    const required = messages.find((m) => m.startsWith(`${field} `) && m.includes('required')) ?? `${field} is required`;
    out.push(`${required} (${form.missingHints[field] ?? optionByField.get(field)})`);
  }
  return out;
}

// ---- Planning commands: the same request options, plus each endpoint's own fields. ----

/** compare: the workload of calculate on several GPU presets, so no --gpu and no custom GPU. */
export const GPUS_OPTION: OptionSpec = {
  name: 'gpus',
  kind: 'list',
  field: 'gpus',
  valueName: 'IDS',
  description: 'comma-separated GPU preset ids, e.g. h100-sxm,a100-sxm-80gb [every preset]',
};
export const COMPARE_REQUEST_OPTIONS: readonly OptionSpec[] = [
  ...REQUEST_OPTIONS.filter((s) => s.name !== 'gpu' && s.name !== 'price-per-gpu-hour'),
  num('price-per-gpu-hour', 'price_per_gpu_hour', "USD per GPU-hour for every GPU compared [each preset's indicative price]", 'USD'),
  GPUS_OPTION,
  flag('fewest-gpus', 'fewest_gpus', 'each GPU with the fewest of its kind that fit (tensor parallel), instead of --num-gpus for all [off]'),
];
export const COMPARE_OPTIONS: readonly OptionSpec[] = [...COMPARE_REQUEST_OPTIONS, CONFIG_OPTION, ...CUSTOM_MODEL_OPTIONS, JSON_OPTION, ...COMMON_OPTIONS];
export const COMPARE_FORM: RequestForm = { command: 'compare', options: COMPARE_OPTIONS, missingHints: MODEL_HINTS };

export const FIT_FORM: RequestForm = { command: 'fit', options: CALCULATE_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

/** sweep: calculate's options, one of which is varied. */
export const SWEEP_VARY_OPTIONS: readonly OptionSpec[] = [
  { name: 'vary', kind: 'string', field: 'vary', valueName: 'FIELD', description: 'the input to vary: batch_size, sequence_length or num_gpus (required)' },
  { name: 'values', kind: 'int-list', field: 'values', valueName: 'LIST', description: 'its values, whole numbers >= 1, comma-separated (at most 1,000), e.g. 1,2,4,8 (required)' },
];
export const SWEEP_OPTIONS: readonly OptionSpec[] = [...SWEEP_VARY_OPTIONS, ...CALCULATE_OPTIONS];
export const SWEEP_FORM: RequestForm = { command: 'sweep', options: SWEEP_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

/** calibrate: calculate's options plus one measurement. */
export const MEASUREMENT_OPTIONS: readonly OptionSpec[] = [
  num('measured-tokens-per-second', 'measured_tokens_per_second', 'measured single-sequence decode speed in tokens/s (fits --memory-efficiency)', 'N'),
  num('measured-prefill-seconds', 'measured_prefill_seconds', 'measured prefill time of the prompt x batch in seconds (fits --efficiency)', 'S'),
];
export const CALIBRATE_OPTIONS: readonly OptionSpec[] = [...MEASUREMENT_OPTIONS, ...CALCULATE_OPTIONS];
export const CALIBRATE_FORM: RequestForm = {
  command: 'calibrate',
  options: CALIBRATE_OPTIONS,
  missingHints: {
    ...MODEL_AND_GPU_HINTS,
    measured_tokens_per_second: '--measured-tokens-per-second N or --measured-prefill-seconds S',
  },
};

/** train: POST /api/training's fields; its defaults are the contract's (planning.ts training()). */
export const TRAIN_REQUEST_OPTIONS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', field: 'model', valueName: 'ID', description: 'model preset id (see list-models)' },
  { name: 'gpu', kind: 'string', field: 'gpu', valueName: 'ID', description: 'GPU preset id (see list-gpus)' },
  int('num-gpus', 'num_gpus', 'GPUs, data parallel [8]'),
  num('training-tokens', 'training_tokens', 'tokens to train on, e.g. 1e12 or 15e12 [1e12]', 'N'),
  int('sequence-length', 'sequence_length', 'tokens per training sequence [4096]'),
  int('micro-batch-size', 'micro_batch_size', 'sequences per GPU per step [1]'),
  { name: 'precision', kind: 'string', field: 'precision', valueName: 'FMT', description: `training format: ${TRAINING_PRECISIONS.join(' ')} [bf16]` },
  int('zero-stage', 'zero_stage', 'ZeRO stage: 0 replicated, 1 optimizer states sharded, 2 + gradients, 3 + weights [1]'),
  {
    name: 'activation-recompute',
    kind: 'string',
    field: 'activation_recompute',
    valueName: 'MODE',
    description: `activation recomputation: ${ACTIVATION_RECOMPUTE.join(' ')} [selective]`,
  },
  num('mfu', 'mfu', 'model FLOPs utilization in (0, 1] [0.4]'),
  num('price-per-gpu-hour', 'price_per_gpu_hour', "USD per GPU-hour [the GPU preset's indicative price]", 'USD'),
];
export const TRAIN_OPTIONS: readonly OptionSpec[] = [
  ...TRAIN_REQUEST_OPTIONS,
  CONFIG_OPTION,
  ...CUSTOM_MODEL_OPTIONS,
  ...CUSTOM_GPU_OPTIONS,
  JSON_OPTION,
  ...COMMON_OPTIONS,
];
export const TRAIN_FORM: RequestForm = { command: 'train', options: TRAIN_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };
