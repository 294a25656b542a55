import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { HistoryQuery, HistoryResponse } from '@llm-calc/contracts';
import { recordRun, type HistoryRecord, type HistoryStore, type HistoryStoreHealth } from '@llm-calc/history-log';
import { HISTORY_STORE } from './history-store.provider';

/**
 * The calculation history as the API's features see it: record a run, query runs, report state.
 * Which store keeps them (JSON-lines files or PostgreSQL) is the injected HISTORY_STORE's business.
 */
@Injectable()
export class HistoryService implements OnApplicationShutdown {
  constructor(@Inject(HISTORY_STORE) private readonly store: HistoryStore) {}

  /** Keeps a run; returns the warning for the answer when it could not be kept. */
  async record(record: HistoryRecord, json?: string): Promise<string | null> {
    const reason = await recordRun(this.store, record, json);
    return reason === null ? null : `This run was not saved to the history: ${reason}.`;
  }

  query(q: HistoryQuery): Promise<HistoryResponse> {
    return this.store.query(q);
  }

  health(): HistoryStoreHealth {
    return this.store.health();
  }

  /** Every history write completes before its response is sent; closing the store is all that is left. */
  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}
