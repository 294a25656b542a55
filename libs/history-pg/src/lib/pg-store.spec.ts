import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HistoryWriteError, recordRun } from '@llm-calc/history-log';
import { PgCluster, postgresInstalled, sampleRecord } from '../testing';
import { PgHistoryStore, type PgHistoryStoreOptions } from './pg-history-store';
import { loadMigrations } from './migrate';

/**
 * What only the PostgreSQL store does: migrations, the kind filter and the extra sort keys, the
 * spool when the database is down at start or goes away under load, and secrets kept out of
 * every report. One throwaway cluster for the file; every test starts from an empty database.
 */

let cluster: PgCluster;
let admin: pg.Pool;
const stores: PgHistoryStore[] = [];

beforeAll(async () => {
  if (!postgresInstalled()) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  cluster = await PgCluster.create();
  admin = new pg.Pool({ connectionString: cluster.url, max: 2 });
  admin.on('error', () => undefined); // idle connections cut by the stop tests
}, 120_000);

beforeEach(async () => {
  await admin.query('DROP TABLE IF EXISTS history_runs, history_groups, schema_migrations CASCADE');
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await admin?.end();
  cluster?.destroy();
});

function open(options: Partial<PgHistoryStoreOptions> = {}): PgHistoryStore {
  const store = new PgHistoryStore({
    connectionString: cluster.url,
    source: 'web',
    spoolDir: mkdtempSync(join(tmpdir(), 'llm-calc-spool-')),
    retryMs: 200,
    connectTimeoutMs: 1000,
    ...options,
  });
  stores.push(store);
  return store;
}

async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const idCounts = async () => (await admin.query<{ id: string; n: string }>('SELECT id, count(*) AS n FROM history_runs GROUP BY id')).rows;

describe('migrations', () => {
  it('three instances starting together migrate once; a restart applies nothing', async () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(['001', '002']);
    const logs: string[] = [];
    const three = [0, 1, 2].map(() => open({ log: (m) => logs.push(m) }));
    await Promise.all(three.map((s) => s.ready()));
    const rows = (await admin.query('SELECT version FROM schema_migrations ORDER BY version')).rows;
    expect(rows).toEqual([{ version: '001' }, { version: '002' }]);
    expect(logs.filter((l) => l.startsWith('history database migrated')).length).toBe(1);
    const again: string[] = [];
    await open({ log: (m) => again.push(m) }).ready();
    expect(again).toEqual(['history database schema is current']);
    const indexes = (
      await admin.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'history_runs'")
    ).rows.map((r) => r.indexname);
    expect(indexes).toEqual(expect.arrayContaining(['history_runs_ts', 'history_runs_tokens_per_second', 'history_runs_group']));
  });

  it('a failing migration leaves nothing half-applied', async () => {
    const broken = [
      ...loadMigrations(),
      { version: '003', name: '003_broken.sql', sql: 'ALTER TABLE history_runs ADD COLUMN x int; SELECT no_such_function();' },
    ];
    const store = open({ migrations: broken });
    await store.ready();
    expect(store.health().state).toBe('degraded');
    expect(
      (
        await admin.query('SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ($1, $2, $3)', [
          'history_runs',
          'history_groups',
          'schema_migrations',
        ])
      ).rows[0].n,
    ).toBe(0);
  });
});

describe('queries only PostgreSQL answers', () => {
  it('filters by kind and sorts by GPU count, output tokens, per-GPU VRAM and fits', async () => {
    const store = open();
    const runs = Array.from({ length: 12 }, (_, i) => sampleRecord(i));
    for (const r of runs) await store.append(r);
    const serving = { ...sampleRecord(40), id: 'serving-1', kind: 'serving' as const };
    await store.append(serving);
    expect((await store.query({ kind: 'serving' })).items.map((r) => r.id)).toEqual(['serving-1']);
    expect((await store.query({ kind: 'calculate' })).total).toBe(12);
    const byGpus = (await store.query({ sort: 'num_gpus', order: 'asc', kind: 'calculate' })).items.map((r) => r.inputs.num_gpus);
    expect(byGpus).toEqual([...byGpus].sort((a, b) => a - b));
    expect(new Set(byGpus).size).toBeGreaterThan(1);
    const vram = (await store.query({ sort: 'per_gpu_bytes', order: 'desc' })).items.map((r) => r.memory.per_gpu_bytes);
    expect(vram).toEqual([...vram].sort((a, b) => b - a));
    const out = (await store.query({ sort: 'output_tokens', order: 'asc' })).items.map((r) => r.inputs.output_tokens);
    expect(out).toEqual([...out].sort((a, b) => a - b));
    const fits = (await store.query({ sort: 'fits', order: 'asc' })).items.map((r) => r.memory.fits);
    expect(fits).toEqual([...fits].sort((a, b) => Number(a) - Number(b)));
  });
});

describe('nothing lost when the database is not there', () => {
  it('down at start: runs are spooled, health says so, and they replay once, in order, when it is back', async () => {
    cluster.stop();
    const logs: string[] = [];
    const store = open({ connectionString: cluster.urlWithSecret, log: (m) => logs.push(m) });
    const runs = Array.from({ length: 30 }, (_, i) => sampleRecord(i));
    try {
      for (const r of runs) expect(await recordRun(store, r)).toBeNull();
      const health = store.health();
      expect(health).toMatchObject({ backend: 'postgres', state: 'degraded', writable: true, spooled: 30 });
      expect(health.last_error).toMatch(/not reachable \(ECONNREFUSED\)/);
      await expect(store.query({})).rejects.toThrow(/not reachable/);
    } finally {
      cluster.start();
    }
    await until(() => store.health().spooled === 0 && store.health().state === 'ok');
    const res = await store.query({ sort: 'timestamp', order: 'asc', page_size: 100 });
    expect(res.items.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    // Insertion order (seq) follows the spool's order.
    const seq = (await admin.query<{ id: string }>('SELECT id FROM history_runs ORDER BY seq')).rows.map((r) => r.id);
    expect(seq).toEqual(runs.map((r) => r.id));
    expect(store.counters).toMatchObject({ kept: 30, inserted: 0, spooled: 30, replayed: 30, replayDuplicates: 0 });
    const said = JSON.stringify([logs, store.health()]);
    expect(said).not.toContain('Sup3rSecretPw');
    expect(said).not.toContain('postgres://');
  });

  it('stopped and restarted under load: every success ends up exactly once', async () => {
    const store = open();
    await store.ready();
    const sent = 600;
    const kept: string[] = [];
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < sent) {
        const i = next++;
        if (i === 150) cluster.stop();
        if (i === 400) cluster.start();
        const r = sampleRecord(1000 + i);
        try {
          await store.append(r);
          kept.push(r.id);
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await until(() => store.health().spooled === 0 && store.health().state === 'ok');
    const counts = await idCounts();
    const found = counts.length;
    const figures = { sent, succeeded: kept.length, failed, ...store.counters, found };
    process.stdout.write(`pg store fault test: ${JSON.stringify(figures)}\n`);
    expect(failed).toBe(0);
    expect(counts.every((c) => c.n === '1')).toBe(true);
    expect(new Set(counts.map((c) => c.id))).toEqual(new Set(kept));
    expect(store.counters.spooled).toBeGreaterThan(0);
    expect(store.counters.inserted + store.counters.replayed).toBe(found);
  });

  it('picks up a replay a crash left behind, and keeps records already in the database once', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'llm-calc-spool-'));
    const first = open({ spoolDir });
    const runs = Array.from({ length: 6 }, (_, i) => sampleRecord(i));
    for (const r of runs.slice(0, 3)) await first.append(r);
    await first.close();
    // A crash mid-replay: runs 0-3 in a replay file (0-2 already inserted), 4-5 in the spool, one torn line.
    writeFileSync(
      join(spoolDir, 'pg-spool-web.replaying.000000000000001.1.jsonl'),
      runs
        .slice(0, 4)
        .map((r) => JSON.stringify(r) + '\n')
        .join(''),
    );
    writeFileSync(
      join(spoolDir, 'pg-spool-web.jsonl'),
      runs
        .slice(4)
        .map((r) => JSON.stringify(r) + '\n')
        .join('') + '{"id":"torn',
    );
    const second = open({ spoolDir });
    expect(second.health().spooled).toBe(7);
    await second.ready();
    expect(second.health()).toMatchObject({ state: 'ok', spooled: 0 });
    expect(second.counters).toMatchObject({ replayed: 3, replayDuplicates: 3 });
    expect((await idCounts()).map((c) => c.n)).toEqual(Array(6).fill('1'));
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('a record the database refuses is a HistoryWriteError naming the SQLSTATE, not spooled forever', async () => {
    const store = open();
    const bad = { ...sampleRecord(1), warnings: ['nul \u0000 inside'] };
    const warning = await recordRun(store, bad);
    expect(warning).toMatch(/refused the record \(SQLSTATE 22P05\)/);
    expect(store.health().spooled).toBe(0);
    await expect(store.append({ ...sampleRecord(2), timestamp: 'yesterday' })).rejects.toBeInstanceOf(HistoryWriteError);
  });

  it('a wrong password is reported without the password, the user or the URL', async () => {
    const url = `postgres://nobody:Sup3rSecretPw@127.0.0.1:${cluster.port}/nodb`;
    const store = open({ connectionString: url });
    await store.ready();
    const said = JSON.stringify(store.health());
    expect(store.health().state).toBe('degraded');
    expect(said).not.toMatch(/Sup3rSecretPw|nobody|nodb|127\.0\.0\.1/);
  });
});
