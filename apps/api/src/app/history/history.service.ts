import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { HistoryQuery, HistoryResponse } from '@llm-calc/contracts';
import { CLI_LOG_FILE, HistoryIndex, logDirectory, SerialAppender, WEB_LOG_FILE } from '@llm-calc/history-log';

export interface HistoryHealth {
  log_dir: string;
  writable: boolean;
  last_error: string | null;
}

/**
 * The calculation history: web runs are appended (one write per record, serialized in this
 * process) to web_app_calculations.log; queries read it and the CLI's log incrementally.
 */
@Injectable()
export class HistoryService implements OnApplicationShutdown {
  private readonly logger = new Logger('History');
  readonly logDir = logDirectory();
  private readonly appender = new SerialAppender(join(this.logDir, WEB_LOG_FILE));
  private readonly index = new HistoryIndex([join(this.logDir, WEB_LOG_FILE), join(this.logDir, CLI_LOG_FILE)]);
  private lastError: string | null = null;

  /**
   * Logs a successful calculation, given as its JSON text (serialized once for the log and the
   * answer); returns a warning for the answer when it could not be logged.
   */
  recordJson(json: string): string | null {
    try {
      this.appender.appendLineSync(json);
      this.lastError = null;
      return null;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      this.lastError = `history log not writable (${code ?? 'error'}) in ${this.logDir}`;
      this.logger.warn(this.lastError);
      return `This run was not saved to the history: ${this.lastError}.`;
    }
  }

  query(q: HistoryQuery): Promise<HistoryResponse> {
    return this.index.query(q);
  }

  health(): HistoryHealth {
    return { log_dir: this.logDir, writable: this.lastError === null, last_error: this.lastError };
  }

  /** Every history write completes before its response is sent; closing the log is all that is left. */
  async onApplicationShutdown(): Promise<void> {
    await this.appender.flush();
    this.appender.close();
  }
}
