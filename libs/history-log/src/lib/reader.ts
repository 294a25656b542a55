import { open, stat } from 'node:fs/promises';
import type { CalculateResponse, HistoryQuery, HistoryResponse, HistorySortField } from '@llm-calc/contracts';

/**
 * Incremental reading of the append-only history logs: each query reads only the bytes appended
 * since the previous one and keeps a compact row per record (sort/filter keys and the line's
 * position), so 100,000 runs cost neither a full re-read nor the whole records in memory.
 */
export interface HistoryRow {
  file: number;
  offset: number;
  length: number;
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
}

const CHUNK_BYTES = 4 * 1024 * 1024;

function isRecord(value: unknown): value is CalculateResponse {
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

export function toRow(r: CalculateResponse, file: number, offset: number, length: number): HistoryRow {
  const modelKey = `${r.inputs.model ?? ''} ${r.model_summary.name}`.toLowerCase();
  const gpuKey = `${r.inputs.gpu ?? ''} ${r.gpu_summary.name}`.toLowerCase();
  return {
    file,
    offset,
    length,
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
  };
}

/** One log file read incrementally. */
class LogFile {
  rows: HistoryRow[] = [];
  skipped = 0;
  /** Bytes consumed (complete lines only). */
  private offset = 0;
  /** True when the file ends in an incomplete line (counted as skipped while it lasts). */
  tornTail = false;

  constructor(
    readonly path: string,
    private readonly index: number,
  ) {}

  /** Reads what was appended since the last call; returns true when rows changed. */
  async refresh(): Promise<boolean> {
    let size: number;
    try {
      size = (await stat(this.path)).size;
    } catch {
      const changed = this.rows.length > 0 || this.skipped > 0;
      this.reset();
      return changed;
    }
    if (size < this.offset) this.reset();
    if (size === this.offset) {
      this.tornTail = false;
      return false;
    }
    const handle = await open(this.path, 'r');
    let changed = false;
    try {
      let carry = Buffer.alloc(0);
      let position = this.offset;
      while (position < size) {
        const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, size - position));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        let start = 0;
        for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
          this.ingest(data.subarray(start, nl), this.offset);
          this.offset += nl - start + 1;
          start = nl + 1;
          changed = true;
        }
        carry = Buffer.from(data.subarray(start));
      }
      this.tornTail = carry.length > 0;
    } finally {
      await handle.close();
    }
    return changed;
  }

  private ingest(line: Buffer, offset: number): void {
    if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) return;
    try {
      const value: unknown = JSON.parse(line.toString('utf8'));
      if (isRecord(value)) {
        this.rows.push(toRow(value, this.index, offset, line.length));
        return;
      }
    } catch {
      // counted below
    }
    this.skipped++;
  }

  private reset(): void {
    this.rows = [];
    this.skipped = 0;
    this.offset = 0;
    this.tornTail = false;
  }
}

/** Code-unit order on lower-cased text: Intl collation costs ~1 µs a comparison, too slow for 100k rows. */
const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

const compareBy: Record<HistorySortField, (a: HistoryRow, b: HistoryRow) => number> = {
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

/** The web and CLI logs together, queried with paging, sorting and filters. */
export class HistoryIndex {
  private readonly files: LogFile[];
  private sorted = new Map<HistorySortField, HistoryRow[]>();
  private refreshing: Promise<void> | null = null;

  constructor(paths: string[]) {
    this.files = paths.map((p, i) => new LogFile(p, i));
  }

  /** Reads new lines of every log (concurrent callers share one refresh). */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        let changed = false;
        for (const f of this.files) changed = (await f.refresh()) || changed;
        if (changed) this.sorted.clear();
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  get skippedLines(): number {
    return this.files.reduce((n, f) => n + f.skipped + (f.tornTail ? 1 : 0), 0);
  }

  get size(): number {
    return this.files.reduce((n, f) => n + f.rows.length, 0);
  }

  private ascending(field: HistorySortField): HistoryRow[] {
    let rows = this.sorted.get(field);
    if (!rows) {
      const cmp = compareBy[field];
      // Ties fall back to time so pages are stable.
      rows = this.files.flatMap((f) => f.rows).sort((a, b) => cmp(a, b) || compareBy.timestamp(a, b));
      this.sorted.set(field, rows);
    }
    return rows;
  }

  async query(q: HistoryQuery): Promise<HistoryResponse> {
    await this.refresh();
    const page = q.page ?? 1;
    const pageSize = q.page_size ?? 50;
    const rows = this.ascending(q.sort ?? 'timestamp');
    const model = q.model?.toLowerCase();
    const gpu = q.gpu?.toLowerCase();
    const text = q.q?.toLowerCase();
    const keep = (r: HistoryRow) =>
      (!model || r.modelKey.includes(model)) &&
      (!gpu || r.gpuKey.includes(gpu)) &&
      (!q.source || r.source === q.source) &&
      (!text || r.text.includes(text));
    const filtered = model || gpu || text || q.source ? rows.filter(keep) : rows;
    const total = filtered.length;
    const desc = (q.order ?? 'desc') === 'desc';
    const start = (page - 1) * pageSize;
    const picked: HistoryRow[] = [];
    for (let i = start; i < Math.min(total, start + pageSize); i++) {
      picked.push(filtered[desc ? total - 1 - i : i] as HistoryRow);
    }
    return { total, page, page_size: pageSize, items: await this.load(picked), skipped_lines: this.skippedLines };
  }

  /** Reads the full records of a page from disk by position. */
  private async load(rows: HistoryRow[]): Promise<CalculateResponse[]> {
    const out: CalculateResponse[] = [];
    const byFile = new Map<number, HistoryRow[]>();
    rows.forEach((r) => byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]));
    const records = new Map<HistoryRow, CalculateResponse>();
    for (const [file, list] of byFile) {
      let handle;
      try {
        handle = await open((this.files[file] as LogFile).path, 'r');
      } catch {
        continue;
      }
      try {
        for (const r of list) {
          const buf = Buffer.alloc(r.length);
          await handle.read(buf, 0, r.length, r.offset);
          try {
            records.set(r, JSON.parse(buf.toString('utf8')) as CalculateResponse);
          } catch {
            // The file changed under us (truncated or rotated): the next refresh re-reads it.
          }
        }
      } finally {
        await handle.close();
      }
    }
    for (const r of rows) {
      const rec = records.get(r);
      if (rec) out.push(rec);
    }
    return out;
  }
}
