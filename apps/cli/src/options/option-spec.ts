/**
 * What an option is: its kebab-case name, how its text is read and which contract field it fills.
 * The tables of every command (tables.ts) are lists of these; the parser (parse.ts), the help
 * text (commands/help.ts) and the request builder (request/build.ts) all read them.
 */

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

/** Options whose value is a comma-separated list: given twice, the lists are joined. */
export function isListOption(spec: OptionSpec): boolean {
  return spec.kind === 'int-list' || spec.kind === 'list' || spec.kind === 'peak-flops';
}

export const intOption = (name: string, field: string, description: string): OptionSpec => ({
  name,
  kind: 'int',
  field,
  valueName: 'N',
  description,
});

export const numberOption = (name: string, field: string, description: string, valueName = 'X'): OptionSpec => ({
  name,
  kind: 'number',
  field,
  valueName,
  description,
});

export const flagOption = (name: string, field: string, description: string): OptionSpec => ({
  name,
  kind: 'boolean',
  field,
  negatable: true,
  description,
});
