/**
 * Entry point of the command-line tool (dist/apps/cli/main.js): runs the CLI on process.argv and
 * sets process.exitCode, letting Node exit once stdout and stderr have drained.
 */
// First: class-transformer's @Type (in the contracts' DTOs) reads Reflect.getMetadata at import time.
import 'reflect-metadata';
import { run } from './run';

// `calc list-models | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
