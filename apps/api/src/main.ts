import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app/setup';
import { HistoryService } from './app/history/history.service';
import { isLoopbackAddress } from './app/common/request-guards';

/** Slow or stalled clients cannot hold a connection (and so a shutdown) open for long. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Flags as the original tool's launcher: --host, --port, --debug (env HOST, PORT, DEBUG too). */
function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { host: { type: 'string' }, port: { type: 'string' }, debug: { type: 'boolean' } },
    strict: false,
  });
  const host = String(values['host'] || process.env['HOST'] || '127.0.0.1');
  const port = Number(values['port'] || process.env['PORT'] || 5000);
  const debug = values['debug'] === true || process.env['DEBUG'] === '1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535 (got ${values['port'] ?? process.env['PORT']})`);
    process.exit(2);
  }
  const grace = Number(process.env['SHUTDOWN_GRACE_MS'] || 5000);
  return { host, port, debug, grace: Number.isFinite(grace) && grace >= 0 ? grace : 5000 };
}

async function bootstrap() {
  const { host, port, debug, grace } = options();
  const app = await createApp({ debug, host });
  const server = app.getHttpServer() as Server;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping; finishing in-flight requests for at most ${grace / 1000} s`);
    // In-flight requests get `grace` ms; then every connection still open (a client that never
    // finishes its body) is closed, and if closing itself hangs the process exits anyway.
    const force = setTimeout(() => {
      console.log('shutdown grace period over: closing the remaining connections');
      server.closeAllConnections();
    }, grace);
    const hard = setTimeout(() => process.exit(1), grace + 3000);
    force.unref();
    hard.unref();
    // Stops accepting connections, closes idle keep-alive ones, waits for in-flight requests,
    // then closes the history store.
    await app.close();
    console.log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen(port, host);
  const bound = (server.address() as AddressInfo | null)?.port ?? port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  console.log(`LLM Scaling Calculator on ${url}/ (API ${url}/api, docs ${url}/api/docs)`);
  if (!isLoopbackAddress(host)) {
    const token = process.env['API_TOKEN']
      ? 'saving, deleting and logging need API_TOKEN'
      : 'anyone who can reach it can read the history and delete saved models: set API_TOKEN to require a token for writes';
    const names = process.env['ALLOWED_HOSTS'] ? '' : '; set ALLOWED_HOSTS to the names it is reached by';
    console.warn(`warning: listening on ${host}, reachable from the network: ${token}${names}`);
  }
  const history = app.get(HistoryService).health();
  if (!history.writable) console.warn(`warning: runs will not be saved to the history: ${history.last_error}`);
}

bootstrap().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  console.error(err.code === 'EADDRINUSE' ? `port already in use: ${err.message}` : `failed to start: ${err.message}`);
  process.exit(1);
});
