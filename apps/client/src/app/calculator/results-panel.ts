import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { ByteUnit, ByteUnits } from '../shared/byte-units';
import { DownloadService } from '../shared/download';
import type { CalculationRun } from './calculator-store';
import { ResultCards } from './result-cards';
import { resultCsv, resultFileName, resultJson } from './result-export';
import { runTitle } from './run-title';
import { ScalingSection } from './scaling-section';

/** Every figure of a result, its downloads and the scaling charts, under a heading naming what was computed. */
@Component({
  selector: 'app-results-panel',
  imports: [MatButton, MatButtonToggleGroup, MatButtonToggle, ResultCards, ScalingSection],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = run().response;
    <section class="results" [class.stale]="stale()" aria-labelledby="results-heading" tabindex="-1" data-testid="results">
      <div class="results-head">
        <h2 id="results-heading">Results for {{ title() }}</h2>
        <span class="spacer"></span>
        <mat-button-toggle-group
          [value]="units.unit()"
          (change)="setUnit($event.value)"
          aria-label="Memory unit"
          hideSingleSelectionIndicator
          data-testid="byte-unit"
        >
          <mat-button-toggle value="GB" title="Decimal: 1 GB = 10^9 bytes (GPU makers' labels)">GB</mat-button-toggle>
          <mat-button-toggle value="GiB" title="Binary: 1 GiB = 2^30 bytes (nvidia-smi, PyTorch)">GiB</mat-button-toggle>
        </mat-button-toggle-group>
        <button mat-stroked-button type="button" (click)="downloadJson()" data-testid="download-json">Download JSON</button>
        <button mat-stroked-button type="button" (click)="downloadCsv()" data-testid="download-csv">Download CSV</button>
      </div>
      @if (stale()) {
        <p class="stale-note" role="status" data-testid="results-stale">
          The form has changed since: these figures are for the inputs in the heading.
          <button mat-button type="button" (click)="recalculate.emit()">Recalculate</button>
        </p>
      }
      <app-result-cards [result]="r" />
      <app-scaling-section class="scaling" [run]="run()" />
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    .results {
      outline: none;
    }
    .results.stale app-result-cards {
      opacity: 0.6;
    }
    .results-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      margin: 0 0 12px;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0;
      overflow-wrap: anywhere;
      min-inline-size: 0;
    }
    .spacer {
      flex: 1 1 auto;
    }
    .stale-note {
      margin: 0 0 12px;
      padding: 4px 4px 4px 12px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .scaling {
      margin-block-start: 16px;
    }
  `,
})
export class ResultsPanel {
  private readonly download = inject(DownloadService);
  protected readonly units = inject(ByteUnits);
  readonly run = input.required<CalculationRun>();
  readonly stale = input(false);
  readonly recalculate = output<void>();

  protected readonly title = computed(() => runTitle(this.run().response));

  protected setUnit(unit: ByteUnit): void {
    this.units.set(unit);
  }

  protected downloadJson(): void {
    const r = this.run().response;
    this.download.text(resultJson(r), resultFileName(r, 'json'), 'application/json');
  }

  protected downloadCsv(): void {
    const r = this.run().response;
    this.download.text(resultCsv(r), resultFileName(r, 'csv'), 'text/csv;charset=utf-8');
  }
}
