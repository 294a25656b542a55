import type { Provider } from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS, type MatFormFieldDefaultOptions } from '@angular/material/form-field';

/**
 * Labels always sit above the value, in the small type: an empty field's label in the large type
 * ran under the "?" suffix. Nearly every field is required, so no asterisks. Provided by each
 * lazy form page (not the app config, which would pull the form field into the initial bundle).
 */
export const FORM_FIELD_DEFAULTS: Provider = {
  provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
  useValue: { floatLabel: 'always', hideRequiredMarker: true } satisfies MatFormFieldDefaultOptions,
};
