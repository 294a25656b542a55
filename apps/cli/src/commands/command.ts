import type { ParsedArgs } from '../options/parse';
import type { OptionSpec } from '../options/option-spec';

/** Where a command writes, and the environment it reads (tests pass their own). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Synopsis after the program name: "calculate --model ID --gpu ID [options]". */
  synopsis: string;
  /** A paragraph under the synopsis, if the summary is not enough. */
  details?: string;
  options: readonly OptionSpec[];
  /** Option groups for help text: [title, option names]; options not listed go under "Options". */
  groups?: readonly (readonly [string, readonly OptionSpec[]])[];
  examples: readonly string[];
  /**
   * True when run() reports the parse problems (unknown options...) itself, together with its own
   * (bad numbers, a missing config file), so that the user sees them all at once.
   */
  collectsParseProblems?: boolean;
  /** Returns the exit code. Throws UsageError / RequestError for bad input. */
  run(args: ParsedArgs, io: Io): Promise<number> | number;
}

/** The program's name in help text; see README for the ways to run it. */
export const PROGRAM = 'calc';
