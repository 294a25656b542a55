/**
 * The wording of request problems on a terminal. The contract's sentences are kept word for word
 * (they match the API's); each gets the option or config key its field came from, a field the
 * user did not give at all is reported once as "... is required (--option)", and endpoints are
 * replaced by the commands that answer the same question. Works on structured problems
 * (request/contract-problems.ts): the field and the constraint code, never the sentence, decide.
 */
import type { RequestForm } from '../options/tables';
import type { RequestProblem } from './contract-problems';

/**
 * The contracts' messages point API users to endpoints ("GET /api/available_models lists them");
 * a CLI user is pointed to the matching command instead. Everything else is kept word for word.
 */
const ENDPOINT_TO_COMMAND: readonly (readonly [string, string])[] = [
  ['GET /api/available_models', 'list-models'],
  ['GET /api/gpu_configs', 'list-gpus'],
];

export function cliWording(message: string): string {
  return ENDPOINT_TO_COMMAND.reduce((text, [endpoint, command]) => text.split(endpoint).join(command), message);
}

/**
 * Where a field came from ("--batch-size", "config.json num_hidden_layers"): its own origin, else
 * that of the longest recorded field it lies under (custom_gpu.peak_flops.bf16 -> --gpu-peak-flops).
 */
export function originOf(field: string, origins: ReadonlyMap<string, string>): string | undefined {
  const own = origins.get(field);
  if (own !== undefined) return own;
  let best: string | undefined;
  for (const f of origins.keys()) if (field.startsWith(`${f}.`) && (best === undefined || f.length > best.length)) best = f;
  return best === undefined ? undefined : origins.get(best);
}

/** "batch_size must not be less than 1" -> "... (--batch-size)", when the field has an origin. */
export function annotate(problem: RequestProblem, origins: ReadonlyMap<string, string>): string {
  const text = cliWording(problem.text);
  const origin = originOf(problem.field, origins);
  return origin === undefined ? text : `${text} (${origin})`;
}

function valueAt(request: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      request,
    );
}

/**
 * The contract's problems made readable on a terminal. class-validator reports a missing field
 * once per rule (isInt, min, ...); for a field the user did not give at all, that becomes one
 * "... is required (--option)" line (for model, gpu...: the isDefined sentence naming the alternatives). Every
 * other problem is kept word for word with the option it is about.
 */
export function readableProblems(
  problems: readonly RequestProblem[],
  request: Record<string, unknown>,
  origins: ReadonlyMap<string, string>,
  form: RequestForm,
): string[] {
  const optionByField = new Map(form.options.filter((s) => s.field !== undefined).map((s) => [s.field as string, `--${s.name}`]));
  const out: string[] = [];
  const missingDone = new Set<string>();
  for (const problem of problems) {
    const { field } = problem;
    const known = optionByField.has(field) || Object.hasOwn(form.missingHints, field);
    if (!known || valueAt(request, field) !== undefined) {
      out.push(annotate(problem, origins));
      continue;
    }
    if (missingDone.has(field)) continue;
    missingDone.add(field);
    // A field with a hint has alternatives, which the contract's isDefined sentence names
    // ("model or custom_model is required"); any other is simply required.
    const defined = Object.hasOwn(form.missingHints, field) ? problems.find((p) => p.field === field && p.code === 'isDefined') : undefined;
    const required = defined ? cliWording(defined.text) : `${field} is required`;
    out.push(`${required} (${form.missingHints[field] ?? optionByField.get(field)})`);
  }
  return out;
}
