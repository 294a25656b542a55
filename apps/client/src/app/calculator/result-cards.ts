import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import type { CalculateResponse } from '@llm-calc/contracts';
import { ByteUnits } from '../shared/byte-units';
import { HelpTip } from '../shared/help-tip';
import { humanizeMessage } from '../shared/server-messages';
import { memoryVerdict } from '../shared/memory-verdict';
import { MemoryBar } from './memory-bar';
import { DOES_NOT_RUN, DOES_NOT_RUN_REASON, resultCards, type ResultCard } from './result-figures';

export { DOES_NOT_RUN } from './result-figures';

/** The four result cards, every figure of the response in readable units, and the memory bar. */
@Component({
  selector: 'app-result-cards',
  imports: [MatCard, MatCardHeader, MatCardTitle, MatCardContent, HelpTip, MemoryBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = result();
    @if (r.warnings.length > 0) {
      <section class="warnings" role="status" aria-label="Warnings">
        <strong>Warnings</strong>
        <ul>
          @for (warning of warnings(); track $index) {
            <li>{{ warning }}</li>
          }
        </ul>
      </section>
    }
    <div class="cards">
      @for (card of cards(); track card.title) {
        <mat-card appearance="outlined" [attr.data-testid]="'card-' + $index">
          <mat-card-header
            ><mat-card-title role="heading" aria-level="3">{{ card.title }}</mat-card-title></mat-card-header
          >
          <mat-card-content>
            <dl>
              @for (figure of card.figures; track figure.key) {
                <div class="row" [attr.data-figure]="figure.key">
                  <dt>{{ figure.label }} <app-help-tip [label]="figure.label" [text]="figure.help" /></dt>
                  <dd>
                    <span [class]="figure.chip ? 'chip ' + figure.chip : ''" [attr.title]="figure.value === doesNotRun ? reason : null">{{
                      figure.value
                    }}</span>
                    @if (figure.note) {
                      <small class="note">{{ figure.note }}</small>
                    }
                  </dd>
                </div>
              }
            </dl>
          </mat-card-content>
        </mat-card>
      }
    </div>
    <mat-card appearance="outlined" class="bar-card">
      <mat-card-content>
        <app-memory-bar
          [perGpu]="r.memory.per_gpu"
          [capacityBytes]="r.memory.gpu_memory_bytes"
          [verdict]="verdict()"
          [allowances]="r.inputs.runtime === 'roofline'"
        />
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      gap: 16px;
    }
    @media (max-width: 600px) {
      .cards {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    mat-card {
      min-inline-size: 0;
    }
    dl {
      margin: 8px 0 0;
    }
    .row {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      gap: 8px;
      padding-block: 4px;
      border-block-end: 1px solid var(--mat-sys-outline-variant);
    }
    .row:last-child {
      border-block-end: none;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    dd {
      margin: 0;
      text-align: end;
      font-variant-numeric: tabular-nums;
      font-weight: 500;
      overflow-wrap: anywhere;
    }
    dd .note {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
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
    .bar-card {
      margin-block-start: 16px;
    }
    .warnings {
      margin-block-end: 16px;
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .warnings ul {
      margin: 4px 0 0;
      padding-inline-start: 20px;
    }
  `,
})
export class ResultCards {
  private readonly units = inject(ByteUnits);
  readonly result = input.required<CalculateResponse>();
  protected readonly verdict = computed(() => memoryVerdict(this.result().memory));
  protected readonly doesNotRun = DOES_NOT_RUN;
  protected readonly reason = DOES_NOT_RUN_REASON;
  /** The engine's caveats in the form's words (labels, formatted numbers). */
  protected readonly warnings = computed(() => this.result().warnings.map((w) => humanizeMessage(w).text));

  protected readonly cards = computed<ResultCard[]>(() => resultCards(this.result(), (value) => this.units.format(value)));
}
