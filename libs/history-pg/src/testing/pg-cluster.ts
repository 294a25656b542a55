import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL 15 (apt-get install postgresql): not on PATH. */
export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
/** The test clusters' ports (one range for this project's tests on a shared machine). */
export const PG_TEST_PORTS = [55432, 55433, 55434, 55435, 55436, 55437, 55438, 55439];

/** True when initdb is installed (tests need it; .ci/run installs it). */
export function postgresInstalled(): boolean {
  return existsSync(join(PG_BIN, 'initdb'));
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A throwaway PostgreSQL cluster for one test file: initdb into a mktemp folder (trust auth, so
 * no password), started on a free port of PG_TEST_PORTS, listening on 127.0.0.1 only (its socket
 * in that folder), removed by destroy(). As root the binaries run as the `postgres` user
 * (initdb refuses root). stop()/start() take the server away and bring it back mid-test.
 */
export class PgCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth: no credentials in it). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A URL with a password in it, to check that none ever shows (trust auth ignores it). */
  get urlWithSecret(): string {
    return `postgres://postgres:Sup3rSecretPw@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PgCluster> {
    const asPostgres = userInfo().uid === 0;
    const dir = mkdtempSync(join(tmpdir(), 'llm-calc-pg-'));
    if (asPostgres) {
      const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
      const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
      chownSync(dir, Number(ids), Number(gid));
    }
    chmodSync(dir, 0o700);
    const cluster = new PgCluster(dir, 0, asPostgres);
    cluster.run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    for (const port of PG_TEST_PORTS) {
      if (!(await portFree(port))) continue;
      const c = new PgCluster(dir, port, asPostgres);
      // Another test file may take the same port between the check and the start: next one.
      if (c.tryStart()) return c;
    }
    cluster.destroy();
    throw new Error(`no free port for a test PostgreSQL in ${PG_TEST_PORTS[0]}-${PG_TEST_PORTS[PG_TEST_PORTS.length - 1]}`);
  }

  private run(bin: string, args: string[]): { status: number | null; output: string } {
    const cmd = this.asPostgres ? 'runuser' : join(PG_BIN, bin);
    const argv = this.asPostgres ? ['-u', 'postgres', '--', join(PG_BIN, bin), ...args] : args;
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: this.dir });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (bin === 'initdb' && r.status !== 0) throw new Error(`initdb failed: ${output}`);
    return { status: r.status, output };
  }

  private tryStart(): boolean {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    return (
      this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', options, '-w', '-t', '60', 'start']).status === 0
    );
  }

  /** Starts the stopped server again on the same port. */
  start(): void {
    if (!this.tryStart()) throw new Error(`pg_ctl start failed on port ${this.port}`);
  }

  /** Stops the server (fast: open sessions are cut, as when a database goes away). */
  stop(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server and removes the cluster's folder. */
  destroy(): void {
    if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
