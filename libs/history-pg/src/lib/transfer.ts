import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { Pool } from 'pg';
import type { HistoryRecord } from '@llm-calc/history-log';
import { recordProblem } from './columns';
import { insertStatement, rowParams } from './pg-history-store';

/** What an import did, per file and in total. */
export interface ImportReport {
  file: string;
  /** Non-empty lines read. */
  lines: number;
  /** Records added to the database. */
  inserted: number;
  /** Records whose id was already there (an import run twice adds nothing). */
  duplicates: number;
  /** Lines that are not a history record (torn, not JSON, no id/timestamp/source/inputs). */
  skipped: number;
}

const BATCH = 500;

/**
 * Loads JSON-lines history logs into the database, idempotently: records are inserted by id with
 * ON CONFLICT DO NOTHING, so importing a log twice (or one that overlaps) keeps each run once.
 * Files are streamed line by line; each batch is one multi-row parameterized INSERT.
 */
export async function importLogs(pool: Pool, files: string[]): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const file of files) {
    const report: ImportReport = { file, lines: 0, inserted: 0, duplicates: 0, skipped: 0 };
    let batch: { line: string; record: HistoryRecord }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      // Within one batch an id may repeat; ON CONFLICT would reject the whole statement then.
      const unique = [...new Map(batch.map((b) => [b.record.id, b])).values()];
      report.duplicates += batch.length - unique.length;
      const values = unique.flatMap((b) => rowParams(b.record, b.line));
      const result = await pool.query(insertStatement(unique.length), values);
      report.inserted += result.rowCount ?? 0;
      report.duplicates += unique.length - (result.rowCount ?? 0);
      batch = [];
    };
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      report.lines++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        report.skipped++;
        continue;
      }
      if (recordProblem(value) !== null) {
        report.skipped++;
        continue;
      }
      batch.push({ line, record: value as HistoryRecord });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    reports.push(report);
  }
  return reports;
}

/**
 * Streams every record, in the order they were kept, as JSON lines (the JSON-lines store's own
 * format, so an export can be read by it or imported again). Keyset paging by insertion order:
 * memory stays flat on a million runs. Returns the number of records written.
 */
export async function exportRecords(pool: Pool, out: Writable): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const { rows } = await pool.query<{ seq: string; record: string }>(
      'SELECT seq, record::text AS record FROM history_runs WHERE seq > $1 ORDER BY seq LIMIT 1000',
      [after],
    );
    if (rows.length === 0) return count;
    let chunk = '';
    for (const r of rows) chunk += r.record + '\n';
    count += rows.length;
    after = Number(rows[rows.length - 1]?.seq);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
}
