import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { tap } from 'rxjs';

const STORAGE_KEY = 'llm-calc.api-token';

/**
 * The API token of a server started with API_TOKEN (saving models and logging runs need
 * `Authorization: Bearer <token>`). Kept in sessionStorage: it lasts while the tab is open and is
 * not written to disk for good, and it is sent only to this page's own origin (apiTokenInterceptor).
 * `needed` turns true when the server answers a write with 401, so the shell can ask for it.
 */
@Injectable({ providedIn: 'root' })
export class ApiTokenStore {
  private readonly storage = readStorage(inject(DOCUMENT).defaultView);
  readonly token = signal<string | null>(this.read());
  /** The server refused a write for want of the (right) token since the last token was set. */
  readonly needed = signal(false);
  /** The server's words for the last refusal ("this request needs the API token" / "the token is not right"). */
  readonly reason = signal<string | null>(null);

  set(token: string): void {
    const value = token.trim();
    if (!value) return;
    this.token.set(value);
    this.needed.set(false);
    this.reason.set(null);
    try {
      this.storage?.setItem(STORAGE_KEY, value);
    } catch {
      // Storage can be unavailable (private mode); the token then lasts until the page reloads.
    }
  }

  clear(): void {
    this.token.set(null);
    try {
      this.storage?.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  }

  /** Called by the interceptor on a 401 from the API. */
  refused(reason: string | null): void {
    this.needed.set(true);
    this.reason.set(reason);
  }

  dismiss(): void {
    this.needed.set(false);
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(STORAGE_KEY) || null;
    } catch {
      return null;
    }
  }
}

function readStorage(win: Window | null): Storage | null {
  try {
    return win?.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Whether a request goes to this page's own API (a relative `/api/...` URL, or this origin's). */
export function isOwnApi(url: string, origin: string | undefined): boolean {
  if (url.startsWith('/api/')) return true;
  if (!origin) return false;
  return url.startsWith(`${origin}/api/`);
}

/**
 * Adds the stored token to requests to this origin's API, and tells the store when the API
 * answers 401 (the server was started with API_TOKEN and the token is missing or wrong).
 */
export const apiTokenInterceptor: HttpInterceptorFn = (req, next) => {
  const store = inject(ApiTokenStore);
  const origin = inject(DOCUMENT).defaultView?.location?.origin;
  if (!isOwnApi(req.url, origin)) return next(req);
  const token = store.token();
  const sent = token && !req.headers.has('Authorization') ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
  return next(sent).pipe(
    tap({
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) store.refused(firstLine(error.error));
      },
    }),
  );
};

function firstLine(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const message = (body as { message?: unknown }).message;
  const line = Array.isArray(message) ? message[0] : message;
  return typeof line === 'string' ? line.split(':')[0] || null : null;
}
