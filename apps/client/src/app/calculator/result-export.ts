import type { CalculateResponse } from '@llm-calc/contracts';
import { csvField, toCsv } from '../shared/export';

/**
 * A calculation result as files: the response as JSON, and a CSV with one row per figure
 * (section, field, value, unit). Values stay in the API's base units; the unit column says which.
 */

export interface CsvRow {
  section: string;
  field: string;
  value: string | number | boolean | null;
  unit: string;
}

/** Units by field-name ending, most specific first. */
const UNIT_SUFFIXES: readonly [string, string][] = [
  ['_bytes_per_second', 'bytes/s'],
  ['_flops_per_second', 'FLOP/s'],
  ['_flops_per_byte', 'FLOP/byte'],
  ['tokens_per_second', 'tokens/s'],
  ['price_per_gpu_hour', 'USD per GPU-hour'],
  ['cost_per_hour', 'USD/h'],
  ['cost_per_million_tokens', 'USD per 1M tokens'],
  ['bytes_per_weight', 'bytes'],
  ['bytes_per_kv_element', 'bytes'],
  ['bytes_per_token', 'bytes'],
  ['_parameters', 'parameters'],
  ['_bytes', 'bytes'],
  ['_seconds', 's'],
  ['_flops', 'FLOP'],
  ['flops', 'FLOP'],
  ['bytes', 'bytes'],
  ['seconds', 's'],
  ['sequence_length', 'tokens'],
  ['output_tokens', 'tokens'],
];

export function unitFor(field: string): string {
  const leaf = field.split('.').pop() ?? field;
  return UNIT_SUFFIXES.find(([suffix]) => leaf.endsWith(suffix))?.[1] ?? '';
}

function flatten(section: string, prefix: string, value: unknown, rows: CsvRow[]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(section, prefix ? `${prefix}.${key}` : key, inner, rows);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(section, `${prefix}[${index}]`, item, rows));
    return;
  }
  const cell = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  rows.push({ section, field: prefix, value: cell, unit: typeof cell === 'number' ? unitFor(prefix) : '' });
}

const SECTIONS = ['model_summary', 'gpu_summary', 'memory', 'compute', 'performance', 'cost', 'inputs', 'warnings'] as const;

/** Every figure of the response as rows, section by section. */
export function resultRows(result: CalculateResponse): CsvRow[] {
  const rows: CsvRow[] = [
    { section: 'run', field: 'id', value: result.id, unit: '' },
    { section: 'run', field: 'timestamp', value: result.timestamp, unit: '' },
  ];
  for (const section of SECTIONS) flatten(section, '', result[section], rows);
  return rows;
}

/**
 * One CSV cell: the shared CSV rules (formula escaping, also behind blanks and invisible
 * characters, then RFC 4180 quoting; numbers written as numbers).
 */
export const csvCell: (value: string | number | boolean | null) => string = csvField;

/** The CSV file: a header, then one row per figure, lines ended by CRLF (RFC 4180). */
export function resultCsv(result: CalculateResponse): string {
  return toCsv(
    ['section', 'field', 'value', 'unit'],
    resultRows(result).map((row) => [row.section, row.field, row.value, row.unit]),
  );
}

export function resultJson(result: CalculateResponse): string {
  return JSON.stringify(result, null, 2) + '\n';
}

/** A file name from the model and GPU names, reduced to safe characters. */
export function resultFileName(result: CalculateResponse, extension: string): string {
  const base = `${result.model_summary.name}-${result.gpu_summary?.name ?? 'gpu'}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'calculation'}.${extension}`;
}
