import { open, stat } from 'node:fs/promises';
import type { CalculateResponse } from '@llm-calc/contracts';
import { isOtherKindRecord, isRecord } from './history-row';

const BLOCK = 256 * 1024;
const COUNT_CHUNK = 1024 * 1024;
const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * The last `n` records of a log, newest (last line) first, read backwards from its end in blocks:
 * the first page of a large history without reading the file. `complete` is true when the file
 * was read to its start (it holds fewer than `n` records). Corrupt complete lines met are counted
 * in `skipped`; `torn` tells a last line without its newline (still being written, or torn).
 */
export async function readTailRecords(
  path: string,
  n: number,
): Promise<{ records: CalculateResponse[]; complete: boolean; skipped: number; torn: boolean }> {
  const records: CalculateResponse[] = [];
  let skipped = 0;
  let torn = false;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { records, complete: true, skipped, torn: false };
  }
  try {
    const { size } = await handle.stat();
    let end = size;
    let carry = Buffer.alloc(0);
    // A last line without its newline is still being written (or torn): not a record yet.
    let first = true;
    while (end > 0 && records.length < n) {
      const start = Math.max(0, end - BLOCK);
      const block = Buffer.alloc(end - start);
      await handle.read(block, 0, block.length, start);
      const data = carry.length ? Buffer.concat([block, carry]) : block;
      let stop = data.length;
      if (first) {
        const lastNl = data.lastIndexOf(0x0a);
        stop = lastNl === -1 ? 0 : lastNl;
        torn = lastNl !== data.length - 1;
        first = false;
      }
      let nl = data.lastIndexOf(0x0a, stop - 1);
      while (nl !== -1 && records.length < n) {
        const line = data.subarray(nl + 1, stop);
        take(line);
        stop = nl;
        nl = stop > 0 ? data.lastIndexOf(0x0a, stop - 1) : -1;
      }
      carry = Buffer.from(data.subarray(0, stop));
      end = start;
      if (end === 0 && records.length < n && carry.length) take(carry);
    }
    return { records, complete: end === 0, skipped, torn };
  } finally {
    await handle.close();
  }

  function take(line: Buffer): void {
    if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) return;
    try {
      const value: unknown = JSON.parse(line.toString('utf8'));
      if (isRecord(value)) {
        records.push(value);
        return;
      }
      // A serving or recommend run is readable, just not a calculation.
      if (isOtherKindRecord(value)) return;
    } catch {
      // counted
    }
    skipped++;
  }
}

/** Line counts remembered per file identity, so a count after an append reads only the new bytes. */
export class LineCounter {
  private readonly known = new Map<string, { key: string; size: number; lines: number; head: Buffer }>();

  /** Complete lines (newline-terminated, blank ones included) in `path`; 0 when it is missing. */
  async count(path: string): Promise<number> {
    const st = await stat(path).catch(() => null);
    if (!st) return 0;
    const key = `${st.dev}:${st.ino}`;
    const prev = this.known.get(path);
    let from = 0;
    let lines = 0;
    const handle = await open(path, 'r');
    const head = Buffer.alloc(Math.min(64, st.size));
    try {
      await handle.read(head, 0, head.length, 0);
      // Same file, only grown (not truncated and rewritten: its first bytes are unchanged).
      if (prev && prev.key === key && prev.size <= st.size && head.subarray(0, prev.head.length).equals(prev.head)) {
        from = prev.size;
        lines = prev.lines;
      }
      {
        const buf = Buffer.alloc(COUNT_CHUNK);
        let pos = from;
        while (pos < st.size) {
          const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, st.size - pos), pos);
          if (bytesRead === 0) break;
          const b = buf.subarray(0, bytesRead);
          for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) lines++;
          pos += bytesRead;
          await tick();
        }
      }
    } finally {
      await handle.close();
    }
    this.known.set(path, { key, size: st.size, lines, head });
    return lines;
  }
}
