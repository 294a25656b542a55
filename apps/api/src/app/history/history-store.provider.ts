import { Logger, ServiceUnavailableException, type Provider } from '@nestjs/common';
import type { HistoryQuery, HistoryResponse } from '@llm-calc/contracts';
import { JsonLinesHistoryStore, logDirectory, type HistoryStore } from '@llm-calc/history-log';
import { HistoryUnavailableError, openHistoryStore, PgHistoryStore } from '@llm-calc/history-pg';

/** Nest injection token of the history's port (see libs/history-log history-store.ts). */
export const HISTORY_STORE = Symbol('HISTORY_STORE');

/**
 * The history store this server uses: PostgreSQL when DATABASE_URL is set (shared by every
 * instance on that database; runs are spooled under $LOG_DIR/spool while it is away), else the
 * JSON-lines files under $LOG_DIR (default logging/), the embedded default with nothing to install.
 * The URL is never logged: the store reports its state in words of its own.
 */
export function createHistoryStore(env: NodeJS.ProcessEnv = process.env): HistoryStore {
  if (!env['DATABASE_URL']) return new JsonLinesHistoryStore(logDirectory(env), 'web');
  const logger = new Logger('History');
  return answeringHttp(openHistoryStore(env, 'web', (message, level) => (level === 'warn' ? logger.warn(message) : logger.log(message))));
}

/** A history query the database cannot answer right now is a 503 with the reason, not a 500. */
function answeringHttp(store: HistoryStore): HistoryStore & { ready(): Promise<void> } {
  return {
    ready: () => (store instanceof PgHistoryStore ? store.ready() : Promise.resolve()),
    append: (record, json) => store.append(record, json),
    health: () => store.health(),
    close: () => store.close(),
    async query(q: HistoryQuery): Promise<HistoryResponse> {
      try {
        return await store.query(q);
      } catch (e) {
        if (e instanceof HistoryUnavailableError) {
          throw new ServiceUnavailableException([
            `the history cannot be read now: ${e.reason}; new runs are kept and appear once it is back`,
          ]);
        }
        throw e;
      }
    },
  };
}

export const historyStoreProvider: Provider = {
  provide: HISTORY_STORE,
  // Waits for the first attempt to reach the database (at most its connect timeout), so the
  // server starts knowing whether it writes to the database or to the spool.
  useFactory: async (): Promise<HistoryStore> => {
    const store: HistoryStore & { ready?: () => Promise<void> } = createHistoryStore();
    await store.ready?.();
    return store;
  },
};
