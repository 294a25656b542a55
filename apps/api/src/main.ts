import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { createApp } from './app/setup';

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
  return { host, port, debug };
}

async function bootstrap() {
  const { host, port, debug } = options();
  const app = await createApp({ debug });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    Logger.log(`${signal}: finishing in-flight requests and history writes`, 'Shutdown');
    // Stops accepting connections, waits for in-flight requests, then flushes queued log writes.
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen(port, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  console.log(`LLM Scaling Calculator on ${url}/ (API ${url}/api, docs ${url}/api/docs)`);
}

bootstrap().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  console.error(err.code === 'EADDRINUSE' ? `port already in use: ${err.message}` : `failed to start: ${err.message}`);
  process.exit(1);
});
