/**
 * Moves the history between the JSON-lines logs and PostgreSQL ($DATABASE_URL).
 *   npm run history -- import logging/web_app_calculations.log logging/cli_calculations.log
 *     loads the logs idempotently (by record id: importing twice adds nothing), reporting per file
 *     the lines read, records added, records already there and lines skipped (not a record).
 *   npm run history -- export > history.jsonl
 *     streams every record, in the order kept, as JSON lines to stdout.
 * The schema is created or migrated first. The URL is never printed.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportRecords, importLogs, PgHistoryStore } from '@llm-calc/history-pg';

const USAGE = 'usage: DATABASE_URL=postgres://... npm run history -- import <log.jsonl...> | export';

async function main(argv: string[]): Promise<number> {
  const [command, ...files] = argv;
  if (command !== 'import' && command !== 'export') {
    console.error(USAGE);
    return 2;
  }
  if (command === 'import' && files.length === 0) {
    console.error(`import: name at least one JSON-lines log\n${USAGE}`);
    return 2;
  }
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error(`DATABASE_URL is not set\n${USAGE}`);
    return 2;
  }
  // A spool of its own (removed after): the tool never writes through the store, it only needs
  // its pool and migrations.
  const spoolDir = mkdtempSync(join(tmpdir(), 'llm-calc-history-tool-'));
  const store = new PgHistoryStore({ connectionString: url, source: 'cli', spoolDir, retryMs: 60_000 });
  try {
    await store.ready();
    const health = store.health();
    if (health.state !== 'ok') {
      console.error(`cannot use the history database: ${health.last_error}`);
      return 1;
    }
    if (command === 'export') {
      const n = await exportRecords(store.sqlPool, process.stdout);
      console.error(`exported ${n} record(s)`);
      return 0;
    }
    let failed = false;
    const totals = { lines: 0, inserted: 0, duplicates: 0, skipped: 0 };
    for (const file of files) {
      try {
        const [r] = await importLogs(store.sqlPool, [file]);
        if (!r) continue;
        console.log(`${file}: ${r.lines} line(s), ${r.inserted} added, ${r.duplicates} already there, ${r.skipped} skipped`);
        totals.lines += r.lines;
        totals.inserted += r.inserted;
        totals.duplicates += r.duplicates;
        totals.skipped += r.skipped;
      } catch (e) {
        failed = true;
        const code = (e as NodeJS.ErrnoException).code;
        console.error(`${file}: not imported (${code ?? 'error'})`);
      }
    }
    console.log(`total: ${totals.lines} line(s), ${totals.inserted} added, ${totals.duplicates} already there, ${totals.skipped} skipped`);
    return failed ? 1 : 0;
  } finally {
    await store.close();
    rmSync(spoolDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`history: ${(e as { code?: string }).code ?? 'failed'}`);
    if (process.env['DEBUG'] === '1') console.error(e);
    process.exit(1);
  },
);
