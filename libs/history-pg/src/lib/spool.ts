import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** What a spool file holds: one record's JSON text a line, in the order the runs were kept. */
export interface SpoolBatch {
  /** The file being replayed (renamed out of the way, so new records go to a fresh spool). */
  file: string;
  lines: string[];
  /** Lines that were not JSON (a torn write by a crash): left out of the replay. */
  unreadable: number;
}

/**
 * The local spool of the PostgreSQL store: records kept while the database is out of reach, as
 * JSON lines (one write(2) each on an O_APPEND descriptor, like the JSON-lines history), replayed
 * in order once the database is back. A replay first renames the spool to
 * `<name>.replaying.<pid>.<time>.jsonl`, so records spooled meanwhile land in a fresh file and
 * follow; a replay file left by a crash is picked up by the next replay (ids are the primary key,
 * so a record replayed twice is kept once).
 */
export class Spool {
  private fd: number | null = null;
  private pendingLines = 0;

  constructor(
    readonly dir: string,
    readonly name: string,
  ) {
    this.pendingLines = this.countExisting();
  }

  get path(): string {
    return join(this.dir, `${this.name}.jsonl`);
  }

  /** Records waiting (in the spool and in replay files not yet done). */
  get size(): number {
    return this.pendingLines;
  }

  /** Appends one record's JSON text (no newline inside: JSON.stringify never emits one). */
  append(json: string): void {
    const buf = Buffer.from(json + '\n');
    // If another process sharing the spool renamed it for a replay while we wrote, the line may
    // have missed that replay: it is written again to the fresh spool (kept once, by id).
    for (let attempt = 0; attempt < 5; attempt++) {
      if (this.fd === null) {
        mkdirSync(this.dir, { recursive: true });
        this.fd = openSync(this.path, 'a');
      }
      let written = 0;
      while (written < buf.length) written += writeSync(this.fd, buf, written);
      const onDisk = statSync(this.path, { throwIfNoEntry: false });
      if (onDisk && onDisk.ino === fstatSync(this.fd).ino) break;
      this.closeFd();
    }
    this.pendingLines++;
  }

  /** True when the spool itself has lines (replay files aside). */
  hasFreshLines(): boolean {
    const st = statSync(this.path, { throwIfNoEntry: false });
    return !!st && st.size > 0;
  }

  /**
   * The next batch to replay, oldest first: a replay file left earlier, else the spool renamed
   * now (null when nothing waits). Synchronous, so no append can fall between the check and the
   * rename.
   */
  takeBatch(): SpoolBatch | null {
    let file = this.replayFiles()[0];
    if (!file) {
      if (!this.hasFreshLines()) return null;
      this.closeFd();
      file = join(this.dir, `${this.name}.replaying.${String(Date.now()).padStart(15, '0')}.${process.pid}.jsonl`);
      try {
        renameSync(this.path, file);
      } catch (e) {
        // Another process sharing this spool took it first.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.takeBatch();
        throw e;
      }
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.takeBatch();
      throw e;
    }
    const lines: string[] = [];
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        JSON.parse(line);
        lines.push(line);
      } catch {
        unreadable++;
      }
    }
    return { file, lines, unreadable };
  }

  /** A batch is in the database: its file goes. */
  done(batch: SpoolBatch): void {
    rmSync(batch.file, { force: true });
    this.pendingLines = Math.max(0, this.pendingLines - batch.lines.length);
    if (this.replayFiles().length === 0 && !this.hasFreshLines()) this.pendingLines = 0;
  }

  close(): void {
    this.closeFd();
  }

  private closeFd(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
  }

  private replayFiles(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const prefix = `${this.name}.replaying.`;
    return names
      .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl'))
      .sort()
      .map((n) => join(this.dir, n));
  }

  private countExisting(): number {
    let n = 0;
    for (const file of [...this.replayFiles(), this.path]) {
      try {
        n += readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '').length;
      } catch {
        // absent
      }
    }
    return n;
  }
}
