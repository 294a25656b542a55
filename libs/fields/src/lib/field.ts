/**
 * One request field, defined once: its wire name, type, unit, default, range or choices, and
 * the words users see (form label, help text, CLI option). The API's DTO rules, the CLI's
 * options and --help, the client's validators, hints and share-link parameters, and the OpenAPI
 * descriptions are built from these records (or checked against them by tests), so they cannot
 * drift apart. Client-safe: plain data, no framework, no I/O.
 */
export type FieldType = 'integer' | 'number' | 'boolean' | 'enum' | 'string';

export interface FieldSpec {
  /** The snake_case key of the request body (and of the share-link parameter). */
  readonly key: string;
  readonly type: FieldType;
  /** The label of the form field, and how users' messages name it. */
  readonly label: string;
  /** What it means and how it is used: tooltip, --help line, OpenAPI description. */
  readonly help: string;
  /** Unit of the value, in words (tokens, bytes, bytes/s, USD per GPU-hour, fraction). */
  readonly unit?: string;
  /** The value used when the field is absent; undefined when there is none or it is derived. */
  readonly default?: number | boolean | string;
  /** How an absent value is derived, when it is not a constant ("tensor_parallel × pipeline_parallel"). */
  readonly defaultText?: string;
  readonly min?: number;
  /** The value must be greater than min, not equal to it (efficiencies: (0, 1]). */
  readonly exclusiveMin?: boolean;
  readonly max?: number;
  /** The allowed values of an enum field. */
  readonly values?: readonly (string | number)[];
  /** Required in its request (absent is an error, not a default). */
  readonly required?: boolean;
  /** null is accepted and means "not used by this architecture". */
  readonly nullable?: boolean;
  /** Shortest and longest accepted text, for string fields. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** The CLI option (kebab-case, without --); defaults to the key with - for _. */
  readonly cli?: string;
  /** The CLI's placeholder for the value in --help (N, FMT, X). */
  readonly cliValue?: string;
}

/** A named group of fields, keyed by wire name. */
export type FieldGroup<K extends string = string> = { readonly [P in K]: FieldSpec };

/** Defines a group, checking that each record's key is its property name. */
export function defineFields<const T extends Record<string, Omit<FieldSpec, 'key'>>>(
  fields: T,
): { readonly [P in keyof T]: T[P] & { readonly key: P } } {
  const out: Record<string, FieldSpec> = {};
  for (const [key, spec] of Object.entries(fields)) out[key] = { key, ...spec };
  // Literal types are kept (default: 4096, values: ['gated', 'plain']), so defaults read from the
  // registry type-check where they are used.
  return out as { readonly [P in keyof T]: T[P] & { readonly key: P } };
}

/** The records of a group, in their declared order. */
export function fieldsOf(group: Record<string, FieldSpec>): FieldSpec[] {
  return Object.values(group);
}

/** The CLI option of a field: its own `cli` name, else the key in kebab-case. */
export function cliOption(spec: FieldSpec): string {
  return spec.cli ?? spec.key.replace(/_/g, '-');
}

/** The range of a numeric field in words, for hints and --help ("1 to 1,000,000", "in (0, 1]"). */
export function rangeText(spec: FieldSpec): string {
  if (spec.type === 'enum') return `one of ${(spec.values ?? []).join(', ')}`;
  if (spec.min === undefined && spec.max === undefined) return '';
  const n = (v: number) => {
    // Byte and FLOP bounds read better as powers of ten (1e14) than as 15 digits.
    if (Math.abs(v) >= 1e9) return v.toExponential().replace('e+', 'e');
    return Math.abs(v) >= 10_000 && Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
  };
  if (spec.exclusiveMin) return `in (${n(spec.min ?? 0)}, ${n(spec.max ?? Infinity)}]`;
  if (spec.max === undefined) return `at least ${n(spec.min as number)}`;
  if (spec.min === undefined) return `at most ${n(spec.max)}`;
  return `${n(spec.min)} to ${n(spec.max)}`;
}

/**
 * The problem with a value for this field, in the words of the form ("Must be a whole number"),
 * or null when it is acceptable. Empty values are left to `required`.
 */
export function fieldProblem(spec: FieldSpec, value: unknown): string | null {
  if (value === null || value === undefined || value === '') {
    return spec.required && !spec.nullable ? 'Required' : null;
  }
  switch (spec.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Must be a number';
      if (spec.type === 'integer' && !Number.isInteger(value)) return 'Must be a whole number';
      if (spec.min !== undefined && (spec.exclusiveMin ? value <= spec.min : value < spec.min)) {
        return spec.exclusiveMin ? `Must be more than ${spec.min}` : `Must be at least ${spec.min}`;
      }
      if (spec.max !== undefined && value > spec.max) return `Must be at most ${spec.max}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Must be true or false';
    case 'enum':
      return (spec.values ?? []).includes(value as string | number) ? null : `Must be one of ${(spec.values ?? []).join(', ')}`;
    case 'string':
      if (typeof value !== 'string') return 'Must be text';
      if (spec.minLength !== undefined && value.length < spec.minLength)
        return value.length === 0 ? 'Required' : `At least ${spec.minLength} characters`;
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return `At most ${spec.maxLength} characters`;
      return null;
  }
}
