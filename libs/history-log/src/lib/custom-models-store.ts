import { constants } from 'node:fs';
import { access, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ModelArchitecture } from '@llm-calc/engine';
import type { SavedCustomModel } from '@llm-calc/contracts';
import { DirectoryError, ensureDirectory, logDirectory } from './paths';

/** Saved custom models: $DATA_DIR, else data/ inside the history folder. */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env['DATA_DIR'] || join(logDirectory(env), 'data');
}

export const MAX_SAVED_MODELS = 1000;
/** How long a writer waits for another process's lock before answering "busy". */
export const LOCK_WAIT_MS = 10_000;
/** A lock older than this is left over by a killed process (a write holds it for milliseconds). */
export const STALE_LOCK_MS = 10_000;
/** A temporary file of a process that is gone, or older than this, is removed at start. */
const STALE_TMP_MS = 10 * 60_000;

/**
 * The saved models could not be written. `code` is the errno code (or BUSY, UNREADABLE);
 * `reason` is safe to show: it names the folder's state, never its path.
 */
export class StoreWriteError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'StoreWriteError';
  }
}

export interface CustomModelStoreHealth {
  /** ok: saves land; degraded: the last save failed or the folder is not writable. */
  state: 'ok' | 'degraded';
  writable: boolean;
  /** The last problem in words, without paths; null when none. */
  last_error: string | null;
  /** File name (not path) of an unreadable saved-models file that was moved aside, if any. */
  moved_aside: string | null;
}

/** A storage failure in words, without the server's paths. */
export function describeStoreError(e: unknown): StoreWriteError {
  if (e instanceof StoreWriteError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `the saved-models folder is full (${code}); delete a saved model or free disk space`
      : code === 'EROFS'
        ? 'the saved-models folder is read-only (EROFS)'
        : code === 'EACCES' || code === 'EPERM'
          ? `the saved-models folder is not writable (${code})`
          : e instanceof DirectoryError || code === 'ENOENT' || code === 'ENOTDIR'
            ? `the saved-models folder cannot be created (${code})`
            : `the saved models could not be written (${code})`;
  return new StoreWriteError(code, reason);
}

/** Why a file's text is not a saved-models file we wrote; null when it is one. */
function unfamiliar(text: string): { problem: string; models?: undefined } | { problem: null; models: SavedCustomModel[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { problem: 'not a JSON object' };
  const extra = Object.keys(parsed).filter((k) => k !== 'models');
  if (extra.length) return { problem: `unknown top-level key ${JSON.stringify(extra[0]).slice(0, 60)}` };
  const models = (parsed as { models?: unknown }).models;
  if (!Array.isArray(models)) return { problem: 'no models list' };
  const bad = models.findIndex(
    (m: unknown) =>
      m === null ||
      typeof m !== 'object' ||
      typeof (m as SavedCustomModel).name !== 'string' ||
      typeof (m as SavedCustomModel).model !== 'object' ||
      (m as SavedCustomModel).model === null,
  );
  if (bad >= 0) return { problem: `entry ${bad + 1} is not a saved model` };
  return { problem: null, models: models as SavedCustomModel[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Named custom models in one JSON file, safe with several processes sharing the folder:
 * - every change is read-modify-write under a lock file (`custom_models.json.lock`, created with
 *   O_EXCL), re-reading the file first, so two servers never overwrite each other's saves;
 * - the new file is written to a temporary file renamed over the old one (atomic on POSIX); a
 *   failed write removes its temporary file, and temporaries left by killed processes are removed
 *   at start;
 * - a file that cannot be read (corrupt, or not in this format) is never written over: it is moved
 *   aside to `custom_models.json.corrupt-<time>`, reported by health() and by `onEvent`;
 * - on a full disk a delete still succeeds (the smaller file is written in place), so space can
 *   be freed from the app.
 */
export class CustomModelStore {
  private queue: Promise<unknown> = Promise.resolve();
  private started: Promise<void> | null = null;
  private lastError: string | null = null;
  private movedAside: string | null = null;
  /** Set when an unreadable file could not be moved aside: every write is refused. */
  private blocked: string | null = null;
  private readonly lock: string;

  constructor(
    readonly file: string = join(dataDirectory(), 'custom_models.json'),
    private readonly onEvent: (message: string) => void = () => undefined,
  ) {
    this.lock = `${file}.lock`;
  }

  async list(): Promise<SavedCustomModel[]> {
    await this.start();
    const read = await this.read();
    if (read.problem === null) return read.models;
    // Moving aside happens under the lock and after a re-read: another process may have just
    // replaced the file with a good one.
    return this.serial(() => this.locked(async () => (await this.readOrSetAside()) ?? [])).catch((e: unknown) => {
      this.blocked ??= `${basename(this.file)} cannot be read (${read.problem}) and could not be moved aside: ${describeStoreError(e).reason}; saves are refused until it is fixed or removed`;
      return [];
    });
  }

  async get(name: string): Promise<SavedCustomModel | undefined> {
    return (await this.list()).find((m) => m.name === name);
  }

  /** Saves (or replaces) a model by name; null when the store is full. Throws StoreWriteError. */
  async save(name: string, model: ModelArchitecture): Promise<SavedCustomModel | null> {
    await this.start();
    return this.change(async (models) => {
      const entry: SavedCustomModel = { name, saved_at: new Date().toISOString(), model: { ...model, name } };
      const i = models.findIndex((m) => m.name === name);
      if (i >= 0) models[i] = entry;
      else if (models.length >= MAX_SAVED_MODELS) return { result: null, models: null };
      else models.push(entry);
      return { result: entry, models };
    });
  }

  /** Deletes by name; false when there was none. Throws StoreWriteError. */
  async remove(name: string): Promise<boolean> {
    await this.start();
    return this.change(async (models) => {
      const kept = models.filter((m) => m.name !== name);
      if (kept.length === models.length) return { result: false, models: null };
      return { result: true, models: kept, shrinks: true };
    });
  }

  health(): CustomModelStoreHealth {
    const problem = this.blocked ?? this.lastError;
    return { state: problem ? 'degraded' : 'ok', writable: problem === null, last_error: problem, moved_aside: this.movedAside };
  }

  /**
   * Looks whether the folder accepts writes (creating it when missing), so health tells a
   * read-only folder before the first save fails. Returns the problem in words, or null.
   */
  async probe(): Promise<string | null> {
    try {
      await ensureDirectory(dirname(this.file));
      await access(dirname(this.file), constants.W_OK);
      if (this.lastError && !this.blocked) this.lastError = null;
      return null;
    } catch (e) {
      this.lastError = describeStoreError(e).reason;
      return this.lastError;
    }
  }

  /** One read-modify-write: under the in-process queue and the cross-process lock, on a fresh read. */
  private change<T>(
    apply: (models: SavedCustomModel[]) => Promise<{ result: T; models: SavedCustomModel[] | null; shrinks?: boolean }>,
  ): Promise<T> {
    return this.serial(async () => {
      try {
        const out = await this.locked(async () => {
          const models = await this.readOrSetAside();
          if (models === null) throw new StoreWriteError('UNREADABLE', this.blocked ?? 'the saved-models file cannot be read');
          const next = await apply(models);
          if (next.models) await this.write(next.models, next.shrinks ?? false);
          return next.result;
        });
        this.lastError = null;
        return out;
      } catch (e) {
        const err = describeStoreError(e);
        this.lastError = err.reason;
        throw err;
      }
    });
  }

  private async read(): Promise<{ problem: string; models?: undefined } | { problem: null; models: SavedCustomModel[] }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { problem: null, models: [] };
      return { problem: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    return unfamiliar(text);
  }

  /** The models, after moving an unreadable file aside; null when it could not be moved (writes refused). */
  private async readOrSetAside(): Promise<SavedCustomModel[] | null> {
    const read = await this.read();
    if (read.problem === null) return read.models;
    const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const name = basename(this.file);
    try {
      await rename(this.file, aside);
    } catch (e) {
      this.blocked = `${name} cannot be read (${read.problem}) and could not be moved aside (${(e as NodeJS.ErrnoException).code ?? 'error'}); saves are refused until it is fixed or removed`;
      this.onEvent(this.blocked);
      return null;
    }
    this.blocked = null;
    this.movedAside = basename(aside);
    this.onEvent(
      `${name} could not be read (${read.problem}); it was moved aside to ${this.movedAside} in the data folder and saved models start empty`,
    );
    return [];
  }

  private async write(models: SavedCustomModel[], shrinks: boolean): Promise<void> {
    const text = JSON.stringify({ models }, null, 1) + '\n';
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code;
      if (shrinks && (code === 'ENOSPC' || code === 'EDQUOT')) {
        // Full disk: a smaller file fits in the old one's blocks. Written in place (not atomic,
        // but the only way to let the user free space from the app).
        await this.writeInPlace(text);
        return;
      }
      throw e;
    }
  }

  private async writeInPlace(text: string): Promise<void> {
    const handle = await open(this.file, 'r+');
    try {
      const buf = Buffer.from(text);
      let written = 0;
      while (written < buf.length) written += (await handle.write(buf, written, buf.length - written, written)).bytesWritten;
      await handle.truncate(buf.length);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Runs fn holding the cross-process lock file. */
  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    await ensureDirectory(dirname(this.file));
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(this.lock, 'wx');
        await handle.write(String(process.pid)).catch(() => undefined); // best effort: a full disk still locks
        await handle.close();
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        if (await this.staleLock()) {
          await unlink(this.lock).catch(() => undefined);
          continue;
        }
        if (Date.now() > deadline) throw new StoreWriteError('BUSY', 'the saved models are being written by another process; try again');
        await sleep(Math.min(50, 2 + attempt) * (0.5 + Math.random()));
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(this.lock).catch(() => undefined);
    }
  }

  private async staleLock(): Promise<boolean> {
    try {
      const [st, text] = await Promise.all([stat(this.lock), readFile(this.lock, 'utf8')]);
      if (Date.now() - st.mtimeMs > STALE_LOCK_MS) return true;
      const pid = Number(text);
      return text !== '' && pid !== process.pid && !processAlive(pid);
    } catch {
      return false; // released meanwhile: retry at once
    }
  }

  /** Once per store: removes temporaries of processes that are gone (a kill mid-write). */
  private start(): Promise<void> {
    if (!this.started) {
      this.started = (async () => {
        const dir = dirname(this.file);
        const prefix = `${basename(this.file)}.`;
        let names: string[];
        try {
          names = await readdir(dir);
        } catch {
          return;
        }
        let removed = 0;
        for (const n of names) {
          const m = n.startsWith(prefix) ? /^(\d+)\.(\d+)\.tmp$/.exec(n.slice(prefix.length)) : null;
          if (!m) continue;
          const pid = Number(m[1]);
          const age = Date.now() - Number(m[2]);
          if (pid !== process.pid && (!processAlive(pid) || age > STALE_TMP_MS)) {
            await unlink(join(dir, n)).then(
              () => removed++,
              () => undefined,
            );
          }
        }
        if (removed) this.onEvent(`removed ${removed} temporary file(s) left by an interrupted save`);
      })();
    }
    return this.started;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
