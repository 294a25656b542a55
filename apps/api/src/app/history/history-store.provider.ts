import type { Provider } from '@nestjs/common';
import { JsonLinesHistoryStore, logDirectory, type HistoryStore } from '@llm-calc/history-log';

/** Nest injection token of the history's port (see libs/history-log history-store.ts). */
export const HISTORY_STORE = Symbol('HISTORY_STORE');

/**
 * The history store this server uses: the JSON-lines files under $LOG_DIR (default logging/),
 * the embedded default with nothing to install.
 */
export function createHistoryStore(env: NodeJS.ProcessEnv = process.env): HistoryStore {
  return new JsonLinesHistoryStore(logDirectory(env), 'web');
}

export const historyStoreProvider: Provider = {
  provide: HISTORY_STORE,
  useFactory: (): HistoryStore => createHistoryStore(),
};
