import { open } from 'node:fs/promises';
import type { CalculateResponse, HistoryQuery, HistoryResponse } from '@llm-calc/contracts';
import type { HistoryRow } from './history-row';
import type { HistoryKind } from './history-store';
import { compareRows, rowFilter, SortedViews, selectPage } from './history-query';
import { findLogFiles, TailReader } from './tail-reader';
import { LineCounter, readTailRecords } from './tail-page';

/** Deepest page (page × page_size rows) answered from the files' tails before the index is built. */
const TAIL_PAGE_ROWS = 1000;

/**
 * The web and CLI logs together, with their rotated generations (`name.log.1` ...), queried with
 * paging, sorting and filters. Composes the three parts: the tail reader (what was appended, and
 * which files are the same after a rotation), the row builder (history-row.ts) and the query
 * rules (history-query.ts: sorted views kept up to date incrementally, filter and page).
 */
export class HistoryIndex {
  /** Readers by file identity (device:inode). */
  private readonly readers = new Map<string, TailReader>();
  private readonly views = new SortedViews();
  private refreshing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** Set by close(): a load in progress (e.g. behind a cold first page) stops at its next slice. */
  private closed = false;
  /** True once every log was read in full (the index answers every query from then on). */
  private loaded = false;
  private readonly counter = new LineCounter();

  /** @param paths the live log files; each one's rotated generations are read too. */
  constructor(private readonly paths: string[]) {}

  /**
   * Reads new lines of every log. A caller arriving while a refresh runs gets the next one (which
   * sees files renamed meanwhile); callers arriving together share it.
   */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.refreshNow().finally(() => {
        this.refreshing = null;
      });
      return this.refreshing;
    }
    if (!this.queued) {
      this.queued = this.refreshing.then(
        () => {
          this.queued = null;
          return this.refresh();
        },
        () => {
          this.queued = null;
          return this.refresh();
        },
      );
    }
    return this.queued;
  }

  private async refreshNow(): Promise<void> {
    if (this.closed) return;
    const found = (await Promise.all(this.paths.map((p) => findLogFiles(p)))).flat();
    const seen = new Set<string>();
    const dropped = new Set<number>();
    const added: HistoryRow[] = [];
    for (const f of found) {
      if (seen.has(f.key)) continue; // a hard link listed twice
      seen.add(f.key);
      let reader = this.readers.get(f.key);
      if (!reader) {
        reader = new TailReader(f.path, f.key);
        this.readers.set(f.key, reader);
      }
      reader.path = f.path;
      try {
        const change = await reader.refresh(f.stat, () => this.closed);
        if (change.reset) {
          dropped.add(reader.id);
          added.push(...reader.rows);
        } else {
          for (const r of change.added) added.push(r);
        }
      } catch {
        // vanished between listing and reading: dropped below if it stays gone
      }
    }
    for (const [key, reader] of this.readers) {
      if (!seen.has(key)) {
        dropped.add(reader.id);
        this.readers.delete(key);
      }
    }
    this.views.remove(dropped);
    this.views.add(added);
    this.loaded = true;
  }

  /** Stops reading: a process that is exiting does not wait for a background load. */
  close(): void {
    this.closed = true;
  }

  get skippedLines(): number {
    let n = 0;
    for (const r of this.readers.values()) n += r.skipped + (r.tornTail ? 1 : 0);
    return n;
  }

  get size(): number {
    let n = 0;
    for (const r of this.readers.values()) n += r.rows.length;
    return n;
  }

  private allRows(): HistoryRow[] {
    const out: HistoryRow[] = [];
    for (const r of this.readers.values()) for (const row of r.rows) out.push(row);
    return out;
  }

  async query(q: HistoryQuery): Promise<HistoryResponse> {
    if (q.kind === 'serving' || q.kind === 'recommend') return this.queryOtherKind(q, q.kind);
    if (!this.loaded) {
      // Cold start on a large history: the newest runs come from the files' ends at once, while
      // the index is built behind (every other query waits for it).
      const fast = await this.newestFromTails(q);
      if (fast) {
        this.refresh().catch(() => undefined);
        return fast;
      }
    }
    await this.refresh();
    const selected = await this.views.get(q.sort ?? 'timestamp', () => this.allRows(), rowFilter(q));
    const { total, page, pageSize, rows } = selectPage(selected, q);
    return { total, page, page_size: pageSize, items: await this.load(rows), skipped_lines: this.skippedLines };
  }

  /**
   * Serving or recommend runs (`kind=`): few beside the calculations, so filtered and sorted on
   * each query rather than kept in sorted views.
   */
  private async queryOtherKind(q: HistoryQuery, kind: HistoryKind): Promise<HistoryResponse> {
    await this.refresh();
    const filter = rowFilter(q);
    const rows: HistoryRow[] = [];
    for (const reader of this.readers.values()) {
      for (const row of reader.otherRows) if (row.kind === kind && (!filter || filter.keep(row))) rows.push(row);
    }
    rows.sort(compareRows(q.sort ?? 'timestamp'));
    const { total, page, pageSize, rows: pageRows } = selectPage(rows, q);
    return { total, page, page_size: pageSize, items: await this.load(pageRows), skipped_lines: this.skippedLines };
  }

  /**
   * The default view (newest first, no filter, a page within TAIL_PAGE_ROWS) read backwards from
   * the end of each log and its rotated generations; null for any other query. `total` counts
   * the files' lines less the unreadable ones met in the tails (exact unless corrupt lines lie
   * deeper; the index corrects it once built).
   */
  private async newestFromTails(q: HistoryQuery): Promise<HistoryResponse | null> {
    if ((q.sort ?? 'timestamp') !== 'timestamp' || (q.order ?? 'desc') !== 'desc' || rowFilter(q)) return null;
    const page = q.page ?? 1;
    const pageSize = q.page_size ?? 50;
    const need = page * pageSize;
    if (need > TAIL_PAGE_ROWS) return null;
    const records: CalculateResponse[] = [];
    let skipped = 0;
    let torn = 0;
    let lines = 0;
    for (const files of await Promise.all(this.paths.map((p) => findLogFiles(p)))) {
      let got = 0;
      for (const f of files) {
        if (got < need) {
          const tail = await readTailRecords(f.path, need - got);
          for (const r of tail.records) records.push(r);
          got += tail.records.length;
          skipped += tail.skipped;
          if (tail.torn) torn++;
        }
        lines += await this.counter.count(f.path);
      }
    }
    records.sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
    const total = Math.max(records.length, lines - skipped);
    return { total, page, page_size: pageSize, items: records.slice((page - 1) * pageSize, need), skipped_lines: skipped + torn };
  }

  /** Reads the full records of a page from disk by position (skipping any whose line changed). */
  private async load(rows: HistoryRow[]): Promise<CalculateResponse[]> {
    const byFile = new Map<number, HistoryRow[]>();
    for (const r of rows) {
      const list = byFile.get(r.file);
      if (list) list.push(r);
      else byFile.set(r.file, [r]);
    }
    const paths = new Map<number, string>();
    for (const reader of this.readers.values()) paths.set(reader.id, reader.path);
    const records = new Map<HistoryRow, CalculateResponse>();
    for (const [file, list] of byFile) {
      const path = paths.get(file);
      if (!path) continue;
      let handle;
      try {
        handle = await open(path, 'r');
      } catch {
        continue;
      }
      try {
        for (const r of list) {
          const buf = Buffer.alloc(r.length);
          await handle.read(buf, 0, r.length, r.offset);
          try {
            const rec = JSON.parse(buf.toString('utf8')) as CalculateResponse;
            if (rec?.id === r.id) records.set(r, rec);
          } catch {
            // The file changed under us (truncated or rotated): the next refresh re-reads it.
          }
        }
      } finally {
        await handle.close();
      }
    }
    const out: CalculateResponse[] = [];
    for (const r of rows) {
      const rec = records.get(r);
      if (rec) out.push(rec);
    }
    return out;
  }
}
