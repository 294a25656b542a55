import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { formatTokensPerSecond } from '../shared/format.pipes';
import { VERDICT_LABELS, memoryVerdict } from '../shared/memory-verdict';
import { formatWithRange } from '../shared/range-format';
import type { CalculationRun } from './calculator-store';

/**
 * Calculate, and the result's headline beside it. Kept in reach: at the top of the results column
 * on wide screens, stuck to the bottom of the window on narrow ones (`compact`).
 */
@Component({
  selector: 'app-action-bar',
  imports: [MatButton, MatProgressSpinner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bar" [class.compact]="compact()" data-testid="action-bar">
      <button mat-flat-button [type]="submit() ? 'submit' : 'button'" [disabled]="loading()" (click)="onClick()" data-testid="calculate">
        @if (loading()) {
          <mat-progress-spinner mode="indeterminate" diameter="18" aria-hidden="true" />
          Calculating…
        } @else {
          {{ stale() ? 'Recalculate' : 'Calculate' }}
        }
      </button>
      <span class="visually-hidden" aria-live="polite">{{ loading() ? 'Calculating' : '' }}</span>
      @if (headline(); as h) {
        <span class="headline" data-testid="action-headline">
          <span [class]="'chip ' + h.verdict">{{ h.label }}</span>
          @if (h.speed) {
            <span class="speed">{{ h.speed }}</span>
          }
          @if (stale()) {
            <span class="stale">(earlier inputs)</span>
          }
        </span>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    .bar.compact {
      flex-wrap: nowrap;
    }
    button {
      min-inline-size: 140px;
    }
    mat-progress-spinner {
      display: inline-block;
      margin-inline-end: 8px;
      vertical-align: middle;
    }
    .headline {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-inline-size: 0;
      flex-wrap: wrap;
    }
    .chip {
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      white-space: nowrap;
    }
    .chip.fits {
      background: #c8e6c9;
      color: #1b5e20;
    }
    .chip.tight {
      background: #ffe0b2;
      color: #8a3c00;
    }
    .chip.no {
      background: #ffcdd2;
      color: #b71c1c;
    }
    .speed {
      font: var(--mat-sys-title-medium);
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .stale {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ActionBar {
  readonly run = input<CalculationRun | null>(null);
  readonly loading = input(false);
  readonly stale = input(false);
  readonly compact = input(false);
  /** A submit button of the surrounding form (Enter in a field submits too), or a plain button outside it. */
  readonly submit = input(false);
  readonly calculate = output<void>();

  protected readonly headline = computed(() => {
    const r = this.run()?.response;
    if (!r) return null;
    const verdict = memoryVerdict(r.memory);
    return {
      verdict,
      label: VERDICT_LABELS[verdict],
      speed:
        verdict === 'no'
          ? null
          : formatWithRange(r.performance.tokens_per_second, r.performance.tokens_per_second_range, formatTokensPerSecond),
    };
  });

  protected onClick(): void {
    // A submit button reaches the page through the form's ngSubmit.
    if (!this.submit()) this.calculate.emit();
  }
}
