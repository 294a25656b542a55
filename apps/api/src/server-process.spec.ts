import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The built server as a process (nx test api depends on nx build api): default bind address,
 * SIGTERM under load, and an unwritable history folder.
 */
// Jest runs with the project (apps/api) as its working directory: paths from the workspace root.
function findWorkspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
const workspaceRoot = findWorkspaceRoot(process.cwd());
const MAIN = join(workspaceRoot, 'dist/apps/api/main.js');
const CLI = join(workspaceRoot, 'dist/apps/cli/main.js');
// This suite's servers use ports 5200-5299.
let nextPort = 5200 + Math.floor(Math.random() * 40);

interface Server {
  child: ChildProcess;
  port: number;
  url: string;
  exit: Promise<number | null>;
  output: () => string;
}

async function start(env: Record<string, string>, args: string[] = [], port = nextPort++): Promise<Server> {
  let output = '';
  const child = spawn(process.execPath, [MAIN, '--port', String(port), ...args], {
    env: { ...process.env, HOST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, port, url, exit, output: () => output };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output}`);
}

const calc = (url: string, batch = 1) =>
  fetch(`${url}/api/calculate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'llama-3.1-8b', gpu: 'h100-sxm', batch_size: batch }),
  });

// nx test api depends on the api and cli builds (project.json), so both exist here; a missing
// build is a failure, not a skip.
describe('the server process', () => {
  it('has the built server and CLI to run', () => {
    expect(existsSync(MAIN)).toBe(true);
    expect(existsSync(CLI)).toBe(true);
  });

  jest.setTimeout(60_000);

  it('binds to loopback by default and says where it listens', async () => {
    const s = await start({ LOG_DIR: mkdtempSync(join(tmpdir(), 'llm-calc-proc-')) });
    try {
      expect(s.output()).toContain(`http://127.0.0.1:${s.port}/`);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });

  it('on SIGTERM under load finishes in-flight requests, exits 0 and leaves only whole lines', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'llm-calc-proc-'));
    const s = await start({ LOG_DIR: logDir });
    const inflight = Array.from({ length: 150 }, (_, i) =>
      calc(s.url, 1 + (i % 5)).then(
        (r) => r.status,
        () => 0,
      ),
    );
    await new Promise((r) => setTimeout(r, 30));
    s.child.kill('SIGTERM');
    const statuses = await Promise.all(inflight);
    expect(await s.exit).toBe(0);
    const ok = statuses.filter((st) => st === 200).length;
    const text = existsSync(join(logDir, 'web_app_calculations.log')) ? readFileSync(join(logDir, 'web_app_calculations.log'), 'utf8') : '';
    expect(text === '' || text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    // Every answered calculation was logged before the process exited.
    expect(lines.length).toBe(ok);
  });

  it('hundreds of concurrent POSTs while CLI processes append: one readable line per success in each log', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'llm-calc-proc-'));
    const s = await start({ LOG_DIR: logDir });
    try {
      const cli = (i: number) =>
        new Promise<number | null>((done) => {
          const child = spawn(
            process.execPath,
            [CLI, 'calculate', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--batch-size', String(i + 1), '--json'],
            {
              env: { ...process.env, LOG_DIR: logDir },
              stdio: 'ignore',
            },
          );
          child.once('exit', (code) => done(code));
        });
      const [web, cliCodes] = await Promise.all([
        Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            calc(s.url, 1 + (i % 9)).then(
              (r) => r.status,
              () => 0,
            ),
          ),
        ),
        Promise.all(Array.from({ length: 4 }, (_, i) => cli(i))),
      ]);
      const lines = (file: string) => readFileSync(join(logDir, file), 'utf8').split('\n').filter(Boolean);
      const webLines = lines('web_app_calculations.log');
      const cliLines = lines('cli_calculations.log');
      expect(webLines).toHaveLength(web.filter((st) => st === 200).length);
      expect(cliLines).toHaveLength(cliCodes.filter((c) => c === 0).length);
      expect(cliCodes.every((c) => c === 0)).toBe(true);
      for (const line of [...webLines, ...cliLines]) expect(() => JSON.parse(line)).not.toThrow();
      const history = (await (await fetch(`${s.url}/api/history?page_size=1`)).json()) as { total: number; skipped_lines: number };
      expect(history.total).toBe(webLines.length + cliLines.length);
      expect(history.skipped_lines).toBe(0);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });

  it('keeps answering when the history folder cannot be written, and reports it', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'llm-calc-proc-')), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const s = await start({ LOG_DIR: join(blocker, 'logs') });
    try {
      const res = await calc(s.url);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { warnings: string[] };
      expect(body.warnings.join(' ')).toMatch(/not saved to the history/);
      const health = (await (await fetch(`${s.url}/api/health`)).json()) as { history: { writable: boolean; last_error: string } };
      expect(health.history.writable).toBe(false);
      expect(health.history.last_error).toMatch(/not writable/);
      const history = await fetch(`${s.url}/api/history`);
      expect(history.status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });
});
