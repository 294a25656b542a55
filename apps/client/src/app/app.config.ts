import { ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { appRoutes } from './app.routes';
import { apiTokenInterceptor } from './shared/api-token';

// Chart.js is registered in the lazy /visualize route (visualize.routes.ts), not here, so the
// calculator's initial bundle carries none of it.
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withFetch(), withInterceptors([apiTokenInterceptor])),
    provideRouter(appRoutes, withComponentInputBinding()),
  ],
};
