/**
 * Text for a terminal. Every string the CLI prints passes through terminalSafe (run.ts wraps the
 * Io once, so every printer, report, note, warning and error line is covered): model names, config
 * keys and option values come from the user's files and arguments, and an ESC sequence in a
 * config.json's _name_or_path would otherwise retitle the window, recolour or erase lines.
 */

/**
 * C0 controls except the newline (ESC, CR, BEL, backspace, tab...), DEL, C1 controls (CSI 0x9b
 * and OSC 0x9d are escape introducers on their own), the Unicode bidirectional marks, embeddings,
 * overrides and isolates (text that reads differently from what it is), and the line/paragraph
 * separators.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces every unsafe character by its visible escape `\uXXXX`. The same escape is valid JSON
 * for the same character, so `--json` output stays parseable and means the same values (in JSON
 * text such characters can only stand inside strings); newlines are kept.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
