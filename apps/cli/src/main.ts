/**
 * Entry point of the command-line tool (dist/apps/cli/main.js): runs the CLI on process.argv and
 * sets process.exitCode, letting Node exit once stdout and stderr have drained.
 */
// First: class-transformer's @Type (in the contracts' DTOs) reads Reflect.getMetadata at import time.
import 'reflect-metadata';
import { EXIT_OK, EXIT_OUTPUT } from './errors';
import { run } from './run';

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // `calc list-models | head` closes stdout early; that is not an error worth a message.
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  // A full device (ENOSPC), EIO...: the result did not reach its reader. One line, no stack trace.
  try {
    process.stderr.write(`error: cannot write the output: ${e.message.split('\n')[0]}\n`);
  } finally {
    process.exit(EXIT_OUTPUT);
  }
});

run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
