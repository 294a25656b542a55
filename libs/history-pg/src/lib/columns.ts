import type { HistoryQuery, HistorySortField } from '@llm-calc/contracts';
import type { HistoryKind, HistoryRecord } from '@llm-calc/history-log';

/** The kinds of run the history keeps (a record without `kind` is a calculation). */
export const HISTORY_KINDS: readonly HistoryKind[] = ['calculate', 'serving', 'recommend'];

/**
 * Sort keys the PostgreSQL store accepts: the API's HISTORY_SORT_FIELDS plus the columns the
 * history page added (GPU count, output tokens, per-GPU VRAM, fits), which the JSON-lines index
 * does not sort on yet.
 */
export const PG_SORT_FIELDS = [
  'timestamp',
  'source',
  'model',
  'gpu',
  'precision',
  'batch_size',
  'sequence_length',
  'total_bytes',
  'tokens_per_second',
  'num_gpus',
  'output_tokens',
  'per_gpu_bytes',
  'fits',
  'kind',
] as const satisfies readonly (HistorySortField | string)[];
export type PgSortField = (typeof PG_SORT_FIELDS)[number];

/** A history query as the PostgreSQL store reads it: the API's, plus `kind` and the extra sort keys. */
export type PgHistoryQuery = Omit<HistoryQuery, 'sort'> & { sort?: PgSortField; kind?: HistoryKind };

/** Sort key -> column (a fixed map: no text from a request ever reaches the SQL). */
export const SORT_COLUMNS: Record<PgSortField, string> = {
  timestamp: 'ts',
  source: 'source',
  model: 'model_sort',
  gpu: 'gpu_sort',
  precision: 'precision',
  batch_size: 'batch_size',
  sequence_length: 'sequence_length',
  total_bytes: 'total_bytes',
  tokens_per_second: 'tokens_per_second',
  num_gpus: 'num_gpus',
  output_tokens: 'output_tokens',
  per_gpu_bytes: 'per_gpu_bytes',
  fits: 'fits',
  kind: 'kind',
};

/** The columns of history_runs copied out of a record, in INSERT order (record last). */
export const INSERT_COLUMNS = [
  'id',
  'ts',
  'source',
  'kind',
  'model',
  'gpu',
  'precision',
  'batch_size',
  'sequence_length',
  'output_tokens',
  'num_gpus',
  'total_bytes',
  'per_gpu_bytes',
  'tokens_per_second',
  'fits',
  'model_sort',
  'gpu_sort',
  'model_key',
  'gpu_key',
  'search_text',
  'record',
] as const;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Why a value cannot be a history record, or null when it can. */
export function recordProblem(value: unknown): string | null {
  const r = obj(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  if (typeof r['id'] !== 'string' || r['id'] === '') return 'no id';
  if (typeof r['timestamp'] !== 'string' || Number.isNaN(Date.parse(r['timestamp']))) return 'no valid timestamp';
  if (r['source'] !== 'web' && r['source'] !== 'cli') return 'source is neither web nor cli';
  if (r['kind'] !== undefined && !HISTORY_KINDS.includes(r['kind'] as HistoryKind)) return 'unknown kind';
  if (typeof r['inputs'] !== 'object' || r['inputs'] === null) return 'no inputs';
  return null;
}

/**
 * The indexed columns of one record, computed as the JSON-lines index computes its row
 * (libs/history-log reader.ts toRow): lower-cased "id name" keys for the model and GPU filters,
 * both plus precision and source for the free-text filter, lower-cased names as sort keys.
 * Serving and recommend records may lack a model or GPU summary: their columns are then empty.
 */
export function insertValues(record: HistoryRecord): unknown[] {
  const r = record as unknown as Json;
  const inputs = obj(r['inputs']);
  const modelName = str(obj(r['model_summary'])['name']) ?? str(inputs['model']) ?? '';
  const gpuName = str(obj(r['gpu_summary'])['name']) ?? str(inputs['gpu']) ?? '';
  const memory = obj(r['memory']);
  const performance = obj(r['performance']);
  const precision = inputs['precision'] === undefined || inputs['precision'] === null ? '' : String(inputs['precision']);
  const source = String(r['source']);
  const modelKey = `${str(inputs['model']) ?? ''} ${modelName}`.toLowerCase();
  const gpuKey = `${str(inputs['gpu']) ?? ''} ${gpuName}`.toLowerCase();
  return [
    String(r['id']),
    String(r['timestamp']),
    source,
    str(r['kind']) ?? 'calculate',
    modelName,
    gpuName,
    precision,
    num(inputs['batch_size']),
    num(inputs['sequence_length']),
    num(inputs['output_tokens']),
    num(inputs['num_gpus']),
    num(memory['total_bytes']),
    num(memory['per_gpu_bytes']),
    num(performance['tokens_per_second']),
    typeof memory['fits'] === 'boolean' ? memory['fits'] : null,
    modelName.toLowerCase(),
    gpuName.toLowerCase(),
    modelKey,
    gpuKey,
    `${modelKey} ${gpuKey} ${precision} ${source}`.toLowerCase(),
    record,
  ];
}

/** A LIKE pattern matching `text` as a case-insensitive substring (%, _ and \ taken literally). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
