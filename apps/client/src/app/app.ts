import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { IsActiveMatchOptions, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatToolbar } from '@angular/material/toolbar';
import { ThemeService } from './shared/theme.service';
import { ApiTokenBanner } from './shared/api-token-banner';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbar, MatButton, MatIconButton, ApiTokenBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main">Skip to content</a>
    <mat-toolbar class="app-toolbar" role="banner">
      <a class="brand" routerLink="/">LLM Scaling Calculator</a>
      <nav class="nav" aria-label="Main">
        <a mat-button routerLink="/" routerLinkActive="active" [routerLinkActiveOptions]="calculatorActive" ariaCurrentWhenActive="page"
          >Calculator</a
        >
        <a mat-button routerLink="/visualize" routerLinkActive="active" ariaCurrentWhenActive="page">Visualize</a>
        <a mat-button routerLink="/compare" routerLinkActive="active" ariaCurrentWhenActive="page">Compare</a>
        <a mat-button routerLink="/training" routerLinkActive="active" ariaCurrentWhenActive="page">Training</a>
        <a mat-button routerLink="/serving" routerLinkActive="active" ariaCurrentWhenActive="page">Serving</a>
      </nav>
      <button
        mat-icon-button
        type="button"
        class="theme-toggle"
        (click)="theme.toggle()"
        [attr.aria-label]="toggleLabel()"
        [attr.aria-pressed]="theme.scheme() === 'dark'"
        [attr.title]="toggleLabel()"
      >
        <span aria-hidden="true">{{ theme.scheme() === 'dark' ? '☀' : '☾' }}</span>
      </button>
    </mat-toolbar>
    <main id="main" class="app-main" tabindex="-1">
      <app-api-token-banner />
      <router-outlet />
    </main>
    <footer class="app-footer">
      Estimates from an analytical model, not measurements. Units: GB = 10^9 bytes, GiB = 2^30 bytes; TB/s and FLOP/s are decimal.
    </footer>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-block-size: 100vh;
    }
    .app-toolbar {
      gap: 8px;
      flex-wrap: wrap;
      block-size: auto;
      min-block-size: 56px;
      padding-block: 4px;
    }
    .brand {
      color: inherit;
      text-decoration: none;
      font: var(--mat-sys-title-large);
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      min-inline-size: 0;
    }
    .nav {
      display: flex;
      gap: 4px;
      margin-inline-start: auto;
    }
    .nav a.active {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .theme-toggle span {
      font-size: 20px;
      line-height: 1;
    }
    .app-main {
      flex: 1;
      inline-size: 100%;
      max-inline-size: 1280px;
      margin-inline: auto;
      padding: 16px;
      box-sizing: border-box;
      outline: none;
    }
    .app-footer {
      padding: 12px 16px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      text-align: center;
    }
    .skip-link {
      position: absolute;
      inset-inline-start: -1000px;
    }
    .skip-link:focus {
      inset-inline-start: 8px;
      inset-block-start: 8px;
      z-index: 10;
      padding: 8px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    /* Four links and the brand do not share one row below ~720 px: the brand and the theme
       toggle keep the first row, the links take a full second row. */
    @media (max-width: 720px) {
      .brand {
        flex: 1 1 auto;
        order: 0;
      }
      .theme-toggle {
        order: 1;
      }
      .nav {
        order: 2;
        flex: 1 1 100%;
        margin-inline-start: 0;
      }
    }
    /* At 360 px the four links split the row evenly, with less padding. */
    @media (max-width: 480px) {
      .app-toolbar {
        padding-inline: 8px;
      }
      .brand {
        font: var(--mat-sys-title-medium);
      }
      .nav {
        display: grid;
        grid-template-columns: repeat(5, minmax(0, 1fr));
        gap: 2px;
      }
      .nav a {
        min-inline-size: 0;
        padding-inline: 2px;
      }
      .app-main {
        padding: 8px;
      }
    }
  `,
})
export class App {
  /** `/` with any query (the calculator keeps its inputs there), but no other path. */
  protected readonly calculatorActive: IsActiveMatchOptions = {
    paths: 'exact',
    queryParams: 'ignored',
    matrixParams: 'ignored',
    fragment: 'ignored',
  };
  protected readonly theme = inject(ThemeService);
  protected readonly toggleLabel = computed(() => (this.theme.scheme() === 'dark' ? 'Switch to light mode' : 'Switch to dark mode'));
}
