import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { RequestError } from './request-error';

/** Flattens class-validator errors into "parent.child message" lines, as Nest's ValidationPipe does. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      lines.push(parent ? `${parent}.${message}` : message);
    }
    if (e.children?.length) lines.push(...flattenValidationErrors(e.children, path));
  }
  return lines;
}

/** The same rules as the API's global ValidationPipe (whitelist, forbidNonWhitelisted), for the CLI. */
export function validatePlain<T extends object>(cls: new () => T, plain: unknown): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new RequestError(400, ['the request must be a JSON object']);
  }
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new RequestError(400, flattenValidationErrors(errors));
  return instance;
}
