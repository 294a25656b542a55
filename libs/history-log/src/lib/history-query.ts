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
  while (i < a.length && j < b.length)
    out[k++] = cmp(a[i] as HistoryRow, b[j] as HistoryRow) <= 0 ? (a[i++] as HistoryRow) : (b[j++] as HistoryRow);
  while (i < a.length) out[k++] = a[i++] as HistoryRow;
  while (j < b.length) out[k++] = b[j++] as HistoryRow;
  return out;
}

/** Rows handled between yields to the event loop while building a view (a few ms of work). */
const YIELD_EVERY = 16_384;
const tick = () => new Promise<void>((r) => setImmediate(r));

/** Sorts in slices with merges, yielding between steps, so /api/health is answered meanwhile. */
async function sortChunked(rows: HistoryRow[], cmp: (a: HistoryRow, b: HistoryRow) => number): Promise<HistoryRow[]> {
  if (rows.length <= YIELD_EVERY) return rows.sort(cmp);
  let runs: HistoryRow[][] = [];
  for (let i = 0; i < rows.length; i += YIELD_EVERY) {
    runs.push(rows.slice(i, i + YIELD_EVERY).sort(cmp));
    await tick();
  }
  while (runs.length > 1) {
    const next: HistoryRow[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      next.push(i + 1 < runs.length ? merge(runs[i] as HistoryRow[], runs[i + 1] as HistoryRow[], cmp) : (runs[i] as HistoryRow[]));
      await tick();
    }
    runs = next;
  }
  return runs[0] ?? [];
}

async function filterChunked(rows: HistoryRow[], keep: (r: HistoryRow) => boolean): Promise<HistoryRow[]> {
  const out: HistoryRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as HistoryRow;
    if (keep(r)) out.push(r);
    if ((i + 1) % YIELD_EVERY === 0) await tick();
  }
  return out;
}

/** A query's filters as a predicate, with a key naming them (null when the query has none). */
export interface RowFilter {
  key: string;
  keep: (r: HistoryRow) => boolean;
}

/**
 * The history's filter rules: case-insensitive substrings (model: id or name; gpu: id or name;
 * q: model, GPU, precision and source); source is exact.
 */
export function rowFilter(q: HistoryQuery): RowFilter | null {
  const model = q.model?.toLowerCase();
  const gpu = q.gpu?.toLowerCase();
  const needle = q.q?.toLowerCase();
  const source = q.source;
  if (!model && !gpu && !needle && !source) return null;
  return {
    key: JSON.stringify([model ?? '', gpu ?? '', needle ?? '', source ?? '']),
    keep: (r) =>
      (!model || r.modelKey.includes(model)) &&
      (!gpu || r.gpuKey.includes(gpu)) &&
      (!source || r.source === source) &&
      (!needle || r.text.includes(needle)),
  };
}

interface View {
  field: HistorySortField;
  keep: ((r: HistoryRow) => boolean) | null;
  rows: HistoryRow[];
  used: number;
}

interface Build {
  /** False until the build took its snapshot: changes before it are in the snapshot. */
  collecting: boolean;
  added: HistoryRow[];
  removed: Set<number>;
  promise: Promise<HistoryRow[]>;
}

/** Filtered views kept (least recently used dropped first); each holds at most every row once. */
const MAX_FILTERED_VIEWS = 16;

/** New rows into one view: inserted one by one (a few) or sorted and merged (many). */
function insertRows(view: View, rows: HistoryRow[]): void {
  const added = view.keep ? rows.filter(view.keep) : rows;
  if (added.length === 0) return;
  const cmp = compareRows(view.field);
  if (added.length <= INSERT_LIMIT) {
    for (const r of added) {
      const at = upperBound(view.rows, r, cmp);
      if (at === view.rows.length) view.rows.push(r);
      else view.rows.splice(at, 0, r);
    }
  } else {
    view.rows = merge(view.rows, [...added].sort(cmp), cmp);
  }
}

/**
 * The rows of every log sorted by each column asked for so far, and the filtered selections of
 * recent queries. A view is built once, in slices that yield to the event loop (a first query of
 * 200,000 rows does not stall /api/health); afterwards appended rows are inserted (a few) or
 * merged (many) and the rows of a file that went away or started over are filtered out, so an
 * append never re-sorts or re-filters the history. Changes that arrive while a view is being
 * built are applied to it when it is done.
 */
export class SortedViews {
  private readonly views = new Map<string, View>();
  private readonly builds = new Map<string, Build>();
  private clock = 0;

  /** The rows sorted ascending by `field` (and filtered), built from `all()` the first time. */
  get(field: HistorySortField, all: () => HistoryRow[], filter: RowFilter | null = null): Promise<HistoryRow[]> {
    const key = filter ? `${field}\u0000${filter.key}` : field;
    const ready = this.views.get(key);
    if (ready) {
      ready.used = ++this.clock;
      return Promise.resolve(ready.rows);
    }
    const pending = this.builds.get(key);
    if (pending) return pending.promise;
    const build: Build = { collecting: false, added: [], removed: new Set(), promise: Promise.resolve([]) };
    this.builds.set(key, build);
    build.promise = (async () => {
      try {
        let rows: HistoryRow[];
        if (filter) {
          const ascending = await this.get(field, all);
          const snapshot = ascending.slice();
          build.collecting = true;
          rows = await filterChunked(snapshot, filter.keep);
        } else {
          const snapshot = all();
          build.collecting = true;
          rows = await sortChunked(snapshot, compareRows(field));
        }
        if (build.removed.size) rows = rows.filter((r) => !build.removed.has(r.file));
        const view: View = { field, keep: filter?.keep ?? null, rows, used: ++this.clock };
        insertRows(view, build.added);
        this.views.set(key, view);
        this.evict();
        return view.rows;
      } finally {
        this.builds.delete(key);
      }
    })();
    return build.promise;
  }

  /** New rows into every view (and every view being built). */
  add(added: HistoryRow[]): void {
    if (added.length === 0) return;
    for (const view of this.views.values()) insertRows(view, added);
    for (const b of this.builds.values()) if (b.collecting) for (const r of added) b.added.push(r);
  }

  /** Drops the rows of the given log files (removed, or read again from the start). */
  remove(files: Set<number>): void {
    if (files.size === 0) return;
    for (const view of this.views.values()) view.rows = view.rows.filter((r) => !files.has(r.file));
    for (const b of this.builds.values()) {
      if (!b.collecting) continue;
      for (const f of files) b.removed.add(f);
      b.added = b.added.filter((r) => !files.has(r.file));
    }
  }

  clear(): void {
    this.views.clear();
  }

  private evict(): void {
    const filtered = [...this.views.entries()].filter(([, v]) => v.keep !== null);
    if (filtered.length <= MAX_FILTERED_VIEWS) return;
    filtered.sort((a, b) => a[1].used - b[1].used);
    for (const [key] of filtered.slice(0, filtered.length - MAX_FILTERED_VIEWS)) this.views.delete(key);
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
 * The history page rules: order desc by default; page 1 and 50 rows by default. `selected` is the
 * view sorted ascending by the query's column, already filtered by its rowFilter.
 */
export function selectPage(selected: HistoryRow[], q: HistoryQuery): PageOfRows {
  const page = q.page ?? 1;
  const pageSize = q.page_size ?? 50;
  const total = selected.length;
  const desc = (q.order ?? 'desc') === 'desc';
  const start = (page - 1) * pageSize;
  const rows: HistoryRow[] = [];
  for (let i = start; i < Math.min(total, start + pageSize); i++) rows.push(selected[desc ? total - 1 - i : i] as HistoryRow);
  return { total, page, pageSize, rows };
}
