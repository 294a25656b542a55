import type { CompareResponse, CompareResult } from '@llm-calc/contracts';
import { type CsvValue, toCsv } from '../shared/export';

export type CompareSortField =
  | 'name'
  | 'family'
  | 'fits'
  | 'per_gpu_bytes'
  | 'tokens_per_second'
  | 'aggregate_tokens_per_second'
  | 'prefill_latency_seconds'
  | 'headroom_bytes'
  | 'cost_per_hour'
  | 'cost_per_million_tokens';

export type SortDirection = 'asc' | 'desc' | '';

/** The figure a chart bar shows: throughput, or price per million tokens. */
export type CompareChartMetric = 'aggregate_tokens_per_second' | 'cost_per_million_tokens';

function sortValue(result: CompareResult, field: CompareSortField): string | number | null {
  switch (field) {
    case 'name':
    case 'family':
      return result[field];
    case 'fits':
      return result.fits ? 1 : 0;
    case 'headroom_bytes':
      return headroomBytes(result);
    default:
      return result[field];
  }
}

/** Memory left on each GPU of the entry (negative when it does not fit); null when the GPU cannot run it. */
export function headroomBytes(r: Pick<CompareResult, 'supported' | 'gpu_memory_bytes' | 'per_gpu_bytes'>): number | null {
  return r.supported ? r.gpu_memory_bytes - r.per_gpu_bytes : null;
}

/** The table's order when the page opens: cheapest per million tokens first, as the README promises. */
export const DEFAULT_COMPARE_SORT = { field: 'cost_per_million_tokens', direction: 'asc' } as const;

const COST_FIELDS: readonly CompareSortField[] = ['cost_per_hour', 'cost_per_million_tokens'];

/**
 * The rows in the order the table shows them. GPUs that cannot run the precision, and figures
 * the API has not got (no price), go last in either direction: they are not "the smallest".
 * By price, a GPU that does not fit comes after every one that does: its price buys nothing.
 * No direction keeps the API's order (the catalogue, by family). The sort is stable.
 */
export function sortCompareResults(
  results: readonly CompareResult[],
  field: CompareSortField | '',
  direction: SortDirection,
): CompareResult[] {
  if (!field || !direction) return [...results];
  const sign = direction === 'asc' ? 1 : -1;
  const byCost = COST_FIELDS.includes(field);
  const rank = (r: CompareResult) => (!r.supported ? 3 : sortValue(r, field) === null ? 2 : byCost && !r.fits ? 1 : 0);
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => {
      const ranks = rank(a.result) - rank(b.result);
      if (ranks !== 0) return ranks;
      const x = sortValue(a.result, field);
      const y = sortValue(b.result, field);
      let order = 0;
      if (x !== null && y !== null) {
        order = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y), 'en', { sensitivity: 'base' }) : x - y;
      }
      return order !== 0 ? order * sign : a.index - b.index;
    })
    .map(({ result }) => result);
}

/** The GPU's name with the count in front when the entry has more than one ("2 × NVIDIA H100 SXM5 80GB"). */
export function entryName(r: Pick<CompareResult, 'name' | 'num_gpus'>): string {
  return r.num_gpus > 1 ? `${r.num_gpus} × ${r.name}` : r.name;
}

/** The GPU the API names cheapest among those that fit, or null. */
export function cheapestFitting(response: CompareResponse | null): CompareResult | null {
  if (!response?.cheapest_fitting) return null;
  return response.results.find((r) => r.gpu === response.cheapest_fitting) ?? null;
}

export interface ChartBar {
  gpu: string;
  name: string;
  value: number;
}

/**
 * The bars of the chart: GPUs that fit (and, for price, have one), best first — most tokens/s
 * or fewest dollars per million tokens at the top.
 */
export function chartBars(results: readonly CompareResult[], metric: CompareChartMetric): ChartBar[] {
  const bars: ChartBar[] = [];
  for (const r of results) {
    const value = r[metric];
    if (r.supported && r.fits && value !== null && Number.isFinite(value)) bars.push({ gpu: r.gpu, name: entryName(r), value });
  }
  return bars.sort((a, b) => (metric === 'cost_per_million_tokens' ? a.value - b.value : b.value - a.value));
}

export const COMPARE_CSV_HEADER = [
  'gpu',
  'name',
  'family',
  'num_gpus',
  'tensor_parallel',
  'pipeline_parallel',
  'supported',
  'reason',
  'fits',
  'cheapest_fitting',
  'per_gpu_bytes',
  'gpu_memory_bytes',
  'tokens_per_second',
  'aggregate_tokens_per_second',
  'prefill_latency_seconds',
  'cost_per_hour_usd',
  'cost_per_million_tokens_usd',
] as const;

/** The table as CSV, in base units (bytes, seconds, USD), in the order shown. */
export function compareCsv(results: readonly CompareResult[], cheapestId: string | null): string {
  const rows: CsvValue[][] = results.map((r) => [
    r.gpu,
    r.name,
    r.family,
    r.num_gpus,
    r.tensor_parallel,
    r.pipeline_parallel,
    r.supported,
    r.reason,
    r.fits,
    r.gpu === cheapestId,
    r.supported ? r.per_gpu_bytes : null,
    r.gpu_memory_bytes,
    r.supported ? r.tokens_per_second : null,
    r.supported ? r.aggregate_tokens_per_second : null,
    r.supported ? r.prefill_latency_seconds : null,
    r.cost_per_hour,
    r.cost_per_million_tokens,
  ]);
  return toCsv(COMPARE_CSV_HEADER, rows);
}
