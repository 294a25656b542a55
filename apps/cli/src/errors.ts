/**
 * Bad command-line input: one readable line per problem, each naming the option.
 * The CLI prints the lines on stderr and exits with EXIT_USAGE; nothing is logged.
 */
export class UsageError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
/** Unexpected internal failure. */
export const EXIT_INTERNAL = 1;
/** Invalid input (options, request, unknown preset or command). */
export const EXIT_USAGE = 2;
/** The result was printed, but the run could not be kept in the history ("not logged: ..."). */
export const EXIT_NOT_LOGGED = 3;
/** The output itself could not be written (stdout on a full device, EIO...). */
export const EXIT_OUTPUT = 4;
