import type { CalculateResponse, HistoryQuery, HistoryResponse } from '@llm-calc/contracts';

/**
 * The history's port: where every successful run (web or CLI) is kept and how the history page
 * reads it back. Adapters: the JSON-lines files (the embedded default, `JsonLinesHistoryStore`)
 * and PostgreSQL (when `DATABASE_URL` is set). The API injects it by the `HISTORY_STORE` token;
 * the CLI opens one with `openHistoryStore`. Callers record through `recordRun`, never through an
 * adapter's file or table format.
 */
export interface HistoryStore {
  /**
   * Keeps one run. Resolves once the record is durable (written, committed, or spooled locally to
   * be replayed); rejects with a HistoryWriteError when it could not be kept at all.
   * `json` is the record already serialized (the API serializes once for the log and the answer).
   */
  append(record: HistoryRecord, json?: string): Promise<void>;
  /** A page of runs, sorted and filtered by the store. */
  query(q: HistoryQuery): Promise<HistoryResponse>;
  /** State for /api/health: never a server path or a credential. */
  health(): HistoryStoreHealth;
  /** Waits for pending writes and releases files or connections. */
  close(): Promise<void>;
}

/** What a run is: a calculation, a serving simulation or a deployment recommendation. */
export type HistoryKind = 'calculate' | 'serving' | 'recommend';

/** One logged run: the whole response, inputs included, stamped with id, timestamp and source. */
export type HistoryRecord =
  | CalculateResponse
  | (Record<string, unknown> & { id: string; timestamp: string; source: 'web' | 'cli'; kind?: HistoryKind });

export interface HistoryStoreHealth {
  /** Which adapter answers: the embedded files or the database. */
  backend: 'json-lines' | 'postgres';
  /** ok: writes land; degraded: writes are spooled or the last one failed; unavailable: nothing can be kept. */
  state: 'ok' | 'degraded' | 'unavailable';
  writable: boolean;
  /** The last write problem in words, without paths or credentials; null when none. */
  last_error: string | null;
  /** Records waiting in the local spool for the database (postgres adapter only). */
  spooled?: number;
}

/** A run could not be kept; `reason` is safe to show to users (no paths, no credentials). */
export class HistoryWriteError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'HistoryWriteError';
  }
}

/**
 * Keeps one run and returns why it could not be kept (in words safe to show: no paths, no
 * credentials), or null when it was. The result is still right when its history entry is lost,
 * so callers warn rather than fail: the API adds a warning to the answer, the CLI prints
 * "not logged" and exits 3. The one "keep, or say why" step shared by the API and the CLI.
 */
export async function recordRun(store: HistoryStore, record: HistoryRecord, json?: string): Promise<string | null> {
  try {
    await store.append(record, json);
    return null;
  } catch (e) {
    return e instanceof HistoryWriteError ? e.reason : 'the history could not be written';
  }
}
