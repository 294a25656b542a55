import type { CalculateRequest } from '@llm-calc/contracts';

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

/** Request fields in the order the CLI's help lists them; custom_model is expanded after `model`. */
const REQUEST_ORDER = [
  'model',
  'custom_model',
  'gpu',
  'precision',
  'kv_cache_precision',
  'batch_size',
  'sequence_length',
  'output_tokens',
  'num_gpus',
  'tensor_parallel',
  'pipeline_parallel',
  'efficiency',
  'memory_efficiency',
  'flash_attention',
  'price_per_gpu_hour',
] as const satisfies readonly (keyof CalculateRequest)[];

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
        words.push(...option(key === 'name' ? 'model-name' : kebab(key), fieldValue));
      }
      continue;
    }
    words.push(...option(kebab(field), value));
  }
  return words.join(' ');
}
