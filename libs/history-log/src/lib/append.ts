import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Largest record the log accepts; a calculation record is a few KB. */
export const MAX_RECORD_BYTES = 256 * 1024;

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
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(prefix + line + '\n');
  } finally {
    await handle.close();
  }
}

/**
 * Serializes appends within one process (one write at a time, in arrival order) and lets a
 * shutdown wait for the queue to drain.
 */
export class SerialAppender {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly file: string) {}

  append(record: unknown): Promise<void> {
    this.pending++;
    const next = this.tail.then(() => appendJsonLine(this.file, record));
    this.tail = next.catch(() => undefined).finally(() => {
      this.pending--;
    });
    return next;
  }

  get queued(): number {
    return this.pending;
  }

  /** Resolves when every queued append has been written (or failed). */
  flush(): Promise<void> {
    return this.tail;
  }
}
