/**
 * Readers of option text: strict numbers, FORMAT=FLOPS lists, number lists and word lists. Each
 * throws one UsageError naming the option, with every bad entry of a list at once.
 */
import { COMPUTE_FORMATS } from '@llm-calc/engine';
import { UsageError } from '../errors';

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
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
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
