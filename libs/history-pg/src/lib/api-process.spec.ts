import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { PgCluster, postgresInstalled } from '../testing';

/**
 * The built API (`node dist/apps/api/main.js`, built by nx before this project's tests) on a
 * throwaway PostgreSQL: two instances share one history, and a database stopped and restarted
 * under load loses nothing and duplicates nothing.
 */
function workspaceRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
const MAIN = join(workspaceRoot(), 'dist/apps/api/main.js');
const SECRET = 'Sup3rSecretPw';
let nextPort = 5500 + Math.floor(Math.random() * 90);

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

async function startServer(databaseUrl: string): Promise<Server> {
  const port = nextPort++;
  let output = '';
  const child = spawn(process.execPath, [MAIN, '--port', String(port), '--debug'], {
    cwd: workspaceRoot(),
    env: { ...process.env, HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_DIR: mkdtempSync(join(tmpdir(), 'llm-calc-api-pg-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, url, output: () => output, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output}`);
}

const calculate = async (url: string, i: number): Promise<{ status: number; id?: string }> => {
  const res = await fetch(`${url}/api/calculate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'llama-3.1-8b', gpu: 'h100-sxm', batch_size: 1 + (i % 16), num_gpus: 1 + (i % 2) }),
  });
  const body = (await res.json()) as { id?: string };
  return { status: res.status, id: body.id };
};

let cluster: PgCluster;
let admin: pg.Pool;
const servers: Server[] = [];

beforeAll(async () => {
  if (!postgresInstalled()) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: nx test history-pg builds the api first (npx nx build api)`);
  cluster = await PgCluster.create();
  admin = new pg.Pool({ connectionString: cluster.url, max: 2 });
  admin.on('error', () => undefined);
}, 120_000);

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await admin?.end();
  cluster?.destroy();
});

async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const health = async (s: Server) =>
  ((await (await fetch(`${s.url}/api/health`)).json()) as { history: { state: string; spooled: number; backend: string } }).history;

it("two API instances on one database share one history, and the URL's password shows nowhere", async () => {
  await admin.query('DROP TABLE IF EXISTS history_runs, history_groups, schema_migrations CASCADE');
  const [a, b] = await Promise.all([startServer(cluster.urlWithSecret), startServer(cluster.urlWithSecret)]);
  servers.push(a as Server, b as Server);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    for (const s of [a, b] as Server[]) {
      const r = await calculate(s.url, i);
      expect(r.status).toBe(200);
      ids.push(r.id as string);
    }
  }
  // Computed without logging: not in the history.
  expect(
    (
      await fetch(`${(a as Server).url}/api/calculate?log=false`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"model":"llama-3.1-8b","gpu":"h100-sxm"}',
      })
    ).status,
  ).toBe(200);
  for (const s of [a, b] as Server[]) {
    const page = (await (await fetch(`${s.url}/api/history?page_size=100`)).json()) as { total: number; items: { id: string }[] };
    expect(page.total).toBe(20);
    expect(page.items.map((r) => r.id)).toEqual([...ids].reverse());
    expect(await health(s)).toMatchObject({ backend: 'postgres', state: 'ok', spooled: 0 });
    const filtered = await fetch(`${s.url}/api/history?kind=calculate&sort=tokens_per_second&order=asc&gpu=h100`);
    expect(((await filtered.json()) as { total: number }).total).toBe(20);
    expect((await fetch(`${s.url}/api/history?kind=training`)).status).toBe(400);
  }
  expect((await admin.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n).toBe(2);
  const docs = await (await fetch(`${(a as Server).url}/api/docs-json`)).text();
  const healthText = await (await fetch(`${(a as Server).url}/api/health`)).text();
  for (const text of [docs, healthText, (a as Server).output(), (b as Server).output()]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('postgres://');
  }
});

it('database stopped and restarted under load: every success ends up exactly once', async () => {
  await admin.query('DROP TABLE IF EXISTS history_runs, history_groups, schema_migrations CASCADE');
  const server = await startServer(cluster.urlWithSecret);
  servers.push(server);
  const sent = 400;
  const succeeded: string[] = [];
  let failed = 0;
  let maxSpooled = 0;
  let readsDuringOutage: number | null = null;
  let next = 0;
  const worker = async () => {
    while (next < sent) {
      const i = next++;
      if (i === 100) cluster.stop();
      if (i === 250) {
        readsDuringOutage = (await fetch(`${server.url}/api/history`)).status;
        maxSpooled = (await health(server)).spooled;
        cluster.start();
      }
      const r = await calculate(server.url, i);
      if (r.status === 200 && r.id) succeeded.push(r.id);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await until(async () => {
    const h = await health(server);
    return h.state === 'ok' && h.spooled === 0;
  });
  const rows = (await admin.query<{ id: string; n: string }>('SELECT id, count(*) AS n FROM history_runs GROUP BY id')).rows;
  const replayed = [...server.output().matchAll(/replayed (\d+) spooled run/g)].reduce((n, m) => n + Number(m[1]), 0);
  const figures = { sent, succeeded: succeeded.length, failed, spooledAtRestart: maxSpooled, replayed, found: rows.length };
  process.stdout.write(`api fault test: ${JSON.stringify(figures)}\n`);
  expect(failed).toBe(0);
  expect(readsDuringOutage).toBe(503);
  expect(maxSpooled).toBeGreaterThan(0);
  expect(replayed).toBeGreaterThanOrEqual(maxSpooled);
  expect(rows.every((r) => r.n === '1')).toBe(true);
  expect(new Set(rows.map((r) => r.id))).toEqual(new Set(succeeded));
  expect(server.output()).not.toContain(SECRET);
  expect(server.output()).toMatch(/not reachable/);
}, 180_000);
