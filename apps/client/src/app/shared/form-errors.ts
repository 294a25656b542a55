import { AbstractControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';

/**
 * Validators and `<mat-error>` messages for the planning forms (/compare, /training). The
 * calculator keeps its own in calculator-form.ts; these are the same rules, shared by the
 * planning pages without reaching into the calculator's route.
 */

/** Whole numbers only (an `<input type=number>` accepts 1.5). Empty is left to `required`. */
export const integerValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = control.value as number | null;
  if (value === null || value === undefined || (value as unknown) === '') return null;
  return Number.isInteger(value) ? null : { integer: true };
};

export function wholeNumber(min: number, max: number): ValidatorFn[] {
  return [Validators.required, integerValidator, Validators.min(min), Validators.max(max)];
}

/** A fraction in (0, 1]: efficiencies and MFU. */
export const fractionValidators: ValidatorFn[] = [Validators.required, Validators.min(0.01), Validators.max(1)];

/** Readable message for the first error of a control. */
export function controlErrorMessage(control: AbstractControl | null): string {
  const errors = control?.errors;
  if (!errors) return '';
  if (errors['required']) return 'Required';
  if (errors['integer']) return 'Must be a whole number';
  if (errors['min']) return `Must be at least ${(errors['min'] as { min: number }).min}`;
  if (errors['max']) return `Must be at most ${(errors['max'] as { max: number }).max}`;
  return 'Invalid value';
}
