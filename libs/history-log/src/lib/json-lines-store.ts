import { join } from 'node:path';
import type { HistoryQuery, HistoryResponse } from '@llm-calc/contracts';
import { probeWritableSync, RecordTooLargeError, SerialAppender } from './append';
import { HistoryIndex } from './reader';
import { CLI_LOG_FILE, WEB_LOG_FILE } from './paths';
import { HistoryWriteError, type HistoryRecord, type HistoryStore, type HistoryStoreHealth } from './history-store';

/** Which log this process appends to: the server writes the web log, the CLI its own. */
export type HistorySource = 'web' | 'cli';

/**
 * The embedded history: append-only JSON-lines files in one folder (web_app_calculations.log and
 * cli_calculations.log), each record one line written by one write(2); queries read both files
 * incrementally. Nothing to install.
 */
export class JsonLinesHistoryStore implements HistoryStore {
  private readonly appender: SerialAppender;
  private readonly index: HistoryIndex;
  private readonly file: string;
  private lastError: string | null = null;
  /** The folder's state as probed (at start, then at most every PROBE_MS from health()). */
  private probeError: string | null = null;
  private probedAt = 0;

  constructor(
    readonly logDir: string,
    source: HistorySource,
  ) {
    this.file = join(logDir, source === 'web' ? WEB_LOG_FILE : CLI_LOG_FILE);
    this.appender = new SerialAppender(this.file);
    this.index = new HistoryIndex([join(logDir, WEB_LOG_FILE), join(logDir, CLI_LOG_FILE)]);
  }

  /** How often health() looks again whether the folder accepts writes. */
  static readonly PROBE_MS = 5000;

  /**
   * Looks whether a record could be written now (folder exists or can be created, file or folder
   * writable) without writing one, so health tells a read-only or missing folder before the first
   * run fails. Returns the problem in words, or null.
   */
  probe(): string | null {
    this.probedAt = Date.now();
    try {
      probeWritableSync(this.file);
      this.probeError = null;
    } catch (e) {
      this.probeError = describeWriteError(e);
    }
    return this.probeError;
  }

  append(record: HistoryRecord, json?: string): Promise<void> {
    try {
      this.appender.appendLineSync(json ?? JSON.stringify(record));
      this.lastError = null;
      this.probeError = null;
      return Promise.resolve();
    } catch (e) {
      this.lastError = describeWriteError(e);
      return Promise.reject(new HistoryWriteError(this.lastError));
    }
  }

  query(q: HistoryQuery): Promise<HistoryResponse> {
    return this.index.query(q);
  }

  health(): HistoryStoreHealth {
    if (Date.now() - this.probedAt >= JsonLinesHistoryStore.PROBE_MS) this.probe();
    const problem = this.lastError ?? this.probeError;
    return {
      backend: 'json-lines',
      state: problem === null ? 'ok' : 'degraded',
      writable: problem === null,
      last_error: problem,
    };
  }

  async close(): Promise<void> {
    this.index.close();
    await this.appender.flush();
    this.appender.close();
  }
}

/** A write failure in words a user can act on, without the server's paths. */
export function describeWriteError(e: unknown): string {
  if (e instanceof RecordTooLargeError) return e.message;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the history folder is not writable: the disk is full (ENOSPC)';
    case 'EROFS':
      return 'the history folder is not writable: it is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `the history folder is not writable (${code})`;
    case 'ENOENT':
    case 'ENOTDIR':
      return `the history folder is not writable: it cannot be created (${code})`;
    default:
      return `history log not writable (${code ?? 'error'})`;
  }
}
