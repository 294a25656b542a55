import type { Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isOtherKindRecord, isRecord, toOtherKindRow, toRow, type HistoryRow } from './history-row';

/** Read (and parsed) between yields: ~1 MB is a few ms of JSON.parse, so health stays answered during a cold load. */
const CHUNK_BYTES = 1024 * 1024;
/** Bytes at the start of a file remembered to notice a file truncated and rewritten (copytruncate). */
const FINGERPRINT_BYTES = 64;
/** Rotated generations read beside a log: name.log.1 ... name.log.N. */
export const MAX_ROTATED_FILES = 20;

let nextId = 1;

/** What a refresh found: rows appended since the last one, or `reset` when the file started over. */
export interface TailChange {
  reset: boolean;
  added: HistoryRow[];
}

/**
 * One log file read incrementally from where the last read stopped. The file is followed by
 * identity (device + inode), not by name, so a log renamed by rotation keeps its rows and read
 * position; a file truncated or rewritten in place (copytruncate) is noticed by its size or by
 * its first bytes and read again from the start.
 */
export class TailReader {
  readonly id = nextId++;
  rows: HistoryRow[] = [];
  /** Serving and recommend runs: kept apart, so the calculations' sorted views stay as they are. */
  otherRows: HistoryRow[] = [];
  skipped = 0;
  /** True when the file ends in an incomplete line (counted as skipped while it lasts). */
  tornTail = false;
  /** Bytes consumed (complete lines only). */
  private offset = 0;
  private fingerprint: Buffer | null = null;
  private mtimeMs = -1;

  constructor(
    public path: string,
    readonly key: string,
  ) {}

  /** Reads what was appended since the last call (or all of it again after a truncation). */
  async refresh(st: Stats, stopped: () => boolean = () => false): Promise<TailChange> {
    if (st.size === this.offset && st.mtimeMs === this.mtimeMs) return { reset: false, added: [] };
    let reset = false;
    if (st.size < this.offset || !(await this.sameStart())) {
      this.reset();
      reset = true;
    }
    this.mtimeMs = st.mtimeMs;
    if (st.size === this.offset) {
      this.tornTail = false;
      return { reset, added: [] };
    }
    const added: HistoryRow[] = [];
    const handle = await open(this.path, 'r');
    try {
      let carry = Buffer.alloc(0);
      let position = this.offset;
      while (position < st.size && !stopped()) {
        const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, st.size - position));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        if (position === 0 && !this.fingerprint) this.fingerprint = Buffer.from(chunk.subarray(0, Math.min(FINGERPRINT_BYTES, bytesRead)));
        position += bytesRead;
        const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        let start = 0;
        for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
          const row = this.ingest(data.subarray(start, nl), this.offset);
          if (row) added.push(row);
          this.offset += nl - start + 1;
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
      }
      this.tornTail = carry.length > 0;
    } finally {
      await handle.close();
    }
    for (const r of added) this.rows.push(r);
    return { reset, added };
  }

  /** Whether the file still begins with the bytes read first (false: rewritten in place). */
  private async sameStart(): Promise<boolean> {
    const fp = this.fingerprint;
    if (!fp || this.offset === 0) return true;
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return true; // gone: the caller notices at the next stat
    }
    try {
      const now = Buffer.alloc(fp.length);
      const { bytesRead } = await handle.read(now, 0, fp.length, 0);
      return bytesRead === fp.length && now.equals(fp);
    } finally {
      await handle.close();
    }
  }

  private ingest(line: Buffer, offset: number): HistoryRow | null {
    if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) return null;
    try {
      const value: unknown = JSON.parse(line.toString('utf8'));
      if (isRecord(value)) return toRow(value, this.id, offset, line.length);
      if (isOtherKindRecord(value)) {
        this.otherRows.push(toOtherKindRow(value, this.id, offset, line.length));
        return null;
      }
    } catch {
      // counted below
    }
    this.skipped++;
    return null;
  }

  private reset(): void {
    this.rows = [];
    this.otherRows = [];
    this.skipped = 0;
    this.offset = 0;
    this.tornTail = false;
    this.fingerprint = null;
    this.mtimeMs = -1;
  }
}

/** A file found on disk: its path, identity and stat. */
export interface FoundLog {
  path: string;
  key: string;
  stat: Stats;
}

/**
 * The files of one log as they are now: `base` itself and its rotated generations `base.1` ...
 * `base.N` (compressed generations such as `base.2.gz` are not read). Newest generation first.
 */
export async function findLogFiles(base: string): Promise<FoundLog[]> {
  const dir = dirname(base);
  const name = basename(base);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const generation = (n: string) =>
    n === name ? 0 : n.startsWith(name + '.') && /^\d{1,3}$/.test(n.slice(name.length + 1)) ? Number(n.slice(name.length + 1)) : -1;
  const picked = names
    .map((n) => ({ n, g: generation(n) }))
    .filter(({ g }) => g >= 0 && g <= MAX_ROTATED_FILES)
    .sort((a, b) => a.g - b.g);
  const found: FoundLog[] = [];
  for (const { n } of picked) {
    const path = join(dir, n);
    const st = await stat(path).catch(() => null);
    if (st?.isFile()) found.push({ path, key: `${st.dev}:${st.ino}`, stat: st });
  }
  return found;
}
