import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';

export type ColorScheme = 'light' | 'dark';

const STORAGE_KEY = 'llm-calc.color-scheme';

/**
 * Light/dark mode. Follows the operating system (prefers-color-scheme) until the user picks one,
 * then remembers that choice in localStorage. The Material 3 theme is built with light-dark()
 * colours, so switching is a matter of the root element's `color-scheme`.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly window = this.document.defaultView;
  private readonly query = this.window?.matchMedia?.('(prefers-color-scheme: dark)') ?? null;

  /** The system's preference, kept current while the page is open. */
  private readonly systemScheme = signal<ColorScheme>(this.query?.matches ? 'dark' : 'light');
  /** The user's explicit choice, or null to follow the system. */
  readonly chosenScheme = signal<ColorScheme | null>(this.readStoredChoice());
  readonly scheme = computed<ColorScheme>(() => this.chosenScheme() ?? this.systemScheme());

  constructor() {
    this.query?.addEventListener?.('change', (event) => this.systemScheme.set(event.matches ? 'dark' : 'light'));
    this.apply(this.chosenScheme());
  }

  toggle(): void {
    const next: ColorScheme = this.scheme() === 'dark' ? 'light' : 'dark';
    this.chosenScheme.set(next);
    try {
      this.window?.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage can be unavailable (private mode, sandboxed frames); the choice then lasts the session.
    }
    this.apply(next);
  }

  private apply(choice: ColorScheme | null): void {
    const root = this.document.documentElement;
    root.style.colorScheme = choice ?? '';
    root.classList.toggle('theme-dark', choice === 'dark');
    root.classList.toggle('theme-light', choice === 'light');
  }

  private readStoredChoice(): ColorScheme | null {
    try {
      const stored = this.window?.localStorage.getItem(STORAGE_KEY);
      return stored === 'light' || stored === 'dark' ? stored : null;
    } catch {
      return null;
    }
  }
}
