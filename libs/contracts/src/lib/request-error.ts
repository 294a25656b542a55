/**
 * One problem with a request, as data: which field (its request path, `custom_model.hidden_size`;
 * null when it concerns the request as a whole), what kind (class-validator's constraint name such
 * as `min`, `isInt`, `isIn`, `whitelistValidation`, or one of this project's codes such as
 * `unknownPreset`, `conflict`, `required`, `unsupported`) and the readable line. Surfaces reword
 * problems by field and code (the CLI names its option, the page its label), never by parsing text.
 */
export interface RequestProblem {
  field: string | null;
  code: string;
  text: string;
}

/**
 * A request the contract refuses: 400 for invalid input, 404 for an unknown name in a path.
 * `messages` holds one readable line per problem, each naming its field; `problems` the same
 * problems as data.
 */
export class RequestError extends Error {
  readonly problems: RequestProblem[];

  constructor(
    readonly status: 400 | 404,
    readonly messages: string[],
    problems?: RequestProblem[],
  ) {
    super(messages.join('; '));
    this.name = 'RequestError';
    this.problems = problems ?? messages.map((text) => ({ field: null, code: 'invalid', text }));
  }

  /** An error from problems given as data; its messages are their texts. */
  static of(status: 400 | 404, problems: RequestProblem[]): RequestError {
    return new RequestError(
      status,
      problems.map((p) => p.text),
      problems,
    );
  }
}
