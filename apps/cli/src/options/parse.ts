/**
 * argv -> option values by name, against one command's option table, collecting every problem
 * (unknown option, missing value, value given to a flag, an option given twice) rather than
 * stopping at the first, so that the user sees them all at once.
 */
import { parseArgs } from 'node:util';
import { editDistance } from '@llm-calc/presets';
import { UsageError } from '../errors';
import { isListOption, type OptionSpec } from './option-spec';

export type OptionValue = string | boolean;

export interface ParsedArgs {
  /** Option values by kebab-case name (a list option given twice: the lists joined). */
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

type ParserConfig = Record<string, { type: 'string' | 'boolean'; short?: string }>;

interface OptionToken {
  kind: 'option';
  name: string;
  rawName: string;
  value: string | undefined;
}
type Token = OptionToken | { kind: 'positional'; value: string };

/**
 * node:util parseArgs tokens, except that a value-taking option followed by an argument that
 * starts with "--" (`--config --gpu h100-sxm`) has no value: the next argument is read as the
 * option it is, not swallowed as a path. An inline value (`--config=--odd`) is kept as given.
 */
function tokenize(argv: readonly string[], config: ParserConfig): Token[] {
  const out: Token[] = [];
  let rest = [...argv];
  for (;;) {
    // strict: false so that every problem is reported in our words, not only the first in Node's.
    const { tokens } = parseArgs({ args: rest, options: config, strict: false, allowPositionals: true, tokens: true });
    let cutAt = -1;
    for (const token of tokens) {
      if (token.kind === 'positional') out.push({ kind: 'positional', value: token.value });
      if (token.kind !== 'option') continue;
      const swallowed = token.inlineValue === false && token.value?.startsWith('--') === true;
      out.push({ kind: 'option', name: token.name, rawName: token.rawName, value: swallowed ? undefined : token.value });
      if (swallowed) {
        cutAt = token.index + 1;
        break;
      }
    }
    if (cutAt < 0) return out;
    rest = rest.slice(cutAt);
  }
}

/** Parses argv against an option table, collecting every problem in `problems`. */
export function parseOptions(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const bySpec = new Map(specs.map((s) => [s.name, s]));
  const negated = new Map(specs.filter((s) => s.negatable).map((s) => [`no-${s.name}`, s]));
  const config: ParserConfig = {};
  for (const s of specs) config[s.name] = { type: s.kind === 'boolean' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}) };
  for (const name of negated.keys()) config[name] = { type: 'boolean' };

  const values = new Map<string, OptionValue>();
  const positionals: string[] = [];
  const problems: string[] = [];
  const repeated = new Set<string>();
  const set = (spec: OptionSpec, value: OptionValue) => {
    const before = values.get(spec.name);
    if (before === undefined) {
      values.set(spec.name, value);
    } else if (isListOption(spec) && typeof before === 'string' && typeof value === 'string') {
      values.set(spec.name, `${before},${value}`);
    } else if (!repeated.has(spec.name)) {
      // The last one silently winning hides a typo in a long command line: refuse, once per option.
      repeated.add(spec.name);
      problems.push(`--${spec.name} is given more than once: give it once`);
    }
  };
  for (const token of tokenize(argv, config)) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
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
      set(spec, negatedSpec ? !read : read);
      continue;
    }
    if (token.value === undefined) {
      problems.push(`--${spec.name} needs a value${spec.valueName ? ` (--${spec.name} ${spec.valueName})` : ''}`);
      continue;
    }
    set(spec, token.value);
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
