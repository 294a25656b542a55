import type { HistoryQuery, HistorySortField } from '@llm-calc/contracts';
import type { HistoryRow } from './history-row';

/** Code-unit order on lower-cased text: Intl collation costs ~1 µs a comparison, too slow for 100k rows. */
const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

const byField: Record<HistorySortField, (a: HistoryRow, b: HistoryRow) => number> = {
  timestamp: (a, b) => text(a.timestamp, b.timestamp),
  source: (a, b) => text(a.source, b.source),
  model: (a, b) => text(a.modelSort, b.modelSort),
  gpu: (a, b) => text(a.gpuSort, b.gpuSort),
  precision: (a, b) => text(a.precision, b.precision),
  batch_size: (a, b) => a.batch_size - b.batch_size,
  sequence_length: (a, b) => a.sequence_length - b.sequence_length,
  total_bytes: (a, b) => a.total_bytes - b.total_bytes,
  tokens_per_second: (a, b) => a.tokens_per_second - b.tokens_per_second,
};

/** The ascending order of a sort column; ties fall back to time, then to the line's position, so pages are stable. */
export function compareRows(field: HistorySortField): (a: HistoryRow, b: HistoryRow) => number {
  const cmp = byField[field];
  return (a, b) => cmp(a, b) || byField.timestamp(a, b) || a.file - b.file || a.offset - b.offset;
}

/** Below this many new rows they are inserted one by one (binary search + splice); above, sorted and merged. */
const INSERT_LIMIT = 256;

/** The first index whose row sorts after `row` (upper bound). */
function upperBound(rows: HistoryRow[], row: HistoryRow, cmp: (a: HistoryRow, b: HistoryRow) => number): number {
  let lo = 0;
  let hi = rows.length;
  // New rows are nearly always the newest: check the end first.
  if (hi === 0 || cmp(rows[hi - 1] as HistoryRow, row) <= 0) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid] as HistoryRow, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two ascending arrays as one (O(n + k)). */
function merge(a: HistoryRow[], b: HistoryRow[], cmp: (x: HistoryRow, y: HistoryRow) => number): HistoryRow[] {
  const out = new Array<HistoryRow>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = cmp(a[i] as HistoryRow, b[j] as HistoryRow) <= 0 ? (a[i++] as HistoryRow) : (b[j++] as HistoryRow);
  while (i < a.length) out[k++] = a[i++] as HistoryRow;
  while (j < b.length) out[k++] = b[j++] as HistoryRow;
  return out;
}

/**
 * The rows of every log kept sorted by each column asked for so far. A column is sorted once, at
 * its first query; afterwards appended rows are inserted (a few) or merged (many) and the rows of
 * a file that went away or started over are filtered out, so an append never re-sorts 200,000 rows.
 */
export class SortedViews {
  private readonly views = new Map<HistorySortField, HistoryRow[]>();

  /** The rows sorted ascending by `field`, built from `all()` the first time. */
  get(field: HistorySortField, all: () => HistoryRow[]): HistoryRow[] {
    let rows = this.views.get(field);
    if (!rows) {
      rows = all().sort(compareRows(field));
      this.views.set(field, rows);
    }
    return rows;
  }

  /** New rows into every built view. */
  add(added: HistoryRow[]): void {
    if (added.length === 0) return;
    for (const [field, rows] of this.views) {
      const cmp = compareRows(field);
      if (added.length <= INSERT_LIMIT) {
        for (const r of added) {
          const at = upperBound(rows, r, cmp);
          if (at === rows.length) rows.push(r);
          else rows.splice(at, 0, r);
        }
      } else {
        this.views.set(field, merge(rows, [...added].sort(cmp), cmp));
      }
    }
  }

  /** Drops the rows of the given log files (removed, or read again from the start). */
  remove(files: Set<number>): void {
    if (files.size === 0) return;
    for (const [field, rows] of this.views) this.views.set(field, rows.filter((r) => !files.has(r.file)));
  }

  clear(): void {
    this.views.clear();
  }
}

/** A query's page: the matching count and the rows of the requested page, in the requested order. */
export interface PageOfRows {
  total: number;
  page: number;
  pageSize: number;
  rows: HistoryRow[];
}

/**
 * The history page rules: filters are case-insensitive substrings (model: id or name; gpu: id or
 * name; q: model, GPU, precision and source), source is exact; order desc by default; page 1 and
 * 50 rows by default. `ascending` is the view sorted by the query's column.
 */
export function selectPage(ascending: HistoryRow[], q: HistoryQuery): PageOfRows {
  const page = q.page ?? 1;
  const pageSize = q.page_size ?? 50;
  const model = q.model?.toLowerCase();
  const gpu = q.gpu?.toLowerCase();
  const needle = q.q?.toLowerCase();
  const keep = (r: HistoryRow) =>
    (!model || r.modelKey.includes(model)) &&
    (!gpu || r.gpuKey.includes(gpu)) &&
    (!q.source || r.source === q.source) &&
    (!needle || r.text.includes(needle));
  const filtered = model || gpu || needle || q.source ? ascending.filter(keep) : ascending;
  const total = filtered.length;
  const desc = (q.order ?? 'desc') === 'desc';
  const start = (page - 1) * pageSize;
  const rows: HistoryRow[] = [];
  for (let i = start; i < Math.min(total, start + pageSize); i++) rows.push(filtered[desc ? total - 1 - i : i] as HistoryRow);
  return { total, page, pageSize, rows };
}
