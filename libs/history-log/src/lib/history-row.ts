import type { CalculateResponse } from '@llm-calc/contracts';
import type { HistoryKind } from './history-store';

/**
 * The compact row kept in memory for each logged record: its sort/filter keys and the line's
 * position in its file, so 200,000 runs cost neither the whole records in memory nor a re-read.
 */
export interface HistoryRow {
  /** Id of the log file (TailReader.id) the line is in. */
  file: number;
  offset: number;
  length: number;
  /** The record's id, checked when the line is read back (the file may have changed under us). */
  id: string;
  timestamp: string;
  source: string;
  model: string;
  gpu: string;
  precision: string;
  batch_size: number;
  sequence_length: number;
  total_bytes: number;
  tokens_per_second: number;
  /** Lower-cased model id + name, GPU id + name, precision and source, for filters. */
  modelKey: string;
  gpuKey: string;
  text: string;
  /** Lower-cased display names, the sort keys of the model and GPU columns. */
  modelSort: string;
  gpuSort: string;
  /** What the run is: a calculation, a serving simulation or a recommendation. */
  kind: HistoryKind;
}

/** A serving simulation or a recommendation: stamped like a calculation, with its `kind`. */
export interface OtherKindRecord {
  id: string;
  timestamp: string;
  source: 'web' | 'cli';
  kind: 'serving' | 'recommend';
  inputs?: Record<string, unknown>;
  model_summary?: { name?: unknown };
  gpu_summary?: { name?: unknown };
  throughput?: { output_tokens_per_second?: unknown };
}

/** Whether a parsed line is a serving or recommend run (kept in the history, filtered by `kind`). */
export function isOtherKindRecord(value: unknown): value is OtherKindRecord {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<OtherKindRecord>;
  return (
    (r.kind === 'serving' || r.kind === 'recommend') &&
    typeof r.id === 'string' &&
    typeof r.timestamp === 'string' &&
    (r.source === 'web' || r.source === 'cli')
  );
}

/** The row of a serving or recommend run: model and GPU as named, its output tokens/s; no memory total. */
export function toOtherKindRow(r: OtherKindRecord, file: number, offset: number, length: number): HistoryRow {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const inputs = r.inputs ?? {};
  const model = text(r.model_summary?.name) || text(inputs['model']);
  const gpu = text(r.gpu_summary?.name) || text(inputs['gpu']);
  const modelKey = `${text(inputs['model'])} ${model}`.toLowerCase();
  const gpuKey = `${text(inputs['gpu'])} ${gpu}`.toLowerCase();
  return {
    file,
    offset,
    length,
    id: r.id,
    timestamp: r.timestamp,
    source: r.source,
    model,
    gpu,
    precision: text(inputs['precision']),
    batch_size: 0,
    sequence_length: 0,
    total_bytes: 0,
    tokens_per_second: num(r.throughput?.output_tokens_per_second),
    modelKey,
    gpuKey,
    text: `${modelKey} ${gpuKey} ${text(inputs['precision'])} ${r.source} ${r.kind}`,
    modelSort: model.toLowerCase(),
    gpuSort: gpu.toLowerCase(),
    kind: r.kind,
  };
}

/** Whether a parsed line is a calculation record with every field the history page shows. */
export function isRecord(value: unknown): value is CalculateResponse {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<CalculateResponse>;
  return (
    typeof r.id === 'string' &&
    typeof r.timestamp === 'string' &&
    (r.source === 'web' || r.source === 'cli') &&
    typeof r.inputs === 'object' &&
    r.inputs !== null &&
    typeof r.model_summary?.name === 'string' &&
    typeof r.gpu_summary?.name === 'string' &&
    typeof r.memory?.total_bytes === 'number' &&
    typeof r.performance?.tokens_per_second === 'number'
  );
}

/** The row of one record found at `offset` (bytes) in log file `file`, `length` bytes long. */
export function toRow(r: CalculateResponse, file: number, offset: number, length: number): HistoryRow {
  const modelKey = `${r.inputs.model ?? ''} ${r.model_summary.name}`.toLowerCase();
  const gpuKey = `${r.inputs.gpu ?? ''} ${r.gpu_summary.name}`.toLowerCase();
  return {
    file,
    offset,
    length,
    id: r.id,
    timestamp: r.timestamp,
    source: r.source,
    model: r.model_summary.name,
    gpu: r.gpu_summary.name,
    precision: String(r.inputs.precision),
    batch_size: Number(r.inputs.batch_size),
    sequence_length: Number(r.inputs.sequence_length),
    total_bytes: r.memory.total_bytes,
    tokens_per_second: r.performance.tokens_per_second,
    modelKey,
    gpuKey,
    text: `${modelKey} ${gpuKey} ${r.inputs.precision} ${r.source}`,
    modelSort: r.model_summary.name.toLowerCase(),
    gpuSort: r.gpu_summary.name.toLowerCase(),
    kind: 'calculate',
  };
}
