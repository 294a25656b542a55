/**
 * The one seam between the contracts' errors and the CLI's wording: every request problem the CLI
 * prints comes from here as a structured item {field, code, text}, so that no other file reads
 * English messages to find out what they are about.
 *
 * libs/contracts' RequestError carries `problems` ({field, code, text}: the request path, the
 * class-validator constraint name or the contracts' own code, the API's sentence); this file hands
 * them on, and is the only place that fills in a field the contracts did not give.
 */
import { RequestError } from '@llm-calc/contracts';
import { validatePlain } from '@llm-calc/dto';

/** One problem with a request: the request path, the class-validator constraint name, the words. */
export interface RequestProblem {
  /** Request path such as `custom_model.hidden_size`; '' when the problem is the whole request. */
  field: string;
  /** Constraint name (`min`, `isInt`, `isDefined`, `whitelistValidation`...) or the contracts' own code. */
  code: string;
  /** The contract's sentence, word for word (as the API answers it). */
  text: string;
}

/** The contracts' code of a problem raised with message lines only (no field given). */
export const LEGACY_CODE = 'invalid';

/** A request refused by the contract, as structured problems. */
export class RequestProblems extends Error {
  constructor(readonly problems: readonly RequestProblem[]) {
    super(problems.map((p) => p.text).join('; '));
    this.name = 'RequestProblems';
  }
}

/** The contracts' validatePlain, its refusal thrown as RequestProblems. */
export function validateRequest<T extends object>(cls: new () => T, plain: unknown): T {
  try {
    return validatePlain(cls, plain);
  } catch (e) {
    if (e instanceof RequestError) throw new RequestProblems(problemsOf(e));
    throw e;
  }
}

/**
 * The problems of a RequestError as the CLI words them. A problem the contracts still raise as a
 * message line only (field null, code 'invalid') names its field as its first word ("model 'x' is
 * not a known preset", "values: 3 is above ..."); that word is taken as the field here, and only
 * here, until every such error in the contracts gives its field.
 */
export function problemsOf(error: RequestError): RequestProblem[] {
  return error.problems.map((p) => ({
    field: p.field ?? (p.code === LEGACY_CODE ? p.text.split(' ')[0].replace(/:$/, '') : ''),
    code: p.code,
    text: p.text,
  }));
}
