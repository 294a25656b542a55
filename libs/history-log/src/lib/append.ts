import { accessSync, closeSync, constants, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureDirectory, ensureDirectorySync } from './paths';

/** Largest record the log accepts; a calculation record is a few KB. */
export const MAX_RECORD_BYTES = 256 * 1024;

/** How often the server's appender checks that its open log is still the file at the path. */
export const ROTATION_CHECK_MS = 1000;

export class RecordTooLargeError extends Error {
  constructor(bytes: number) {
    super(`history record of ${bytes} bytes exceeds the ${MAX_RECORD_BYTES}-byte cap; not logged`);
  }
}

/**
 * Appends one JSON line with a single write(2) on an O_APPEND descriptor, so lines from other
 * processes appending to the same file never interleave inside a line. If the file ends in a torn
 * line (a crash mid-write), the record starts on a fresh line; the torn one is later skipped.
 */
export async function appendJsonLine(file: string, record: unknown): Promise<void> {
  const line = JSON.stringify(record);
  const bytes = Buffer.byteLength(line);
  if (bytes > MAX_RECORD_BYTES) throw new RecordTooLargeError(bytes);
  await ensureDirectory(dirname(file));
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    // write(2) may take only part of the buffer (a nearly full disk): keep writing the rest; the
    // next call then fails with the reason (ENOSPC), so a torn line is never reported as logged.
    const buf = Buffer.from(prefix + line + '\n');
    let written = 0;
    while (written < buf.length) {
      const { bytesWritten } = await handle.write(buf, written, buf.length - written);
      if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      written += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The server's appender: one synchronous write(2) per record on a descriptor kept open, so
 * records are serialized by the event loop itself (no queue, no thread-pool round trips) and a
 * shutdown has nothing left to flush. A rotated or deleted log is reopened (the path is checked
 * every ROTATION_CHECK_MS), and when the file grew since our last write (another writer, or a
 * torn line left by a crash) its last byte is checked so the record starts on a fresh line.
 */
export class SerialAppender {
  private fd: number | null = null;
  private inode = 0;
  /** File size right after our last write; -1 when unknown. */
  private knownEnd = -1;
  private checkedAt = 0;

  constructor(private readonly file: string) {}

  append(record: unknown): Promise<void> {
    try {
      this.appendSync(record);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  appendSync(record: unknown): void {
    this.appendLineSync(JSON.stringify(record));
  }

  /** Appends an already serialized record (one JSON document, no newline). */
  appendLineSync(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (bytes > MAX_RECORD_BYTES) throw new RecordTooLargeError(bytes);
    // The path is looked up (to follow a rotated or deleted log) at most every ROTATION_CHECK_MS;
    // in between, fstat on the open descriptor gives the size for the torn-tail check.
    const now = Date.now();
    if (this.fd !== null && now - this.checkedAt >= ROTATION_CHECK_MS) {
      const onDisk = statSync(this.file, { throwIfNoEntry: false });
      if (!onDisk || onDisk.ino !== this.inode) this.close();
      this.checkedAt = now;
    }
    if (this.fd === null) {
      ensureDirectorySync(dirname(this.file));
      this.fd = openSync(this.file, 'a+');
      this.inode = fstatSync(this.fd).ino;
      this.knownEnd = -1;
      this.checkedAt = now;
    }
    const st = fstatSync(this.fd);
    const size = st.size;
    let prefix = '';
    if (size > 0 && size !== this.knownEnd) {
      const last = Buffer.alloc(1);
      readSync(this.fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const buf = Buffer.from(prefix + line + '\n');
    let written = 0;
    while (written < buf.length) {
      const n = writeSync(this.fd, buf, written);
      if (n <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      written += n;
    }
    this.knownEnd = size + buf.length;
  }

  /** Nothing is ever queued: every append is written before append() returns. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    this.fd = null;
    this.knownEnd = -1;
  }
}

/**
 * Whether a record could be appended to `file` now, without writing one: the folder exists (or
 * is created) and the file, or the folder when there is no file yet, accepts writes. access(2)
 * answers EROFS on a read-only mount even for root. Throws the reason (an errno-coded error).
 */
export function probeWritableSync(file: string): void {
  const dir = dirname(file);
  ensureDirectorySync(dir);
  const st = statSync(file, { throwIfNoEntry: false });
  accessSync(st ? file : dir, constants.W_OK);
}
