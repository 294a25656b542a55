import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { Subscription } from 'rxjs';
import type { SweepResponse } from '@llm-calc/contracts';
import { ApiService, describeApiError } from '../shared/api.service';
import { CatalogueStore } from '../shared/catalogue-store';
import { RequestState } from '../shared/request-state';
import type { CalculationRun } from './calculator-store';
import { resultFileName } from './result-export';
import { ScalingChart } from './scaling-chart';
import { SCALING_CHART_IDS, ScalingChartId, scalingSweepRequests } from './scaling-sweeps';

type SweepRecord<T> = Record<ScalingChartId, T>;
const sweepRecord = <T>(value: T): SweepRecord<T> => ({ context: value, batch: value, gpus: value });

/** The three scaling charts of a result: one POST /api/sweep each, asked for when the result arrives. */
@Component({
  selector: 'app-scaling-section',
  imports: [MatCard, MatCardContent, MatCardHeader, MatCardTitle, ScalingChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" data-testid="scaling-card">
      <mat-card-header><mat-card-title role="heading" aria-level="3">Scaling</mat-card-title></mat-card-header>
      <mat-card-content>
        <p class="note">The same configuration with one input varied. Red crosses mark configurations that do not fit in GPU memory.</p>
        <div class="charts">
          @for (chart of charts; track chart.id) {
            <app-scaling-chart
              [chart]="chart.id"
              [title]="chart.title"
              [sweep]="sweeps()[chart.id]"
              [state]="states()[chart.id]"
              [fileName]="fileName(chart.id)"
            />
          }
        </div>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .note {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(320px, 100%), 1fr));
      gap: 24px;
    }
  `,
})
export class ScalingSection {
  private readonly api = inject(ApiService);
  private readonly catalogue = inject(CatalogueStore);
  readonly run = input.required<CalculationRun>();

  protected readonly charts: readonly { id: ScalingChartId; title: string }[] = [
    { id: 'context', title: 'Memory per GPU against context length' },
    { id: 'batch', title: 'Tokens/s against batch size' },
    { id: 'gpus', title: 'Aggregate tokens/s against number of GPUs' },
  ];
  protected readonly states = signal<SweepRecord<RequestState>>(sweepRecord<RequestState>('idle'));
  protected readonly sweeps = signal<SweepRecord<SweepResponse | null>>(sweepRecord<SweepResponse | null>(null));
  private readonly baseName = computed(() => resultFileName(this.run().response, '').replace(/\.$/, ''));

  constructor() {
    let requests = new Subscription();
    inject(DestroyRef).onDestroy(() => requests.unsubscribe());
    effect(() => {
      const { request } = this.run();
      untracked(() => {
        requests.unsubscribe();
        requests = new Subscription();
        this.sweeps.set(sweepRecord<SweepResponse | null>(null));
        this.states.set(sweepRecord<RequestState>('loading'));
        const maxContext = request.custom_model
          ? (request.custom_model.max_position_embeddings ?? null)
          : (this.catalogue.model(request.model)?.max_position_embeddings ?? null);
        const sweeps = scalingSweepRequests(request, maxContext);
        for (const id of SCALING_CHART_IDS) {
          requests.add(
            this.api.sweep(sweeps[id]).subscribe({
              next: (sweep) => {
                this.sweeps.update((all) => ({ ...all, [id]: sweep }));
                this.states.update((all) => ({ ...all, [id]: 'loaded' }));
              },
              error: (error: unknown) => this.states.update((all) => ({ ...all, [id]: { error: describeApiError(error) } })),
            }),
          );
        }
      });
    });
  }

  protected fileName(chart: ScalingChartId): string {
    return `${this.baseName()}-${chart}`;
  }
}
