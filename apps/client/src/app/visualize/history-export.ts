import type { CalculateResponse } from '@llm-calc/contracts';
import { type CsvValue, toCsv } from '../shared/export';

/** Columns of the history CSV, in base units (bytes, seconds) as the API sends them. */
export const HISTORY_CSV_HEADER = [
  'timestamp',
  'source',
  'model',
  'gpu',
  'precision',
  'kv_cache_precision',
  'batch_size',
  'sequence_length',
  'output_tokens',
  'num_gpus',
  'total_bytes',
  'per_gpu_bytes',
  'tokens_per_second',
  'aggregate_tokens_per_second',
  'prefill_latency_seconds',
] as const;

/** One row per run. Names come from users and the CLI, so they pass through the formula escaping. */
export function historyCsv(runs: readonly CalculateResponse[]): string {
  const rows: CsvValue[][] = runs.map((run) => [
    run.timestamp,
    run.source,
    run.model_summary.name,
    run.gpu_summary?.name ?? run.inputs.gpu ?? 'custom GPU',
    run.inputs.precision,
    run.inputs.kv_cache_precision,
    run.inputs.batch_size,
    run.inputs.sequence_length,
    run.inputs.output_tokens,
    run.inputs.num_gpus,
    run.memory.total_bytes,
    run.memory.per_gpu_bytes,
    run.performance.tokens_per_second,
    run.performance.aggregate_tokens_per_second,
    run.performance.prefill_latency_seconds,
  ]);
  return toCsv(HISTORY_CSV_HEADER, rows);
}
