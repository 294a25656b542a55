import pg from 'pg';
import type { HistoryResponse } from '@llm-calc/contracts';
import { HistoryWriteError, type HistoryRecord, type HistoryStore, type HistoryStoreHealth } from '@llm-calc/history-log';
import { containsPattern, INSERT_COLUMNS, insertValues, PG_SORT_FIELDS, recordProblem, SORT_COLUMNS, type PgHistoryQuery } from './columns';
import { describePgError, HistoryUnavailableError, isConnectionError } from './errors';
import { loadMigrations, migrate, type Migration } from './migrate';
import { Spool } from './spool';

/** A state change told in safe words: warn when runs go to the spool, info when things recover. */
export type HistoryLog = (message: string, level: 'info' | 'warn') => void;

export interface PgHistoryStoreOptions {
  /** A postgres:// URL (DATABASE_URL). Never logged, never reported. */
  connectionString: string;
  /** Which process keeps runs: names the spool (the server's and the CLI's are apart). */
  source: 'web' | 'cli';
  /** Folder of the local spool (default: $LOG_DIR/spool, see openHistoryStore). */
  spoolDir: string;
  /** How often to try the database again while it is away (ms, default 2000). */
  retryMs?: number;
  /** Connections in the pool (default 5). */
  poolSize?: number;
  /** Connect timeout (ms, default 3000): how long a start or a write waits for a dead database. */
  connectTimeoutMs?: number;
  /** Where state changes are told, in safe words (never the URL); default silent. */
  log?: HistoryLog;
  /** The schema files (default: libs/history-pg/migrations). */
  migrations?: Migration[];
}

/** What happened to the records this store was given (the fault tests report these). */
export interface PgStoreCounters {
  /** append() calls that resolved (kept somewhere). */
  kept: number;
  /** Inserted straight into the database. */
  inserted: number;
  /** Written to the local spool. */
  spooled: number;
  /** Spooled records inserted by a replay. */
  replayed: number;
  /** Spooled records a replay found already in the database (kept once, by id). */
  replayDuplicates: number;
}

const ROWS_PER_INSERT = 200;

/** INSERT of `rows` records, every value a parameter; a record already there is left as it is. */
export function insertStatement(rows: number): string {
  const n = INSERT_COLUMNS.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = INSERT_COLUMNS.map((c, i) => `$${r * n + i + 1}${c === 'record' ? '::jsonb' : c === 'ts' ? '::timestamptz' : ''}`);
    tuples.push(`(${cells.join(', ')})`);
  }
  return `INSERT INTO history_runs (${INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`;
}

/** One record's parameters for insertStatement, its JSON text standing for the JSONB column. */
export function rowParams(record: HistoryRecord, json: string): unknown[] {
  const values = insertValues(record);
  values[values.length - 1] = json;
  return values;
}

/**
 * The history in PostgreSQL (used when DATABASE_URL is set): one row per run, the record whole as
 * JSONB with its sort and filter keys in indexed columns; paging, sorting and filtering in SQL.
 * The schema is migrated at start. While the database is out of reach (down at start, or gone
 * under load) every record goes to a local JSON-lines spool, so the run still counts; the spool
 * is replayed in order, without duplicates (the id is the primary key), once the database is back.
 */
export class PgHistoryStore implements HistoryStore {
  readonly counters: PgStoreCounters = { kept: 0, inserted: 0, spooled: 0, replayed: 0, replayDuplicates: 0 };
  private readonly pool: pg.Pool;
  private readonly spool: Spool;
  private readonly retryMs: number;
  private readonly log: HistoryLog;
  private readonly migrations: Migration[];
  private migrated = false;
  /** direct: writes go to the database; spooling: to the spool until a replay empties it. */
  private mode: 'direct' | 'spooling' = 'spooling';
  private lastError: string | null = null;
  private spoolBroken: string | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private recovering: Promise<void> | null = null;
  private readonly firstStart: Promise<void>;
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(options: PgHistoryStoreOptions) {
    this.retryMs = options.retryMs ?? 2000;
    this.log = options.log ?? (() => undefined);
    this.migrations = options.migrations ?? loadMigrations();
    this.spool = new Spool(options.spoolDir, `pg-spool-${options.source}`);
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 5,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      idleTimeoutMillis: 10_000,
      query_timeout: 15_000,
      allowExitOnIdle: true,
      application_name: `llm-calc-${options.source}`,
    });
    // An idle connection dropped by a stopping server must not crash the process.
    this.pool.on('error', (e) => this.lost(e));
    this.firstStart = this.recover();
  }

  /** Resolves once the first attempt to reach and migrate the database is over (either way). */
  ready(): Promise<void> {
    return this.firstStart;
  }

  async append(record: HistoryRecord, json?: string): Promise<void> {
    if (this.closed) throw new HistoryWriteError('the history store is closed');
    const problem = recordProblem(record);
    if (problem) throw new HistoryWriteError(`the record is not a history record (${problem})`);
    const text = json ?? JSON.stringify(record);
    const job = this.keep(record, text);
    this.pending.add(job);
    try {
      await job;
      this.counters.kept++;
    } finally {
      this.pending.delete(job);
    }
  }

  private async keep(record: HistoryRecord, text: string): Promise<void> {
    await this.firstStart;
    if (this.mode === 'direct') {
      try {
        await this.pool.query({ name: 'history_insert_1', text: insertStatement(1), values: rowParams(record, text) });
        this.counters.inserted++;
        if (this.lastError !== null && this.mode === 'direct') this.lastError = null;
        return;
      } catch (e) {
        if (!isConnectionError(e)) {
          this.lastError = describePgError(e);
          throw new HistoryWriteError(this.lastError);
        }
        this.lost(e);
      }
    }
    this.toSpool(text);
  }

  /** Synchronous: nothing can interleave between the mode check and the write. */
  private toSpool(text: string): void {
    try {
      this.spool.append(text);
      this.spoolBroken = null;
      this.counters.spooled++;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      this.spoolBroken = `the local history spool is not writable (${code})`;
      throw new HistoryWriteError(`the history database is not reachable and ${this.spoolBroken}`);
    }
  }

  /** The database went away: spool from now on and keep trying to get it back. */
  private lost(e: unknown): void {
    if (this.closed) return;
    const reason = describePgError(e);
    if (this.mode === 'direct') this.log(`${reason}: runs are kept in the local spool until it is back`, 'warn');
    this.mode = 'spooling';
    this.lastError = reason;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.recover();
    }, this.retryMs);
    this.retryTimer.unref();
  }

  /** Reaches the database, migrates it once, replays the spool, then writes go direct. */
  private recover(): Promise<void> {
    if (!this.recovering) {
      this.recovering = (async () => {
        try {
          if (!this.migrated) {
            const applied = await migrate(this.pool, this.migrations);
            this.migrated = true;
            this.log(
              applied.length ? `history database migrated to version ${applied[applied.length - 1]}` : 'history database schema is current',
              'info',
            );
          }
          await this.replay();
          if (this.lastError !== null) this.log('history database reachable again; writes go to it', 'info');
          this.lastError = null;
        } catch (e) {
          this.mode = 'spooling';
          const reason = describePgError(e);
          if (reason !== this.lastError) this.log(`${reason}: runs are kept in the local spool until it is back`, 'warn');
          this.lastError = reason;
          this.scheduleRetry();
        }
      })().finally(() => {
        this.recovering = null;
      });
    }
    return this.recovering;
  }

  /**
   * Replays the spool, batch after batch, until it is empty. The last empty check and the switch
   * to direct writes happen in one synchronous step, so no record is spooled behind a replay
   * that has finished.
   */
  private async replay(): Promise<void> {
    for (;;) {
      const batch = this.spool.takeBatch();
      if (!batch) {
        this.mode = 'direct';
        return;
      }
      let inserted = 0;
      for (let i = 0; i < batch.lines.length; i += ROWS_PER_INSERT) {
        const lines = batch.lines.slice(i, i + ROWS_PER_INSERT);
        const rows = lines
          .map((line) => ({ line, record: JSON.parse(line) as HistoryRecord }))
          .filter((r) => recordProblem(r.record) === null);
        if (rows.length === 0) continue;
        const result = await this.pool.query(
          insertStatement(rows.length),
          rows.flatMap((r) => rowParams(r.record, r.line)),
        );
        inserted += result.rowCount ?? 0;
        this.counters.replayDuplicates += rows.length - (result.rowCount ?? 0);
      }
      this.counters.replayed += inserted;
      this.spool.done(batch);
      this.log(
        `replayed ${inserted} spooled run(s) into the history database${batch.unreadable ? ` (${batch.unreadable} unreadable line(s) left out)` : ''}`,
        'info',
      );
    }
  }

  async query(q: PgHistoryQuery): Promise<HistoryResponse> {
    await this.firstStart;
    if (!this.migrated) throw new HistoryUnavailableError(this.lastError ?? 'the history database is not reachable');
    const page = q.page ?? 1;
    const pageSize = q.page_size ?? 50;
    // Filters are properties of a run's group (few rows, each with its count): the total is a sum
    // over the matching groups, the page a walk of the sort index keeping rows of those groups.
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.model) add('model_key LIKE ?', containsPattern(q.model));
    if (q.gpu) add('gpu_key LIKE ?', containsPattern(q.gpu));
    if (q.q) add('search_text LIKE ?', containsPattern(q.q));
    if (q.source) add('source = ?', q.source);
    // Without `kind` the history is the calculations, as in the JSON-lines store (the page's table).
    add('kind = ?', q.kind ?? 'calculate');
    const sort = q.sort ?? 'timestamp';
    if (!PG_SORT_FIELDS.includes(sort)) throw new HistoryUnavailableError(`cannot sort by ${String(sort)}`);
    const column = SORT_COLUMNS[sort];
    const dir = (q.order ?? 'desc') === 'asc' ? 'ASC' : 'DESC';
    const order = column === 'ts' ? `ts ${dir}, seq ${dir}` : `${column} ${dir}, ts ${dir}, seq ${dir}`;
    try {
      const groups = await this.pool.query<{ ids: number[] | null; total: string | null }>(
        `SELECT array_agg(id) AS ids, sum(runs) AS total FROM history_groups ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params,
      );
      const total = Number(groups.rows[0]?.total ?? 0);
      const ids = groups.rows[0]?.ids ?? [];
      const offset = (page - 1) * pageSize;
      if (total === 0 || offset >= total) return { total, page, page_size: pageSize, items: [], skipped_lines: 0 };
      const filter = where.length ? 'WHERE group_id = ANY($3::int[])' : '';
      const rows = await this.pool.query<{ record: HistoryResponse['items'][number] }>(
        `SELECT record FROM history_runs ${filter} ORDER BY ${order} LIMIT $1 OFFSET $2`,
        where.length ? [pageSize, offset, ids] : [pageSize, offset],
      );
      return { total, page, page_size: pageSize, items: rows.rows.map((r) => r.record), skipped_lines: 0 };
    } catch (e) {
      if (isConnectionError(e)) this.lost(e);
      throw new HistoryUnavailableError(describePgError(e));
    }
  }

  health(): HistoryStoreHealth {
    const spooling = this.mode === 'spooling';
    const state = this.spoolBroken && spooling ? 'unavailable' : spooling || this.lastError ? 'degraded' : 'ok';
    return {
      backend: 'postgres',
      state,
      writable: state !== 'unavailable',
      last_error: this.spoolBroken ?? this.lastError,
      spooled: this.spool.size,
    };
  }

  /**
   * Waits for pending writes, gives a reachable database one last chance to take the spool, and
   * closes the pool. Records still spooled stay on disk for the next start.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.pending]);
    if (this.recovering) await this.recovering;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.spool.close();
    await this.pool.end().catch(() => undefined);
  }

  /** Runs a statement on the store's pool (tools and tests: import, export, counts). */
  get sqlPool(): pg.Pool {
    return this.pool;
  }
}
