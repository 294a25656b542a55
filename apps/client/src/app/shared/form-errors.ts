import { AbstractControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import type { FieldSpec } from '@llm-calc/fields';

/** Validators and `<mat-error>` messages of every form (calculator, /compare, /training). */

/** Whole numbers only (an `<input type=number>` accepts 1.5). Empty is left to `required`. */
export const integerValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = control.value as number | null;
  if (value === null || value === undefined || (value as unknown) === '') return null;
  return Number.isInteger(value) ? null : { integer: true };
};

/** A required (or, with `required` false, optional) whole number in [min, max]. */
export function wholeNumber(min: number, max: number, required = true): ValidatorFn[] {
  const validators = [integerValidator, Validators.min(min), Validators.max(max)];
  return required ? [Validators.required, ...validators] : validators;
}

const LIMIT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** A fraction in (0, 1]: efficiencies and MFU. */
export const fractionValidators: ValidatorFn[] = [Validators.required, Validators.min(0.01), Validators.max(1)];

/** Greater than `min`, not equal to it (an efficiency of 0 means nothing runs). */
function exclusiveMin(min: number): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value = control.value as number | null;
    if (value === null || value === undefined || (value as unknown) === '') return null;
    return value > min ? null : { exclusiveMin: { min } };
  };
}

/**
 * The validators of a number field from its registry record (@llm-calc/fields): whole numbers
 * for integers, and its range. `required` is the form's choice: a field the form may leave
 * empty for the server's default is not required here even if the request needs a value.
 */
export function fieldValidators(spec: FieldSpec, required: boolean): ValidatorFn[] {
  const validators: ValidatorFn[] = required ? [Validators.required] : [];
  if (spec.type === 'integer') validators.push(integerValidator);
  if (spec.min !== undefined) validators.push(spec.exclusiveMin ? exclusiveMin(spec.min) : Validators.min(spec.min));
  if (spec.max !== undefined) validators.push(Validators.max(spec.max));
  if (spec.maxLength !== undefined) validators.push(Validators.maxLength(spec.maxLength));
  return validators;
}

/** Readable message for the first error of a control. */
export function controlErrorMessage(control: AbstractControl | null): string {
  const errors = control?.errors;
  if (!errors) return '';
  // The server's message (see CalculatorStore) names what the client's rules cannot see.
  if (errors['server']) return String(errors['server']);
  if (errors['required']) return 'Required';
  if (errors['integer']) return 'Must be a whole number';
  if (errors['min']) return `Must be at least ${LIMIT.format((errors['min'] as { min: number }).min)}`;
  if (errors['exclusiveMin']) return `Must be more than ${LIMIT.format((errors['exclusiveMin'] as { min: number }).min)}`;
  if (errors['max']) return `Must be at most ${LIMIT.format((errors['max'] as { max: number }).max)}`;
  if (errors['maxlength']) return `At most ${(errors['maxlength'] as { requiredLength: number }).requiredLength} characters`;
  return 'Invalid value';
}
