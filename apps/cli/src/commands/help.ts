import type { OptionSpec } from '../options/option-spec';
import { PROGRAM, type Command } from './command';

function optionLabel(spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  if (spec.kind === 'boolean') return `${short}--${spec.negatable ? `[no-]${spec.name}` : spec.name}`;
  return `${short}--${spec.name} ${spec.valueName ?? 'VALUE'}`;
}

function optionLines(specs: readonly OptionSpec[]): string[] {
  const labels = specs.map(optionLabel);
  const width = Math.min(40, Math.max(...labels.map((l) => l.length)));
  return specs.map((spec, i) => {
    const label = labels[i];
    return label.length > width
      ? `  ${label}\n  ${' '.repeat(width)}  ${spec.description}`
      : `  ${label.padEnd(width)}  ${spec.description}`;
  });
}

/** Help for one command: synopsis, details, options (grouped) and examples. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: ${PROGRAM} ${command.synopsis}`, '', command.summary];
  if (command.details) lines.push('', command.details);
  const grouped = new Set<OptionSpec>();
  for (const [title, specs] of command.groups ?? []) {
    lines.push('', `${title}:`, ...optionLines(specs));
    for (const s of specs) grouped.add(s);
  }
  const rest = command.options.filter((s) => !grouped.has(s));
  if (rest.length) lines.push('', command.groups?.length ? 'Other options:' : 'Options:', ...optionLines(rest));
  lines.push('', 'Examples:', ...command.examples.map((e) => `  ${PROGRAM} ${e}`), '');
  return lines.join('\n');
}

/** The program's usage: commands, how to get help, exit codes. */
export function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'LLM Scaling Calculator: parameters, memory, FLOPs and tokens/s of an LLM on a GPU.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show help for a command (${PROGRAM} help calculate)`,
    '',
    'Examples:',
    `  ${PROGRAM} calculate --model llama-3.1-8b --gpu h100-sxm`,
    `  ${PROGRAM} calculate --model llama-3.1-70b --gpu h100-sxm --num-gpus 4 --precision fp8 --json`,
    `  ${PROGRAM} compare --model llama-3.1-70b --precision fp8`,
    `  ${PROGRAM} list-gpus --family hopper`,
    '',
    `Run from the repository: npm run calc -- <command> [options]  or  node dist/apps/cli/main.js <command> [options].`,
    'Exit codes: 0 success, 2 invalid input (one line per problem on stderr), 1 internal error,',
    '3 calculated and printed but not logged to the history, 4 the output could not be written.',
    '',
  ].join('\n');
}
