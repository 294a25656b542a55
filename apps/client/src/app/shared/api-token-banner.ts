import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatInput, MatLabel } from '@angular/material/input';
import { ApiTokenStore } from './api-token';

/**
 * Shown when the server refused a write (saving a model, logging a run) because it was started
 * with API_TOKEN: asks for the token, which the interceptor then sends with this tab's requests.
 */
@Component({
  selector: 'app-api-token-banner',
  imports: [MatButton, MatFormField, MatInput, MatLabel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.needed()) {
      <section class="token-banner" role="region" aria-label="API token" data-testid="api-token-banner">
        <p class="token-text" role="status">
          {{ store.token() ? 'The server did not accept the API token.' : 'This server needs an API token to save models and log runs.' }}
          Enter the token it was started with (API_TOKEN); it is kept for this tab only. Then run the calculation again.
        </p>
        <form class="token-form" (submit)="save($event)">
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="token-field">
            <mat-label>API token</mat-label>
            <input
              matInput
              type="password"
              autocomplete="off"
              data-testid="api-token-input"
              [value]="draft()"
              (input)="draft.set($any($event.target).value)"
            />
          </mat-form-field>
          <button mat-flat-button type="submit" data-testid="api-token-save" [disabled]="!draft().trim()">Use token</button>
          <button mat-button type="button" (click)="store.dismiss()">Dismiss</button>
        </form>
      </section>
    }
  `,
  styles: `
    .token-banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      margin-block-end: 16px;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .token-text {
      flex: 1 1 320px;
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .token-form {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .token-field {
      inline-size: min(260px, 100%);
    }
  `,
})
export class ApiTokenBanner {
  protected readonly store = inject(ApiTokenStore);
  protected readonly draft = signal('');

  protected save(event: Event): void {
    event.preventDefault();
    this.store.set(this.draft());
    this.draft.set('');
  }
}
