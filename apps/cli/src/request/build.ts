/**
 * Parsed options (and a --config file) -> the plain request object of one endpoint, not yet
 * validated: number syntax is checked here, value ranges and combinations are the contract's DTO's
 * (request/contract-problems.ts), so that every range message matches the API's.
 */
import { mapHfConfig } from '@llm-calc/application';
import { UsageError } from '../errors';
import { assertNoProblems, type OptionValue, type ParsedArgs } from '../options/parse';
import { isListOption, type OptionSpec } from '../options/option-spec';
import { CALCULATE_FORM, CONFIG_OPTION, type RequestForm } from '../options/tables';
import { parseNumber, parseNumberList, parsePeakFlops, parseWordList } from '../options/values';

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
    if (spec.field !== spec.name || isListOption(spec)) origins.set(spec.field, `--${spec.name}`);
    else origins.delete(spec.field);
  }
  assertNoProblems(args, problems);
  return { request, notes, origins };
}

/** The calculate request (POST /api/calculate's body) from parsed options. */
export function buildCalculateRequest(args: ParsedArgs, readConfig: ConfigReader): CalculateInput {
  return buildRequest(CALCULATE_FORM, args, readConfig);
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
