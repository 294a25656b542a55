import { cliOption, rangeText, type FieldSpec } from '@llm-calc/fields';
import type { OptionKind, OptionSpec } from './option-spec';

/** How the CLI reads a registry field's text. */
function kindOf(spec: FieldSpec): OptionKind {
  switch (spec.type) {
    case 'integer':
      return 'int';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      // ZeRO stages are numbers; every other choice is a word.
      return (spec.values ?? []).every((v) => typeof v === 'number') ? 'int' : 'string';
    case 'string':
      return 'string';
  }
}

/** "[4096]", "[the runtime's default]", "[on]" — the default as --help shows it. */
export function defaultText(spec: FieldSpec): string {
  if (spec.type === 'boolean') return spec.default === true ? ' [on]' : ' [off]';
  if (spec.default !== undefined) return ` [${String(spec.default)}]`;
  if (spec.defaultText) return ` [${spec.defaultText}]`;
  return '';
}

/**
 * The CLI option of a registry field: name, kind, value placeholder and --help line all from the
 * field's record (help text, range or choices, default), so the CLI says what the form and the
 * OpenAPI document say. `path` is the request path it fills (custom_model.hidden_size).
 */
export function fieldOption(spec: FieldSpec, path: string = spec.key): OptionSpec {
  const kind = kindOf(spec);
  const range = rangeText(spec);
  const negation = spec.type === 'boolean' ? ` (--no-${cliOption(spec)} to turn off)` : '';
  return {
    name: cliOption(spec),
    kind,
    field: path,
    ...(spec.type === 'boolean' ? { negatable: true } : { valueName: spec.cliValue ?? (kind === 'int' ? 'N' : 'X') }),
    description: `${spec.help}${range ? ` (${range})` : ''}${negation}${defaultText(spec)}`,
  };
}

/** The options of a group of registry fields, in the registry's order. */
export function groupOptions(group: Record<string, FieldSpec>, prefix = '', except: readonly string[] = []): OptionSpec[] {
  return Object.values(group)
    .filter((spec) => !except.includes(spec.key))
    .map((spec) => fieldOption(spec, prefix ? `${prefix}.${spec.key}` : spec.key));
}
