import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { GpuListItem } from '@llm-calc/contracts';
import { ByteUnits } from '../shared/byte-units';
import { formatTokensPerSecond, formatUsd } from '../shared/format.pipes';
import { VERDICT_LABELS, memoryVerdict } from '../shared/memory-verdict';
import type { CalculationRun } from './calculator-store';
import type { FitPatch } from './fit-options';
import { FitSuggestions } from './fit-suggestions';
import { runTitle } from './run-title';
import { formatWithRange } from '../shared/range-format';
import { runtimeLabel } from './calculator-form';

/**
 * The headline of a result, kept beside the form (or under it on a phone): what was computed,
 * whether it fits, and — only when it does — its speed and price; when it does not, the nearest
 * changes that would. Says so when the form has changed since.
 */
@Component({
  selector: 'app-result-summary',
  imports: [MatButton, FitSuggestions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = run().response;
    <section class="summary" [class.stale]="stale()" aria-labelledby="summary-title" data-testid="result-summary">
      @if (stale()) {
        <div class="stale-banner" role="status" data-testid="stale-banner">
          <span><strong>Inputs changed</strong> — these results are for the inputs below, not the form.</span>
          <button mat-flat-button type="button" (click)="recalculate.emit()" data-testid="recalculate">Recalculate</button>
        </div>
      }
      <h2 id="summary-title" class="title" data-testid="summary-title">{{ title() }}</h2>
      <p class="verdict">
        <span [class]="'chip ' + verdict()" data-testid="summary-verdict">{{ verdictLabel() }}</span>
        @if (r.memory.reserved_bytes !== null) {
          <span data-testid="summary-memory">
            {{ units.format(r.memory.per_gpu_bytes) }} needed, {{ units.format(r.memory.reserved_bytes) }} reserved by {{ runtime() }}, of
            {{ units.format(r.memory.gpu_memory_bytes) }} per GPU
          </span>
        } @else {
          <span data-testid="summary-memory"
            >{{ units.format(r.memory.per_gpu_bytes) }} of {{ units.format(r.memory.gpu_memory_bytes) }} per GPU</span
          >
        }
      </p>
      @switch (verdict()) {
        @case ('no') {
          <p class="warning" data-testid="summary-no-fit">
            It would not run: each GPU needs {{ units.format(-r.memory.headroom_bytes) }} more than it has, so no speed or price is given.
          </p>
          <app-fit-suggestions [run]="run()" [gpu]="gpu()" (choose)="choose.emit($event)" />
        }
        @case ('tight') {
          <p class="caution" data-testid="summary-tight">
            Only {{ units.format(r.memory.headroom_bytes) }} is left on each GPU. Serving frameworks reserve more than the 5% counted here
            (CUDA graphs, allocator pools; vLLM uses 90% of memory by default): expect it not to load, or leave 5–10% free.
          </p>
        }
      }
      @if (verdict() !== 'no') {
        <dl class="headline">
          <div>
            <dt>Per sequence</dt>
            <dd data-testid="summary-tps">{{ perSequence() }}</dd>
          </div>
          <div>
            <dt>Aggregate</dt>
            <dd data-testid="summary-aggregate">{{ aggregate() }}</dd>
          </div>
          @if (r.cost.cost_per_million_tokens !== null) {
            <div>
              <dt>Per million tokens</dt>
              <dd>{{ usd(r.cost.cost_per_million_tokens) }}</dd>
            </div>
          }
        </dl>
      }
      <a class="details" href="#results-heading" (click)="toDetails($event)">All figures and charts ↓</a>
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    .summary {
      display: grid;
      gap: 8px;
    }
    .summary.stale .title,
    .summary.stale .verdict,
    .summary.stale .headline {
      opacity: 0.6;
    }
    .title {
      font: var(--mat-sys-title-medium);
      margin: 0;
      overflow-wrap: anywhere;
    }
    .verdict {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin: 0;
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
    .warning,
    .caution {
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
    }
    .warning {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .caution {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .headline {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 24px;
      margin: 0;
    }
    .headline dt {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .headline dd {
      margin: 0;
      font: var(--mat-sys-title-large);
      font-variant-numeric: tabular-nums;
    }
    .stale-banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .details {
      justify-self: start;
    }
  `,
})
export class ResultSummary {
  protected readonly units = inject(ByteUnits);
  readonly run = input.required<CalculationRun>();
  readonly stale = input(false);
  readonly gpu = input<GpuListItem | null>(null);
  readonly recalculate = output<void>();
  readonly choose = output<FitPatch>();

  protected readonly title = computed(() => runTitle(this.run().response));
  protected readonly verdict = computed(() => memoryVerdict(this.run().response.memory));
  protected readonly verdictLabel = computed(() => VERDICT_LABELS[this.verdict()]);
  /** "52 tok/s, 44–58": the estimate and the band its runtime's measured errors give it. */
  protected readonly perSequence = computed(() => {
    const p = this.run().response.performance;
    return formatWithRange(p.tokens_per_second, p.tokens_per_second_range, formatTokensPerSecond);
  });
  protected readonly aggregate = computed(() => {
    const p = this.run().response.performance;
    return formatWithRange(p.aggregate_tokens_per_second, p.aggregate_tokens_per_second_range, formatTokensPerSecond);
  });
  protected readonly runtime = computed(() => runtimeLabel(this.run().response.inputs.runtime));
  protected readonly usd = formatUsd;

  protected toDetails(event: Event): void {
    event.preventDefault();
    const target = document.getElementById('results-heading');
    target?.scrollIntoView({ block: 'start' });
    (target?.closest('section') as HTMLElement | null)?.focus({ preventScroll: true });
  }
}
