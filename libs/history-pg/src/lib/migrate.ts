import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Pool, PoolClient } from 'pg';

/** One versioned migration file, e.g. migrations/001_history.sql -> version "001". */
export interface Migration {
  version: string;
  name: string;
  sql: string;
}

/** pg_advisory_xact_lock key of the history's migrations ("llmhist" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6c6c6d68697374;

const FIRST = '001_history.sql';

/**
 * The folder of the migration files: $HISTORY_PG_MIGRATIONS, else `migrations/` next to the
 * running bundle (the api build copies them there), else libs/history-pg/migrations found by
 * walking up from this file or from the working directory (tests, the CLI, tools/).
 */
export function migrationsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['HISTORY_PG_MIGRATIONS'];
  if (fromEnv) return resolve(fromEnv);
  const starts: string[] = [];
  // __dirname is absent when the api's Jest runs this file as an ES module.
  if (typeof __dirname !== 'undefined') starts.push(__dirname);
  if (process.argv[1]) starts.push(dirname(resolve(process.argv[1])));
  starts.push(process.cwd());
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      for (const candidate of [join(dir, 'migrations'), join(dir, 'libs/history-pg/migrations')]) {
        if (existsSync(join(candidate, FIRST))) return candidate;
      }
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('the history database migrations (libs/history-pg/migrations) were not found');
}

/** The migration files in version order. */
export function loadMigrations(dir = migrationsDirectory()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.split('_')[0] as string, name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Brings the schema up to date: in one transaction holding an advisory lock (so instances that
 * start together migrate once, the others wait and find it done), creates schema_migrations and
 * applies each file whose version it does not list yet. Returns the versions applied now.
 */
export async function migrate(pool: Pool, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  const client: PoolClient = await pool.connect();
  const applied: string[] = [];
  let failed = false;
  // A checked-out client has no pool listener: a connection the server ends between two of these
  // statements (a restart, pg_terminate_backend) would be an unhandled 'error' event and take the
  // process down. The next statement fails instead, and the catch below handles it.
  const onError = () => {
    failed = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    // A client that failed mid-transaction is discarded, not returned to the pool.
    client.removeListener('error', onError);
    client.release(failed);
  }
}
