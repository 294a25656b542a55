import { join, resolve } from 'node:path';
import { JsonLinesHistoryStore, logDirectory, type HistorySource, type HistoryStore } from '@llm-calc/history-log';
import { PgHistoryStore, type HistoryLog } from './pg-history-store';

/** The history's spool folder: $HISTORY_SPOOL_DIR, else spool/ in the history folder ($LOG_DIR). */
export function spoolDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env['HISTORY_SPOOL_DIR'] ? resolve(env['HISTORY_SPOOL_DIR']) : join(logDirectory(env), 'spool');
}

/**
 * The history store a process uses, for the server and the CLI alike: PostgreSQL when
 * DATABASE_URL is set (its spool under $LOG_DIR/spool), else the JSON-lines files under $LOG_DIR.
 * Returns at once; a PostgreSQL store reaches and migrates its database in the background (its
 * first write or query waits for that first attempt).
 */
export function openHistoryStore(env: NodeJS.ProcessEnv, source: HistorySource, log?: HistoryLog): HistoryStore {
  const url = env['DATABASE_URL'];
  if (url) return new PgHistoryStore({ connectionString: url, source, spoolDir: spoolDirectory(env), log });
  return new JsonLinesHistoryStore(logDirectory(env), source);
}
