import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { closestIds } from '@llm-calc/presets';
import { RequestError, type RequestProblem } from '@llm-calc/contracts';

/** The properties a DTO class declares (those with validation decorators). */
function declaredProperties(target: object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** " (did you mean efficiency?)" for an unknown property close to a declared one, else "". */
function unknownPropertyHint(e: ValidationError): string {
  if (!e.constraints?.['whitelistValidation'] || !e.target || typeof e.target !== 'object') return '';
  const close = closestIds(e.property.slice(0, 100), declaredProperties(e.target), 2);
  return close.length ? ` (did you mean ${close.join(' or ')}?)` : '';
}

/**
 * Flattens class-validator errors into problems: the field's request path, the constraint's name
 * as the code, and the "parent.child message" line that Nest's ValidationPipe would give, with the
 * closest declared property added to an unknown one when the errors keep their targets.
 */
export function validationProblems(errors: ValidationError[], parent = ''): RequestProblem[] {
  const problems: RequestProblem[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const hint = unknownPropertyHint(e);
    for (const [name, message] of Object.entries(e.constraints ?? {})) {
      const text = name === 'whitelistValidation' ? message + hint : message;
      problems.push({ field: path, code: name, text: parent ? `${parent}.${text}` : text });
    }
    if (e.children?.length) problems.push(...validationProblems(e.children, path));
  }
  return problems;
}

/** The problems' lines only (what the API answers in `message`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return validationProblems(errors, parent).map((p) => p.text);
}

/** A 400 RequestError carrying class-validator's errors as problems. */
export function validationRequestError(errors: ValidationError[]): RequestError {
  return RequestError.of(400, validationProblems(errors));
}

/** The same rules as the API's global ValidationPipe (whitelist, forbidNonWhitelisted, one problem per field), for the CLI. */
export function validatePlain<T extends object>(cls: new () => T, plain: unknown): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new RequestError(400, ['the request must be a JSON object']);
  }
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length) throw validationRequestError(errors);
  return instance;
}
