import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelArchitecture } from '@llm-calc/engine';
import type { SavedCustomModel } from '@llm-calc/contracts';
import { logDirectory } from './paths';

/** Saved custom models: $DATA_DIR, else data/ inside the history folder. */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env['DATA_DIR'] || join(logDirectory(env), 'data');
}

export const MAX_SAVED_MODELS = 1000;

/**
 * Named custom models in one JSON file. Writes go to a temporary file that is renamed over the
 * old one (atomic on POSIX), one at a time, so a crash or a concurrent reader never sees half a file.
 */
export class CustomModelStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string = join(dataDirectory(), 'custom_models.json')) {}

  async list(): Promise<SavedCustomModel[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    try {
      const parsed = JSON.parse(text) as { models?: SavedCustomModel[] };
      return Array.isArray(parsed.models) ? parsed.models.filter((m) => typeof m?.name === 'string' && m.model) : [];
    } catch {
      return [];
    }
  }

  async get(name: string): Promise<SavedCustomModel | undefined> {
    return (await this.list()).find((m) => m.name === name);
  }

  /** Saves (or replaces) a model by name; false when the store is full. */
  save(name: string, model: ModelArchitecture): Promise<SavedCustomModel | null> {
    return this.serial(async () => {
      const models = await this.list();
      const entry: SavedCustomModel = { name, saved_at: new Date().toISOString(), model: { ...model, name } };
      const i = models.findIndex((m) => m.name === name);
      if (i >= 0) models[i] = entry;
      else if (models.length >= MAX_SAVED_MODELS) return null;
      else models.push(entry);
      await this.write(models);
      return entry;
    });
  }

  /** Deletes by name; false when there was none. */
  remove(name: string): Promise<boolean> {
    return this.serial(async () => {
      const models = await this.list();
      const kept = models.filter((m) => m.name !== name);
      if (kept.length === models.length) return false;
      await this.write(kept);
      return true;
    });
  }

  private async write(models: SavedCustomModel[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify({ models }, null, 1) + '\n');
    await rename(tmp, this.file);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
