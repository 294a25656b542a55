import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CalculateResponse } from '@llm-calc/contracts';
import { SerialAppender } from './append';
import { CustomModelStore, StoreWriteError } from './custom-models-store';
import { JsonLinesHistoryStore } from './json-lines-store';
import { DirectoryError, ensureDirectory, ensureDirectorySync } from './paths';
import { HistoryIndex } from './reader';

/**
 * Faults on a real file system (the tests run as root on Linux): a bind mount whose backing
 * folder is gone, /proc, a 64 KB tmpfs that fills up, a read-only bind mount, log rotation.
 */
const mounts: string[] = [];
const mount = (...args: string[]) => execFileSync('mount', args);
const dir = () => mkdtempSync(join(tmpdir(), 'history-faults-'));

/** A folder that stat(2) shows but in which mkdir(2) answers ENOENT. */
function deadBindMount(): string {
  const d = dir();
  mkdirSync(join(d, 'backing'));
  mkdirSync(join(d, 'mnt'));
  mount('--bind', join(d, 'backing'), join(d, 'mnt'));
  mounts.push(join(d, 'mnt'));
  rmdirSync(join(d, 'backing'));
  return join(d, 'mnt');
}

function tmpfs(size = '64k'): string {
  const d = dir();
  mount('-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', d);
  mounts.push(d);
  return d;
}

/** `src` seen read-only at a new path (chmod does not stop root; a read-only mount does). */
function readOnlyView(src: string): string {
  const d = dir();
  mount('--bind', src, d);
  mount('-o', 'remount,bind,ro', d);
  mounts.push(d);
  return d;
}

afterAll(() => {
  for (const m of mounts.reverse()) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      // already gone
    }
  }
});

function record(i: number, batch = 1): CalculateResponse {
  return {
    id: `r${i}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    source: 'web',
    inputs: { model: 'm', gpu: 'g', precision: 'bf16', batch_size: batch, sequence_length: 4096 },
    model_summary: { name: 'Llama' },
    gpu_summary: { name: 'H100' },
    memory: { total_bytes: 1e9 },
    performance: { tokens_per_second: 100 + i },
  } as unknown as CalculateResponse;
}
const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => JSON.stringify(record(from + k, 1 + ((from + k) % 7))) + '\n').join('');

const model = {
  name: 'x',
  hidden_size: 4096,
  intermediate_size: 11008,
  num_layers: 32,
  num_attention_heads: 32,
  vocab_size: 32000,
} as never;

describe('folder creation is bounded (issue 14 item 1)', () => {
  it('fails at once with ENOENT in a dead bind mount and under /proc, where recursive mkdir spins', async () => {
    const mnt = deadBindMount();
    for (const target of [join(mnt, 'a', 'b'), '/proc/nope/logs']) {
      expect(() => ensureDirectorySync(target)).toThrow(DirectoryError);
      await expect(ensureDirectory(target)).rejects.toMatchObject({ code: 'ENOENT' });
    }
    const appender = new SerialAppender(join(mnt, 'logs', 'web.log'));
    expect(() => appender.appendSync({ a: 1 })).toThrow(/cannot be created \(ENOENT\)/);
  });

  it('the history store reports it in health before any write, without the path', () => {
    const mnt = deadBindMount();
    const store = new JsonLinesHistoryStore(join(mnt, 'logs'), 'web');
    const h = store.health();
    expect(h).toMatchObject({ writable: false, state: 'degraded' });
    expect(h.last_error).toMatch(/cannot be created \(ENOENT\)/);
    expect(JSON.stringify(h)).not.toContain(mnt);
  });

  it('health says not writable for a read-only history folder before the first write', () => {
    const logs = dir();
    const store = new JsonLinesHistoryStore(readOnlyView(logs), 'web');
    expect(store.health()).toMatchObject({ writable: false, last_error: 'the history folder is not writable: it is read-only (EROFS)' });
    expect(new JsonLinesHistoryStore(logs, 'web').health()).toMatchObject({ writable: true, last_error: null });
  });
});

describe('saved custom models under faults', () => {
  it('moves an unreadable file aside instead of overwriting it, and says so (item 2)', async () => {
    for (const bad of ['{"models": [{"name": "a", "model": {}},]}', '{"models": [], "version": 2}', '[{"name": "a"}]']) {
      const d = dir();
      const file = join(d, 'custom_models.json');
      writeFileSync(file, bad);
      const events: string[] = [];
      const store = new CustomModelStore(file, (m) => events.push(m));
      expect(await store.list()).toEqual([]);
      const aside = readdirSync(d).filter((n) => n.startsWith('custom_models.json.corrupt-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(d, aside[0] as string), 'utf8')).toBe(bad);
      expect(store.health().moved_aside).toBe(aside[0]);
      expect(events.join(' ')).toMatch(/could not be read .* moved aside to custom_models\.json\.corrupt-/);
      expect(events.join(' ')).not.toContain(d);
      await store.save('fresh', model);
      expect((await store.list()).map((m) => m.name)).toEqual(['fresh']);
      expect(readFileSync(join(d, aside[0] as string), 'utf8')).toBe(bad);
    }
  });

  it('refuses to save over an unreadable file it cannot move aside (read-only folder)', async () => {
    const d = dir();
    writeFileSync(join(d, 'custom_models.json'), '{"models": [,]}');
    const store = new CustomModelStore(join(readOnlyView(d), 'custom_models.json'));
    expect(await store.list()).toEqual([]);
    await expect(store.save('x', model)).rejects.toBeInstanceOf(StoreWriteError);
    expect(store.health().writable).toBe(false);
    expect(readFileSync(join(d, 'custom_models.json'), 'utf8')).toBe('{"models": [,]}');
  });

  it('two stores on one file (as two servers) keep all 300 concurrent saves (item 5)', async () => {
    const file = join(dir(), 'custom_models.json');
    const a = new CustomModelStore(file);
    const b = new CustomModelStore(file);
    await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).save(`m${i}`, model)));
    expect((await a.list()).length).toBe(300);
    expect(readdirSync(join(file, '..')).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
  });

  it('on a full disk: a clear error, no leaked temporary file, and delete still frees space (item 6)', async () => {
    const d = tmpfs('64k');
    const file = join(d, 'custom_models.json');
    const store = new CustomModelStore(file);
    let failure: unknown = null;
    for (let i = 0; i < 400 && !failure; i++) await store.save(`model-${i}`, model).catch((e: unknown) => (failure = e));
    expect(failure).toBeInstanceOf(StoreWriteError);
    expect((failure as StoreWriteError).code).toBe('ENOSPC');
    expect((failure as StoreWriteError).reason).toMatch(/full \(ENOSPC\)/);
    expect(readdirSync(d).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(store.health()).toMatchObject({ writable: false });
    // Fill the last free bytes, as another program would.
    try {
      for (let i = 0; ; i++) appendFileSync(join(d, 'filler'), 'x'.repeat(512));
    } catch {
      // full
    }
    const before = (await store.list()).length;
    expect(await store.remove('model-0')).toBe(true);
    expect(await store.remove('model-1')).toBe(true);
    expect((await store.list()).length).toBe(before - 2);
    expect(store.health().writable).toBe(true);
  });

  it('removes temporary files left by a killed process at start (item 6)', async () => {
    const d = dir();
    const stale = join(d, 'custom_models.json.999999.1700000000000.tmp');
    writeFileSync(stale, '{"models": [');
    const mine = join(d, `custom_models.json.${process.pid}.1700000000000.tmp`);
    writeFileSync(mine, '');
    const store = new CustomModelStore(join(d, 'custom_models.json'));
    await store.list();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(mine)).toBe(true);
  });

  it('a read-only folder answers a StoreWriteError naming the cause, not a bare failure (item 6)', async () => {
    const d = dir();
    await new CustomModelStore(join(d, 'custom_models.json')).save('kept', model);
    const store = new CustomModelStore(join(readOnlyView(d), 'custom_models.json'));
    expect((await store.list()).map((m) => m.name)).toEqual(['kept']);
    await expect(store.save('y', model)).rejects.toMatchObject({ code: 'EROFS', reason: 'the saved-models folder is read-only (EROFS)' });
    await expect(store.remove('kept')).rejects.toMatchObject({ code: 'EROFS' });
    expect(await store.probe()).toMatch(/read-only|not writable/);
  });
});

describe('history after log rotation (item 4)', () => {
  it('rename rotation: the renamed file keeps its rows, the new file is read, nothing is skipped', async () => {
    const d = dir();
    const web = join(d, 'web.log');
    writeFileSync(web, lines(0, 8));
    const index = new HistoryIndex([web]);
    expect((await index.query({ page_size: 3 })).total).toBe(8);
    appendFileSync(web, lines(8, 10)); // written to the old file just before rotation
    renameSync(web, `${web}.1`);
    writeFileSync(web, lines(10, 13));
    const r = await index.query({ page_size: 100 });
    expect([r.total, r.skipped_lines, r.items.length]).toEqual([13, 0, 13]);
    expect(r.items.map((x) => x.id).slice(0, 3)).toEqual(['r12', 'r11', 'r10']);
    renameSync(`${web}.1`, `${web}.2`);
    renameSync(web, `${web}.1`);
    writeFileSync(web, lines(13, 14));
    expect((await index.query({})).total).toBe(14);
  });

  it('copytruncate: the copy is read, the truncated and regrown file is read again from the start', async () => {
    const d = dir();
    const web = join(d, 'web.log');
    writeFileSync(web, lines(0, 8));
    const index = new HistoryIndex([web]);
    expect((await index.query({})).total).toBe(8);
    copyFileSync(web, `${web}.1`);
    truncateSync(web, 0);
    // Grows past the old read position before the next query: only the first bytes tell.
    writeFileSync(web, lines(100, 112));
    const r = await index.query({ page_size: 100 });
    expect([r.total, r.skipped_lines, r.items.length]).toEqual([20, 0, 20]);
    expect(new Set(r.items.map((x) => x.id)).size).toBe(20);
  });
});

describe('sorted views are kept, not rebuilt, when runs are appended', () => {
  it('an append does not re-sort the whole history, and the order stays right', async () => {
    const d = dir();
    const web = join(d, 'web.log');
    writeFileSync(web, lines(0, 2000));
    const index = new HistoryIndex([web]);
    await index.query({ sort: 'batch_size' });
    await index.query({});
    const sort = jest.spyOn(Array.prototype, 'sort');
    try {
      appendFileSync(web, JSON.stringify(record(5000, 3)) + '\n' + JSON.stringify(record(5001, 100)) + '\n');
      const bySize = await index.query({ sort: 'batch_size', order: 'desc', page_size: 1 });
      const byTime = await index.query({ page_size: 1 });
      const big = sort.mock.contexts.filter((c) => (c as unknown[]).length >= 1000);
      expect(big).toHaveLength(0);
      expect(bySize.items[0]?.id).toBe('r5001');
      expect(byTime.items[0]?.id).toBe('r5001');
      const asc = await index.query({ sort: 'batch_size', order: 'asc', page_size: 500, page: 1 });
      const sizes = asc.items.map((x) => x.inputs.batch_size);
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
      expect(asc.total).toBe(2002);
    } finally {
      sort.mockRestore();
    }
  });

  it('filtered views follow appends and rotation, also while they are being built, and match a naive query', async () => {
    const d = dir();
    const web = join(d, 'web.log');
    const gen = (i: number) =>
      ({ ...record(i, 1 + (i % 9)), model_summary: { name: i % 3 ? 'Llama' : 'Mixtral' } }) as unknown as CalculateResponse;
    const all: CalculateResponse[] = [];
    const write = (from: number, to: number) => {
      let text = '';
      for (let i = from; i < to; i++) {
        all.push(gen(i));
        text += JSON.stringify(gen(i)) + '\n';
      }
      appendFileSync(web, text);
    };
    write(0, 40_000);
    const index = new HistoryIndex([web]);
    const naive = (model: string, order: 'asc' | 'desc') => {
      const rows = all.filter((r) => r.model_summary.name.toLowerCase().includes(model));
      rows.sort(
        (a, b) => a.inputs.batch_size - b.inputs.batch_size || (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0),
      );
      if (order === 'desc') rows.reverse();
      return rows.slice(0, 30).map((r) => r.id);
    };
    // Builds (sort then filter, in slices) race with appends and a rename rotation.
    const racing = index.query({ model: 'mixtral', sort: 'batch_size', order: 'asc', page_size: 30 });
    write(40_000, 40_010);
    const second = index.query({ model: 'mixtral', sort: 'batch_size', order: 'asc', page_size: 30 });
    await Promise.all([racing, second]);
    renameSync(web, `${web}.1`);
    write(40_010, 40_400);
    for (const order of ['asc', 'desc'] as const) {
      const r = await index.query({ model: 'mixtral', sort: 'batch_size', order, page_size: 30 });
      expect(r.total).toBe(all.filter((x) => x.model_summary.name === 'Mixtral').length);
      expect(r.items.map((x) => x.id)).toEqual(naive('mixtral', order));
    }
    const everything = await index.query({ page_size: 1 });
    expect(everything.total).toBe(40_400);
  });

  it("a cold first page comes from the files' ends, before the index is built, and equals the index answer", async () => {
    const d = dir();
    const web = join(d, 'web.log');
    const cli = join(d, 'cli.log');
    writeFileSync(`${web}.1`, lines(0, 5000));
    writeFileSync(web, lines(5000, 20_000) + 'not json\n' + lines(20_000, 20_010) + '{"torn":');
    writeFileSync(cli, JSON.stringify({ ...record(19_999), id: 'c1', source: 'cli', timestamp: '2026-01-01T05:33:19.500Z' }) + '\n');
    const cold = new HistoryIndex([web, cli]);
    const first = await cold.query({ page: 2, page_size: 25 });
    expect(cold.size).toBeLessThan(20_000); // answered before the logs were read in full
    const warm = new HistoryIndex([web, cli]);
    await warm.refresh();
    const full = await warm.query({ page: 2, page_size: 25 });
    expect(first.items.map((r) => r.id)).toEqual(full.items.map((r) => r.id));
    expect([first.total, first.skipped_lines]).toEqual([full.total, full.skipped_lines]);
    expect(full.total).toBe(20_011);
    // Once built, the same index answers every query.
    await cold.refresh();
    expect((await cold.query({ sort: 'batch_size', page_size: 1 })).total).toBe(20_011);
  });
});
