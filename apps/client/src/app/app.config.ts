import {
  ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideHttpClient, withFetch } from '@angular/common/http';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS, MatFormFieldDefaultOptions } from '@angular/material/form-field';
import { appRoutes } from './app.routes';

// Chart.js is registered in the lazy /visualize route (visualize.routes.ts), not here, so the
// calculator's initial bundle carries none of it.
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withFetch()),
    provideRouter(appRoutes, withComponentInputBinding()),
    // Labels always sit above the value, in the small type: an empty field's label in the large
    // type ran under the "?" suffix. Nearly every field is required, so no asterisks.
    {
      provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
      useValue: { floatLabel: 'always', hideRequiredMarker: true } satisfies MatFormFieldDefaultOptions,
    },
  ],
};
