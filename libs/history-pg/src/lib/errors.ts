/**
 * PostgreSQL and socket errors in words safe to show anywhere (logs, /api/health, a warning in
 * an answer): a fixed phrase and the error's code, never the driver's message (it can quote the
 * host, the user or the database), never the connection string.
 */

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * True when the database is out of reach (down, restarting, unreachable, connection lost or
 * timed out): the record is worth spooling and retrying. False for an answer from a running
 * database that refused the statement (bad data, missing privilege): retrying would not help.
 */
export function isConnectionError(e: unknown): boolean {
  const code = codeOf(e);
  if (code && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  const message = messageOf(e);
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection ended/i.test(
    message,
  );
}

/** A database problem as one safe phrase with its code. */
export function describePgError(e: unknown): string {
  const code = codeOf(e);
  if (isConnectionError(e)) return `the history database is not reachable (${code ?? 'connection lost'})`;
  if (code === '28P01' || code === '28000') return `the history database refused the login (${code})`;
  if (code === '3D000') return 'the history database does not exist (3D000)';
  if (code === '42501') return 'the history database user lacks a privilege (42501)';
  if (code && /^[0-9A-Z]{5}$/.test(code)) return `the history database refused the record (SQLSTATE ${code})`;
  if (e instanceof TypeError && /invalid url|URL/i.test(messageOf(e))) return 'DATABASE_URL is not a valid PostgreSQL URL';
  return `the history database failed (${code ?? 'error'})`;
}

/** A query could not be answered: the database is out of reach or refused it. */
export class HistoryUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'HistoryUnavailableError';
  }
}
