import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { closestIds } from '@llm-calc/presets';
import { RequestError } from './request-error';

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
 * Flattens class-validator errors into "parent.child message" lines, as Nest's ValidationPipe does,
 * adding the closest declared property to an unknown one when the errors keep their targets.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const hint = unknownPropertyHint(e);
    for (const [name, message] of Object.entries(e.constraints ?? {})) {
      const text = name === 'whitelistValidation' ? message + hint : message;
      lines.push(parent ? `${parent}.${text}` : text);
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
