/**
 * Dispatch: argv -> command -> exit code. Kept apart from main.ts so that tests can run the whole
 * CLI in-process with their own Io.
 */
import { RequestError } from '@llm-calc/contracts';
import { closestIds } from '@llm-calc/presets';
import { assertNoProblems, parseOptions } from './options/parse';
import { calculateCommand } from './commands/calculate';
import type { Command, Io } from './commands/command';
import { commandHelp, usage } from './commands/help';
import { listGpusCommand, listModelsCommand } from './commands/list';
import { calibrateCommand, compareCommand, fitCommand, sweepCommand, trainCommand } from './commands/planning';
import { showModelCommand } from './commands/show-model';
import { recommendCommand } from './commands/recommend';
import { serveCommand } from './commands/serve';
import { cliWording } from './request/problems';
import { terminalSafe } from './terminal';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './errors';

export const COMMANDS: readonly Command[] = [
  calculateCommand,
  compareCommand,
  fitCommand,
  sweepCommand,
  calibrateCommand,
  trainCommand,
  listModelsCommand,
  listGpusCommand,
  showModelCommand,
  serveCommand,
  recommendCommand,
];

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function printProblems(io: Io, messages: readonly string[]): number {
  for (const message of messages) io.err(`error: ${message}\n`);
  return EXIT_USAGE;
}

function unknownCommand(io: Io, name: string): number {
  const close = closestIds(
    name,
    COMMANDS.map((c) => c.name),
  );
  const hint = close.length ? ` (did you mean ${close.join(', ')}?)` : '';
  io.err(`error: unknown command "${name}"${hint}\n\n${usage(COMMANDS)}`);
  return EXIT_USAGE;
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], rawIo: Io): Promise<number> {
  // Every printer writes through this one Io: nothing from the user's input reaches the terminal raw.
  const io: Io = { out: (text) => rawIo.out(terminalSafe(text)), err: (text) => rawIo.err(terminalSafe(text)), env: rawIo.env };
  const debug = argv.includes('--debug');
  try {
    const [name, ...rest] = argv;
    if (name === undefined) {
      io.err(usage(COMMANDS));
      return EXIT_USAGE;
    }
    if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
      io.out(usage(COMMANDS));
      return EXIT_OK;
    }
    if (name === 'help') {
      const command = findCommand(rest[0]);
      if (!command) return unknownCommand(io, rest[0]);
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    const command = findCommand(name);
    if (!command) return unknownCommand(io, name);
    // --help wins over every other problem on the line.
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    const args = parseOptions(rest, command.options);
    // Request-building commands report parse problems together with their own; the others have nothing to add.
    if (!command.collectsParseProblems) assertNoProblems(args);
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) return printProblems(io, e.messages);
    if (e instanceof RequestError) return printProblems(io, e.messages.map(cliWording));
    const error = e instanceof Error ? e : new Error(String(e));
    io.err(
      debug
        ? `error: internal error: ${error.stack ?? error.message}\n`
        : `error: internal error: ${error.message.split('\n')[0]} (run with --debug for the stack trace)\n`,
    );
    return EXIT_INTERNAL;
  }
}
