import type { CalculateRequest } from '@llm-calc/contracts';
import { CUSTOM_MODEL_FIELDS, INFERENCE_FIELDS, SELECTION_FIELDS, cliOption, type FieldSpec } from '@llm-calc/fields';

/**
 * The command line (apps/cli) that runs the same calculation as a request. Option names are the
 * request's field names in kebab-case, as the CLI's option table defines them; the custom
 * model's `name` is `--model-name` there, and a false flag is written `--no-<flag>`.
 */

export const CLI_PREFIX = 'npm run calc -- calculate';

/** Characters that need no quoting in a POSIX shell word. */
const SAFE_WORD = /^[A-Za-z0-9_./:,+=@%-]+$/;

/**
 * One shell word for `value`: as it is when it is made of safe characters only, otherwise in
 * single quotes, where nothing is special except the quote itself (written '\'').
 */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function kebab(field: string): string {
  return field.replace(/_/g, '-');
}

function option(name: string, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'boolean') return [value ? `--${name}` : `--no-${name}`];
  const text = String(value);
  if (text === '') return [];
  // A value that starts with "-" would be read as an option; the inline form keeps it a value.
  if (text.startsWith('-')) return [shellQuote(`--${name}=${text}`)];
  return [`--${name}`, shellQuote(text)];
}

/** Request fields in the registry's order (the CLI's --help lists them so); custom_model is expanded after `model`. */
const REQUEST_ORDER: readonly (keyof CalculateRequest)[] = [
  'model',
  'custom_model',
  ...(Object.keys(SELECTION_FIELDS).filter((k) => k !== 'model') as (keyof CalculateRequest)[]),
  ...(Object.keys(INFERENCE_FIELDS) as (keyof CalculateRequest)[]),
];

/** The CLI option of a request (or custom-model) field, as the registry names it. */
function optionName(field: string, group: Record<string, FieldSpec>): string {
  const spec = group[field];
  return spec ? cliOption(spec) : kebab(field);
}

/** `npm run calc -- calculate --model llama-3.1-8b --gpu h100-sxm ...` for the request. */
export function cliCommand(request: CalculateRequest): string {
  const words: string[] = [CLI_PREFIX];
  const listed = new Set<string>(REQUEST_ORDER);
  const rest = Object.keys(request).filter((key) => !listed.has(key) && key !== 'custom_gpu');
  for (const field of [...REQUEST_ORDER, ...rest] as (keyof CalculateRequest)[]) {
    const value = request[field];
    if (field === 'custom_model') {
      if (!request.custom_model) continue;
      for (const [key, fieldValue] of Object.entries(request.custom_model)) {
        words.push(...option(optionName(key, CUSTOM_MODEL_FIELDS), fieldValue));
      }
      continue;
    }
    words.push(...option(optionName(field, { ...SELECTION_FIELDS, ...INFERENCE_FIELDS }), value));
  }
  return words.join(' ');
}
