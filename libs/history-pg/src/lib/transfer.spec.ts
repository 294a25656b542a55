import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { JsonLinesHistoryStore } from '@llm-calc/history-log';
import { PgCluster, postgresInstalled, sampleRecord } from '../testing';
import { migrate } from './migrate';
import { exportRecords, importLogs } from './transfer';

/** `npm run history -- import/export`: JSON-lines logs into PostgreSQL and back. */

let cluster: PgCluster;
let pool: pg.Pool;

beforeAll(async () => {
  if (!postgresInstalled()) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  cluster = await PgCluster.create();
  pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
  pool.on('error', () => undefined); // idle connections cut when the cluster stops
  await migrate(pool);
}, 120_000);

beforeEach(() => pool.query('TRUNCATE history_runs'));

afterAll(async () => {
  await pool?.end();
  cluster?.destroy();
});

const log = (lines: string[]) => {
  const file = join(mkdtempSync(join(tmpdir(), 'llm-calc-import-')), 'web_app_calculations.log');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
};

it('imports logs idempotently by id, counting lines, additions, duplicates and skipped lines', async () => {
  const runs = Array.from({ length: 1200 }, (_, i) => sampleRecord(i));
  const a = log([...runs.slice(0, 700).map((r) => JSON.stringify(r)), 'not json', '{"id":"x"}', '', '{"id":"torn","times']);
  const b = log(runs.slice(600).map((r) => JSON.stringify(r)));
  const first = await importLogs(pool, [a, b]);
  expect(first.map(({ lines, inserted, duplicates, skipped }) => ({ lines, inserted, duplicates, skipped }))).toEqual([
    { lines: 703, inserted: 700, duplicates: 0, skipped: 3 },
    { lines: 600, inserted: 500, duplicates: 100, skipped: 0 },
  ]);
  const again = await importLogs(pool, [a]);
  expect(again[0]).toMatchObject({ inserted: 0, duplicates: 700, skipped: 3 });
  expect((await pool.query('SELECT count(*)::int AS n FROM history_runs')).rows[0].n).toBe(1200);
});

it('exports every record as JSON lines in the order kept, which the JSON-lines store reads back whole', async () => {
  const runs = Array.from({ length: 2500 }, (_, i) => sampleRecord(i));
  await importLogs(pool, [log(runs.map((r) => JSON.stringify(r)))]);
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  expect(await exportRecords(pool, out)).toBe(2500);
  const lines = text.trimEnd().split('\n');
  expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(runs.map((r) => r.id));
  const dir = mkdtempSync(join(tmpdir(), 'llm-calc-export-'));
  writeFileSync(join(dir, 'web_app_calculations.log'), text);
  const store = new JsonLinesHistoryStore(dir, 'web');
  const page = await store.query({ page_size: 3 });
  expect(page.total).toBe(2500);
  expect(page.items).toEqual([runs[2499], runs[2498], runs[2497]]);
  await store.close();
});

it('npm run history -- import then export, as a team would run it', () => {
  let root = process.cwd();
  while (!existsSync(join(root, 'nx.json'))) root = dirname(root);
  const runs = Array.from({ length: 5 }, (_, i) => sampleRecord(i));
  const file = log([...runs.map((r) => JSON.stringify(r)), 'garbage']);
  const env = { ...process.env, DATABASE_URL: cluster.urlWithSecret };
  const tool = (args: string[]) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/history.ts', ...args], {
      cwd: root,
      env: { ...env, SWC_NODE_PROJECT: 'tools/tsconfig.json' },
      encoding: 'utf8',
    });
  const imported = tool(['import', file, join(dirname(file), 'missing.log')]);
  expect(imported.stdout).toContain('5 added, 0 already there, 1 skipped');
  expect(imported.stderr).toContain('missing.log: not imported (ENOENT)');
  expect(imported.status).toBe(1);
  const exported = tool(['export']);
  expect(exported.status).toBe(0);
  expect(
    exported.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id),
  ).toEqual(runs.map((r) => r.id));
  expect(exported.stderr).toBe('exported 5 record(s)\n');
  expect(imported.stdout + imported.stderr + exported.stderr).not.toContain('Sup3rSecretPw');
  const usage = tool(['drop']);
  expect(usage.status).toBe(2);
}, 120_000);
