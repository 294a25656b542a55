import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export const WEB_LOG_FILE = 'web_app_calculations.log';
export const CLI_LOG_FILE = 'cli_calculations.log';

/** The history folder: $LOG_DIR, else logging/ under the working directory (the repository root). */
export function logDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['LOG_DIR'] || 'logging');
}

/** Deepest folder chain ensureDirectory creates; beyond it the path is refused rather than walked. */
export const MAX_DIRECTORY_DEPTH = 64;

/** A folder could not be created; `code` is the errno code, the message carries no path. */
export class DirectoryError extends Error {
  constructor(readonly code: string) {
    super(`the folder cannot be created (${code})`);
    this.name = 'DirectoryError';
  }
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code ?? 'EIO';

/**
 * Creates a folder and its missing parents with a bounded number of mkdir(2) calls (at most two a
 * level, at most MAX_DIRECTORY_DEPTH levels). Node's recursive mkdir loops without end when a
 * parent that exists answers ENOENT (a bind mount whose backing folder was removed, /proc): here
 * that is a DirectoryError('ENOENT') at once.
 */
export function ensureDirectorySync(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    const st = statSync(d, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) throw new DirectoryError('ENOTDIR');
      break;
    }
    missing.push(d);
    if (dirname(d) === d || missing.length > MAX_DIRECTORY_DEPTH) throw new DirectoryError('ENOENT');
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw new DirectoryError(errno(e));
    }
  }
}

/** ensureDirectorySync without blocking the event loop (same bounds). */
export async function ensureDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    const st = await stat(d).catch(() => null);
    if (st) {
      if (!st.isDirectory()) throw new DirectoryError('ENOTDIR');
      break;
    }
    missing.push(d);
    if (dirname(d) === d || missing.length > MAX_DIRECTORY_DEPTH) throw new DirectoryError('ENOENT');
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw new DirectoryError(errno(e));
    }
  }
}
