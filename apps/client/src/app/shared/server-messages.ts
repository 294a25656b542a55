import { FIELD_LABELS } from './field-labels';

/**
 * The server's messages as a form speaks: field names become the form's labels, long numbers get
 * thousands separators, and hints meant for developers ("GET /api/gpu_configs lists them") are
 * dropped. Each message also says which field it is about, so the form can mark that field.
 */

export interface FieldMessage {
  /** The request field the message is about (its first field name), or null for the request as a whole. */
  field: string | null;
  text: string;
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
/** A lower-case word, snake_case or plain, that is not part of an id, a path or a quoted value. */
const WORD = /(?<![\w'./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![\w'/-])/g;
/** "custom_model.hidden_size" names the model's field. */
const DOTTED_PREFIX = /\b(?:custom_model|custom_gpu|text_config)\./g;

/** One line of a server message, rewritten for people (see the module comment). */
export function humanizeMessage(line: string, labels: Readonly<Record<string, string>> = FIELD_LABELS): FieldMessage {
  let field: string | null = null;
  const text = line
    .replace(/\s*\((?:GET|POST) \/api\/[^)]*\)/g, '')
    .replace(/[;,]?\s*send the catalogue id[^.;]*/gi, '')
    .replace(DOTTED_PREFIX, '')
    // snake_case field names anywhere; a one-word field (model, gpu, mfu...) only as the subject.
    .replace(WORD, (word: string, offset: number) => {
      if (!Object.hasOwn(labels, word) || (!word.includes('_') && offset !== 0)) return word;
      field ??= word;
      return labels[word];
    })
    .replace(/ \* /g, ' × ')
    // Whole numbers of five digits or more, not part of an id or a decimal: 10001000 -> 10,001,000.
    .replace(/(?<![\w.,'-])\d{5,}(?![\w,'-]|\.\d)/g, (digits) => NUMBER.format(Number(digits)));
  return { field, text };
}

/** Every line of an error, rewritten; lines that say the same thing twice are kept once. */
export function humanizeMessages(lines: readonly string[], labels?: Readonly<Record<string, string>>): FieldMessage[] {
  const seen = new Set<string>();
  const out: FieldMessage[] = [];
  for (const line of lines) {
    const message = humanizeMessage(line, labels);
    if (seen.has(message.text)) continue;
    seen.add(message.text);
    out.push(message);
  }
  return out;
}

/**
 * A config.json that lacks a field answers with one line per rule the missing value breaks
 * ("must be an integer number", "must not be less than 1", ...). When the config has no key
 * for that field at all, those lines become one: "vocab_size is missing".
 */
export function collapseMissingKeys(lines: readonly string[], config: Record<string, unknown>): string[] {
  const inner = config['text_config'];
  const has = (key: string) =>
    key in config || (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && key in (inner as Record<string, unknown>));
  const out: string[] = [];
  const missing = new Set<string>();
  for (const line of lines) {
    // "vocab_size must be an integer number", or the server's one line per field: "config.json: vocab_size is required".
    const match = /^(?:[^:]*: )?(?:text_config\.)?([a-z][a-z0-9_]*) (must|should|is required)/.exec(line);
    const key = match?.[1];
    if (key && !has(key)) {
      if (!missing.has(key)) out.push(`${key} is missing from this config: add it (see the model card) and import again`);
      missing.add(key);
      continue;
    }
    out.push(line);
  }
  return out;
}
