import { jest } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Issue 14 against the built server as a process, on real file systems: a dead bind mount and
 * /proc as LOG_DIR, a corrupt saved-models file, log rotation, two servers on one DATA_DIR, a
 * full tmpfs and a read-only mount as DATA_DIR, SIGTERM through `npm start` and with a stalled
 * client, the start-up lines. Runs as root (mount); ports 5250-5299.
 */
function findWorkspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
const root = findWorkspaceRoot(process.cwd());
const MAIN = join(root, 'dist/apps/api/main.js');
let nextPort = 5250 + Math.floor(Math.random() * 10);

const mounts: string[] = [];
const mount = (...args: string[]) => execFileSync('mount', args);
const tmp = (name = 'llm-calc-faults-') => mkdtempSync(join(tmpdir(), name));
function deadBindMount(): string {
  const d = tmp();
  mkdirSync(join(d, 'backing'));
  mkdirSync(join(d, 'mnt'));
  mount('--bind', join(d, 'backing'), join(d, 'mnt'));
  mounts.push(join(d, 'mnt'));
  rmdirSync(join(d, 'backing'));
  return join(d, 'mnt');
}
function tmpfs(size: string): string {
  const d = tmp();
  mount('-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', d);
  mounts.push(d);
  return d;
}
function readOnlyView(src: string): string {
  const d = tmp();
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
      // gone
    }
  }
});

interface Proc {
  child: ChildProcess;
  url: string;
  exit: Promise<number | null>;
  output: () => string;
}

function spawnServer(command: string, args: string[], env: Record<string, string>, cwd = root): Proc & { port: Promise<number> } {
  let output = '';
  const child = spawn(command, args, { cwd, env: { ...process.env, HOST: '', PORT: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const port = (async () => {
    for (let i = 0; i < 600; i++) {
      const m = /Calculator on http:\/\/[^:]+:(\d+)\//.exec(output);
      if (m) return Number(m[1]);
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`server did not start: ${output}`);
  })();
  return { child, url: '', exit, output: () => output, port };
}

async function start(env: Record<string, string>, args: string[] = []): Promise<Proc> {
  const port = nextPort++;
  const p = spawnServer(process.execPath, [MAIN, '--port', String(port), ...args], env);
  await p.port;
  return { ...p, url: `http://127.0.0.1:${port}` };
}

async function stop(s: Proc): Promise<number | null> {
  s.child.kill('SIGTERM');
  return s.exit;
}

/** Resolves with the exit code, or 'timeout' when the process is still running after `ms`. */
const exitWithin = (s: Proc, ms: number) => Promise.race([s.exit, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

const json = async <T = Record<string, unknown>>(res: Response | Promise<Response>) => (await (await res).json()) as T;
const calc = (url: string, batch = 1) =>
  fetch(`${url}/api/calculate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'llama-3.1-8b', gpu: 'h100-sxm', batch_size: batch }),
  });
const save = (url: string, name: string) =>
  fetch(`${url}/api/custom_models`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, hidden_size: 4096, intermediate_size: 11008, num_layers: 32, num_attention_heads: 32, vocab_size: 32000 }),
  });

jest.setTimeout(90_000);

describe('item 1: a history folder that cannot be created', () => {
  it.each([
    ['a bind mount whose backing folder was removed', () => join(deadBindMount(), 'logs')],
    ['/proc/nope', () => '/proc/nope'],
  ])('%s: the server answers at once, warns, and stops on SIGTERM', async (_name, logDir) => {
    const dir = logDir();
    const s = await start({ LOG_DIR: dir, DATA_DIR: join(tmp(), 'data') });
    try {
      const t0 = Date.now();
      const health = await json<{ history: { writable: boolean; last_error: string } }>(
        fetch(`${s.url}/api/health`, { signal: AbortSignal.timeout(5000) }),
      );
      expect(health.history.writable).toBe(false);
      expect(health.history.last_error).toMatch(/cannot be created \(ENOENT\)/);
      const res = await calc(s.url);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { warnings: string[] };
      expect(body.warnings.join(' ')).toMatch(/not saved to the history: .*cannot be created \(ENOENT\)/);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(s.output()).toMatch(/warning: runs will not be saved to the history/);
      // Item 14: no server path in health, warnings or the start-up lines.
      expect(JSON.stringify(health) + JSON.stringify(body.warnings) + s.output()).not.toContain(dir);
    } finally {
      s.child.kill('SIGTERM');
      expect(await exitWithin(s, 8000)).toBe(0);
    }
  });
});

describe('item 2: an unreadable custom_models.json', () => {
  it('is moved aside (never overwritten), and health and the log say so, without paths or colours', async () => {
    const dataDir = tmp();
    const models = Array.from({ length: 194 }, (_, i) => ({
      name: `m${i}`,
      saved_at: '2026-01-01T00:00:00.000Z',
      model: { name: `m${i}`, hidden_size: 64 },
    }));
    const corrupt = '{"models": [\n' + models.map((m) => JSON.stringify(m)).join(',\n') + ',\n]}\n'; // a trailing comma
    writeFileSync(join(dataDir, 'custom_models.json'), corrupt);
    const s = await start({ LOG_DIR: tmp(), DATA_DIR: dataDir });
    try {
      expect(await json(fetch(`${s.url}/api/custom_models`))).toEqual({ models: [] });
      expect((await save(s.url, 'new-one')).status).toBe(201);
      const aside = readdirSync(dataDir).filter((n) => n.startsWith('custom_models.json.corrupt-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(dataDir, aside[0] as string), 'utf8')).toBe(corrupt);
      const health = await json<{ custom_models: { moved_aside: string } }>(fetch(`${s.url}/api/health`));
      expect(health.custom_models.moved_aside).toBe(aside[0]);
      expect(s.output()).toMatch(
        /custom_models\.json could not be read \(not valid JSON\); it was moved aside to custom_models\.json\.corrupt-/,
      );
      expect(s.output()).not.toContain(dataDir);
      // Smaller: the log is a pipe here, so no ANSI colour codes.
      expect(s.output()).not.toContain(String.fromCharCode(27));
    } finally {
      await stop(s);
    }
  });
});

describe('item 4: log rotation while the server runs', () => {
  const history = (url: string) =>
    json<{ total: number; skipped_lines: number; items: { id: string }[] }>(fetch(`${url}/api/history?page_size=100`));

  it('rename rotation: old and new runs all listed, none skipped, without a restart', async () => {
    const logDir = tmp();
    const s = await start({ LOG_DIR: logDir, DATA_DIR: join(logDir, 'data') });
    try {
      for (let i = 0; i < 5; i++) expect((await calc(s.url, i + 1)).status).toBe(200);
      expect((await history(s.url)).total).toBe(5);
      const log = join(logDir, 'web_app_calculations.log');
      renameSync(log, `${log}.1`);
      await new Promise((r) => setTimeout(r, 1200)); // the appender looks at the path every second
      for (let i = 0; i < 3; i++) expect((await calc(s.url)).status).toBe(200);
      expect(existsSync(log)).toBe(true);
      const h = await history(s.url);
      expect([h.total, h.skipped_lines, h.items.length]).toEqual([8, 0, 8]);
    } finally {
      await stop(s);
    }
  });

  it('copytruncate: the copy is listed and the truncated log is read again from its start', async () => {
    const logDir = tmp();
    const s = await start({ LOG_DIR: logDir, DATA_DIR: join(logDir, 'data') });
    try {
      for (let i = 0; i < 5; i++) expect((await calc(s.url, i + 1)).status).toBe(200);
      expect((await history(s.url)).total).toBe(5);
      const log = join(logDir, 'web_app_calculations.log');
      copyFileSync(log, `${log}.1`);
      truncateSync(log, 0);
      for (let i = 0; i < 8; i++) expect((await calc(s.url)).status).toBe(200);
      const h = await history(s.url);
      expect([h.total, h.skipped_lines, h.items.length]).toEqual([13, 0, 13]);
      expect(new Set(h.items.map((x) => x.id)).size).toBe(13);
    } finally {
      await stop(s);
    }
  });
});

describe('item 5: two servers sharing one DATA_DIR', () => {
  it('300 concurrent saves across both are all stored', async () => {
    const dataDir = tmp();
    const [a, b] = await Promise.all([start({ LOG_DIR: tmp(), DATA_DIR: dataDir }), start({ LOG_DIR: tmp(), DATA_DIR: dataDir })]);
    try {
      const statuses = await Promise.all(
        Array.from({ length: 300 }, (_, i) => save(i % 2 ? a.url : b.url, `shared-${i}`).then((r) => r.status)),
      );
      expect(statuses.filter((st) => st === 201)).toHaveLength(300);
      const stored = JSON.parse(readFileSync(join(dataDir, 'custom_models.json'), 'utf8')) as { models: unknown[] };
      expect(stored.models).toHaveLength(300);
      expect((await json<{ models: unknown[] }>(fetch(`${a.url}/api/custom_models`))).models).toHaveLength(300);
    } finally {
      await Promise.all([stop(a), stop(b)]);
    }
  });
});

describe('item 6: saved models on a full disk and a read-only folder', () => {
  it('full tmpfs: 507 with the cause, no .tmp left, DELETE still frees space; stale .tmp removed at start', async () => {
    const dataDir = tmpfs('64k');
    writeFileSync(join(dataDir, 'custom_models.json.99999999.1700000000000.tmp'), 'left by a kill');
    const s = await start({ LOG_DIR: tmp(), DATA_DIR: dataDir });
    try {
      expect(existsSync(join(dataDir, 'custom_models.json.99999999.1700000000000.tmp'))).toBe(false);
      const statuses: number[] = [];
      const failures: { message: string[] }[] = [];
      for (let i = 0; i < 60; i++) {
        const res = await save(s.url, `model-${i}`);
        statuses.push(res.status);
        if (res.status !== 201) failures.push((await res.json()) as { message: string[] });
      }
      expect(statuses).toContain(507);
      expect(statuses.filter((st) => st !== 201 && st !== 507)).toEqual([]);
      expect(failures[0]?.message[0]).toMatch(/the saved-models folder is full \(ENOSPC\)/);
      expect(readdirSync(dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      try {
        for (;;) appendFileSync(join(dataDir, 'filler'), 'x'.repeat(256));
      } catch {
        // the disk is full now
      }
      const del = await fetch(`${s.url}/api/custom_models/model-0`, { method: 'DELETE' });
      expect(del.status).toBe(200);
      const list = await json<{ models: { name: string }[] }>(fetch(`${s.url}/api/custom_models`));
      expect(list.models.map((m) => m.name)).not.toContain('model-0');
    } finally {
      await stop(s);
    }
  });

  it('read-only DATA_DIR: a clear 503, reads still work, health says so before any save', async () => {
    const backing = tmp();
    writeFileSync(
      join(backing, 'custom_models.json'),
      JSON.stringify({ models: [{ name: 'kept', saved_at: '2026-01-01T00:00:00.000Z', model: { name: 'kept', hidden_size: 64 } }] }),
    );
    const dataDir = readOnlyView(backing);
    const s = await start({ LOG_DIR: tmp(), DATA_DIR: dataDir });
    try {
      const health = await json<{ custom_models: { writable: boolean; last_error: string } }>(fetch(`${s.url}/api/health`));
      expect(health.custom_models).toMatchObject({ writable: false, last_error: 'the saved-models folder is read-only (EROFS)' });
      const res = await save(s.url, 'nope');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { message: string[] }).message).toEqual([
        'the saved models could not be written: the saved-models folder is read-only (EROFS)',
      ]);
      expect((await fetch(`${s.url}/api/custom_models/kept`, { method: 'DELETE' })).status).toBe(503);
      expect((await json<{ models: unknown[] }>(fetch(`${s.url}/api/custom_models`))).models).toHaveLength(1);
    } finally {
      await stop(s);
    }
  });
});

describe('Smaller and item 14: a read-only LOG_DIR', () => {
  it('health says not writable before the first run, and no message names the folder', async () => {
    const logDir = readOnlyView(tmp());
    const s = await start({ LOG_DIR: logDir, DATA_DIR: join(tmp(), 'data') });
    try {
      const health = await json<{ history: { writable: boolean; last_error: string } }>(fetch(`${s.url}/api/health`));
      expect(health.history).toMatchObject({ writable: false, last_error: 'the history folder is not writable: it is read-only (EROFS)' });
      const body = await json<{ warnings: string[] }>(calc(s.url));
      expect(body.warnings.join(' ')).toMatch(/not saved to the history: the history folder is not writable: it is read-only \(EROFS\)/);
      expect(JSON.stringify(health) + JSON.stringify(body) + s.output()).not.toContain(logDir);
    } finally {
      await stop(s);
    }
  });
});

describe('item 7: stopping', () => {
  it('SIGTERM to `npm start` stops the node server (the script execs it) and frees the port', async () => {
    // The real start script with its build step replaced: what matters is how the server is run.
    const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const serve = script.split('&&').pop()?.trim() ?? '';
    expect(serve).toMatch(/^exec node /);
    const dir = tmp();
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'start-probe', private: true, scripts: { start: `true && ${serve.replace('dist/apps/api/main.js', MAIN)}` } }),
    );
    const port = nextPort++;
    const p = spawnServer(
      'npm',
      ['start', '--silent', '--', '--port', String(port)],
      { LOG_DIR: tmp(), DATA_DIR: join(tmp(), 'data') },
      dir,
    );
    await p.port;
    const pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(p.child.pid)])
      .toString()
      .trim()
      .split(/\s+/)
      .map(Number);
    p.child.kill('SIGTERM');
    expect(await exitWithin(p, 10_000)).not.toBe('timeout');
    await new Promise((r) => setTimeout(r, 500));
    for (const pid of pids.filter(Boolean)) {
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (alive) process.kill(pid, 'SIGKILL');
      expect(alive).toBe(false);
    }
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });

  it('a client that never finishes its body holds shutdown only for the grace period', async () => {
    const s = await start({ LOG_DIR: tmp(), DATA_DIR: join(tmp(), 'data'), SHUTDOWN_GRACE_MS: '1500' });
    const port = Number(new URL(s.url).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      'POST /api/calculate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":',
    );
    socket.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    expect(await exitWithin(s, 8000)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(6000);
    // Smaller: the shutdown is said without --debug.
    expect(s.output()).toMatch(/SIGTERM: stopping/);
    expect(s.output()).toMatch(/grace period over/);
    socket.destroy();
  });
});

describe('start-up lines (items 9, Smaller)', () => {
  it('--port 0 prints the port it got', async () => {
    const p = spawnServer(process.execPath, [MAIN, '--port', '0'], { LOG_DIR: tmp(), DATA_DIR: join(tmp(), 'data') });
    const port = await p.port;
    try {
      expect(port).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    } finally {
      p.child.kill('SIGTERM');
      await p.exit;
    }
  });

  it('warns when bound to a non-loopback address, and names API_TOKEN and ALLOWED_HOSTS', async () => {
    // The warning follows the start-up line: give the pipe a moment.
    const settle = async (p: Proc, re: RegExp) => {
      for (let i = 0; i < 30 && !re.test(p.output()); i++) await new Promise((r) => setTimeout(r, 100));
    };
    const s = await start({ LOG_DIR: tmp(), DATA_DIR: join(tmp(), 'data') }, ['--host', '0.0.0.0']);
    try {
      await settle(s, /warning/);
      expect(s.output()).toMatch(/warning: listening on 0\.0\.0\.0, reachable from the network: .*set API_TOKEN.*ALLOWED_HOSTS/);
    } finally {
      await stop(s);
    }
    const quiet = await start({ LOG_DIR: tmp(), DATA_DIR: join(tmp(), 'data') });
    try {
      await settle(quiet, /warning/);
      expect(quiet.output()).not.toMatch(/warning/);
    } finally {
      await stop(quiet);
    }
  });

  it('Host header of another name is refused by the real server (item 8)', async () => {
    const s = await start({ LOG_DIR: tmp(), DATA_DIR: join(tmp(), 'data') });
    try {
      const port = Number(new URL(s.url).port);
      const socket = connect(port, '127.0.0.1');
      const reply = await new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (d) => (text += d));
        socket.on('end', () => resolve(text));
        socket.write('DELETE /api/custom_models/x HTTP/1.1\r\nHost: rebind.evil.example\r\nConnection: close\r\n\r\n');
      });
      expect(reply).toMatch(/^HTTP\/1\.1 403/);
    } finally {
      await stop(s);
    }
  });
});
