/**
 * The one seam between the contracts' errors and the CLI's wording: every request problem the CLI
 * prints comes from here as a structured item {field, code, text}, so that no other file reads
 * English messages to find out what they are about.
 *
 * Today libs/contracts' validatePlain throws a RequestError with message lines only. Until it
 * returns structured problems, validation runs here with the same rules (whitelist,
 * forbidNonWhitelisted) and the same words (the contracts' flattenValidationErrors, one constraint
 * at a time), keeping class-validator's own structure: the property path as `field`, the
 * constraint name as `code`. When the contracts carry `problems` on RequestError, point
 * `validateRequest` at validatePlain and `problemsOf` at `error.problems`, and delete the rest.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { flattenValidationErrors, RequestError } from '@llm-calc/contracts';

/** One problem with a request: the request path, the class-validator constraint name, the words. */
export interface RequestProblem {
  /** Request path such as `custom_model.hidden_size`; '' when the problem is the whole request. */
  field: string;
  /** Constraint name (`min`, `isInt`, `isDefined`, `whitelistValidation`...); see LEGACY_CODE. */
  code: string;
  /** The contract's sentence, word for word (as the API answers it). */
  text: string;
}

/** Code of a problem raised by the contracts' use cases (unknown preset, impossible combination). */
export const LEGACY_CODE = 'request';

/** A request refused by the contract, as structured problems. */
export class RequestProblems extends Error {
  constructor(readonly problems: readonly RequestProblem[]) {
    super(problems.map((p) => p.text).join('; '));
    this.name = 'RequestProblems';
  }
}

function collect(errors: readonly ValidationError[], parent: string, out: RequestProblem[]): void {
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const code of Object.keys(e.constraints ?? {})) {
      // The contracts' own wording of this one constraint ("did you mean" hints included).
      const single: ValidationError = { ...e, constraints: { [code]: (e.constraints as Record<string, string>)[code] }, children: [] };
      for (const text of flattenValidationErrors([single], parent)) out.push({ field, code, text });
    }
    if (e.children?.length) collect(e.children, field, out);
  }
}

/** validatePlain's rules and words, with structured problems (thrown as RequestProblems). */
export function validateRequest<T extends object>(cls: new () => T, plain: unknown): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new RequestProblems([{ field: '', code: 'isObject', text: 'the request must be a JSON object' }]);
  }
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const problems: RequestProblem[] = [];
    collect(errors, '', problems);
    throw new RequestProblems(problems);
  }
  return instance;
}

/**
 * The problems of a RequestError raised after validation (an unknown preset, both model and
 * custom_model...). Those carry no field yet: the contracts start each line with the field it is
 * about ("model 'x' is not a known preset", "values: 3 is above ..."), which is taken as the field
 * here, and only here, until the contracts say it themselves.
 */
export function problemsOf(error: RequestError): RequestProblem[] {
  const structured = (error as RequestError & { problems?: readonly RequestProblem[] }).problems;
  if (Array.isArray(structured)) return [...structured];
  return error.messages.map((text) => ({ field: text.split(' ')[0].replace(/:$/, ''), code: LEGACY_CODE, text }));
}
