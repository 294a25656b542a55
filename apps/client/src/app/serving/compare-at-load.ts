import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import type { RecommendResponse, ServingSlaWire } from '@llm-calc/contracts';
import { describeApiError } from '../shared/api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { RecommendTable } from './recommend-table';
import { ServingApiService, type ServingWorkloadRequest } from './serving-api.service';

/** The chat-like load the "at load" mode assumes unless told otherwise. */
export const AT_LOAD_WORKLOAD: ServingWorkloadRequest = {
  arrival: 'poisson',
  request_rate: 10,
  num_requests: 300,
  input_tokens: { distribution: 'lognormal', mean: 1024, sigma: 0.6 },
  output_tokens: { distribution: 'lognormal', mean: 256, sigma: 0.6 },
  seed: 1,
};
export const AT_LOAD_SLA: ServingSlaWire = { ttft_p90_seconds: 1, tpot_p90_seconds: 0.05 };

/**
 * The /compare page's "at load" mode, kept in the serving folder for the compare page to embed:
 * the chosen GPUs ranked by what it costs to serve a request load within an SLA (POST
 * /api/recommend restricted to them), instead of at batch 1. Reruns when its inputs change.
 *
 *   <app-compare-at-load [model]="modelId" [gpus]="gpuIds" />
 */
@Component({
  selector: 'app-compare-at-load',
  imports: [RecommendTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="sub" data-testid="at-load-summary">{{ summary() }}</p>
    @if (error(); as message) {
      <div class="error-box" role="alert" data-testid="at-load-error">{{ message }}</div>
    } @else if (state() === 'loading') {
      <p class="sub">Searching deployments…</p>
    }
    @if (result(); as r) {
      <app-recommend-table [result]="r" />
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .error-box {
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class CompareAtLoad {
  readonly model = input.required<string>();
  readonly gpus = input.required<readonly string[]>();
  readonly workload = input<ServingWorkloadRequest>(AT_LOAD_WORKLOAD);
  readonly sla = input<ServingSlaWire>(AT_LOAD_SLA);

  private readonly api = inject(ServingApiService);
  protected readonly state = signal<RequestState>('idle');
  protected readonly result = signal<RecommendResponse | null>(null);
  protected readonly error = computed(() => requestErrorMessage(this.state()));
  protected readonly summary = computed(() => {
    const w = this.workload();
    const load =
      w.arrival === 'poisson'
        ? `${w.request_rate} requests/s`
        : w.arrival === 'concurrency'
          ? `${w.concurrency} users`
          : 'an offline batch';
    const sla = Object.entries(this.sla())
      .map(
        ([k, v]) =>
          `${k
            .replace(/_seconds$/, '')
            .replace('_', ' ')
            .toUpperCase()} ≤ ${v} s`,
      )
      .join(', ');
    return `At load: ${load}${sla ? `, ${sla}` : ''}; cheapest first.`;
  });

  constructor() {
    effect(() => {
      const request = { model: this.model(), gpus: [...this.gpus()], workload: this.workload(), sla: this.sla() };
      untracked(() => {
        if (!request.model || request.gpus.length === 0) return;
        this.state.set('loading');
        // A view beside /compare that reruns as its inputs change: not a run of its own in the history.
        this.api.recommend(request, { log: false }).subscribe({
          next: (r) => {
            this.result.set(r);
            this.state.set('loaded');
          },
          error: (e: unknown) => {
            this.result.set(null);
            this.state.set({ error: describeApiError(e) });
          },
        });
      });
    });
  }
}
