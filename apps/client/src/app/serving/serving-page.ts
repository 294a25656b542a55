import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { forkJoin } from 'rxjs';
import type { AvailableModelsResponse, GpuConfigsResponse, RecommendResponse, ServingResponse } from '@llm-calc/contracts';
import { ApiService, describeApiError } from '../shared/api.service';
import { exportFileName, FileDownloader } from '../shared/export';
import { CountPipe, DurationPipe, TokensPerSecondPipe, UsdPipe } from '../shared/format.pipes';
import { GpuSelect } from '../shared/gpu-select';
import { ModelSelect } from '../shared/model-select';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { RecommendTable } from './recommend-table';
import { ServingApiService } from './serving-api.service';
import { LatencyChart, ThroughputChart } from './serving-charts';
import {
  ARRIVALS,
  DEFAULT_SERVING_FORM,
  DISTRIBUTIONS,
  recommendCsv,
  SERVING_PRECISIONS,
  SERVING_RUNTIMES,
  servingCsv,
  servingParamsFromValue,
  servingValueFromParams,
  toRecommendRequest,
  toServingRequest,
  type ServingFormValue,
} from './serving-params';

type Controls = { [K in keyof ServingFormValue]: FormControl<ServingFormValue[K]> };

/** The `/serving` route: a deployment under load (latency vs load, throughput vs concurrency) and the cheapest deployments meeting an SLA. */
@Component({
  selector: 'app-serving-page',
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatCard,
    MatCardContent,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
    ModelSelect,
    GpuSelect,
    LatencyChart,
    ThroughputChart,
    RecommendTable,
    DurationPipe,
    TokensPerSecondPipe,
    UsdPipe,
    CountPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './serving-page.html',
  styleUrl: './serving-page.scss',
})
export class ServingPage {
  private readonly api = inject(ApiService);
  private readonly serving = inject(ServingApiService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly clipboard = inject(Clipboard);
  private readonly files = inject(FileDownloader);

  protected readonly precisions = SERVING_PRECISIONS;
  protected readonly runtimes = SERVING_RUNTIMES;
  protected readonly arrivals = ARRIVALS;
  protected readonly distributions = DISTRIBUTIONS;

  protected readonly form = inject(NonNullableFormBuilder).group(
    Object.fromEntries(
      Object.entries(DEFAULT_SERVING_FORM).map(([k, v]) => [
        k,
        new FormControl(v, { nonNullable: typeof v !== 'number' || !NULLABLE.has(k) }),
      ]),
    ) as unknown as Controls,
  );
  protected readonly models = signal<AvailableModelsResponse['families']>([]);
  protected readonly gpus = signal<GpuConfigsResponse['families']>([]);
  protected readonly catalogueState = signal<RequestState>('loading');
  protected readonly state = signal<RequestState>('idle');
  protected readonly recommendState = signal<RequestState>('idle');
  protected readonly result = signal<ServingResponse | null>(null);
  protected readonly recommendation = signal<RecommendResponse | null>(null);
  protected readonly copied = signal<string | null>(null);
  protected readonly arrival = signal(DEFAULT_SERVING_FORM.arrival);
  protected readonly inputDistribution = signal(DEFAULT_SERVING_FORM.input_distribution);
  protected readonly outputDistribution = signal(DEFAULT_SERVING_FORM.output_distribution);

  protected readonly errorMessage = computed(() => requestErrorMessage(this.state()));
  protected readonly recommendError = computed(() => requestErrorMessage(this.recommendState()));
  protected readonly catalogueError = computed(() => requestErrorMessage(this.catalogueState()));
  protected readonly loading = computed(() => this.state() === 'loading');
  protected readonly recommending = computed(() => this.recommendState() === 'loading');
  protected readonly definitions = computed(() => this.result()?.definitions ?? this.recommendation()?.definitions ?? null);

  constructor() {
    const c = this.form.controls;
    c.arrival.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => this.arrival.set(v));
    c.input_distribution.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => this.inputDistribution.set(v));
    c.output_distribution.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => this.outputDistribution.set(v));
    forkJoin([this.api.availableModels(), this.api.gpuConfigs()])
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: ([models, gpus]) => {
          this.models.set(models.families);
          this.gpus.set(gpus.families);
          const params = this.route.snapshot.queryParams;
          const shared = servingValueFromParams(
            params,
            models.families.flatMap((f) => f.models.map((m) => m.id)),
            gpus.families.flatMap((f) => f.gpus.map((g) => g.id)),
          );
          this.form.patchValue(shared);
          this.catalogueState.set('loaded');
          // A shared link reopens and reruns the simulation, without logging it again.
          if (Object.keys(shared).length > 0) this.simulate({ log: false });
        },
        error: (error: unknown) => this.catalogueState.set({ error: describeApiError(error) }),
      });
  }

  private value(): ServingFormValue {
    return this.form.getRawValue() as ServingFormValue;
  }

  protected simulate(options: { log?: boolean } = {}): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.value();
    void this.router.navigate([], { relativeTo: this.route, queryParams: servingParamsFromValue(value), replaceUrl: true });
    this.state.set('loading');
    this.serving.serving(toServingRequest(value), options).subscribe({
      next: (r) => {
        this.result.set(r);
        this.state.set('loaded');
      },
      error: (error: unknown) => {
        this.result.set(null);
        this.state.set({ error: describeApiError(error) });
      },
    });
  }

  protected recommend(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.recommendState.set('loading');
    this.serving.recommend(toRecommendRequest(this.value())).subscribe({
      next: (r) => {
        this.recommendation.set(r);
        this.recommendState.set('loaded');
      },
      error: (error: unknown) => {
        this.recommendation.set(null);
        this.recommendState.set({ error: describeApiError(error) });
      },
    });
  }

  protected copyLink(): void {
    const tree = this.router.createUrlTree([], { relativeTo: this.route, queryParams: servingParamsFromValue(this.value()) });
    const url = `${location.origin}${this.router.serializeUrl(tree)}`;
    this.copied.set(this.clipboard.copy(url) ? url : `Copy this link: ${url}`);
  }

  protected exportCsv(): void {
    const r = this.result();
    if (r) this.files.saveCsv(exportFileName('serving', 'csv'), servingCsv(r));
  }

  protected exportJson(): void {
    const r = this.result();
    if (r) this.files.saveJson(exportFileName('serving', 'json'), { request: toServingRequest(this.value()), response: r });
  }

  protected exportRecommendCsv(): void {
    const r = this.recommendation();
    if (r) this.files.saveCsv(exportFileName('recommend', 'csv'), recommendCsv(r));
  }

  protected exportRecommendJson(): void {
    const r = this.recommendation();
    if (r) this.files.saveJson(exportFileName('recommend', 'json'), { request: toRecommendRequest(this.value()), response: r });
  }

  protected percent(x: number): string {
    return `${(x * 100).toFixed(1)}%`;
  }
}

/** Number fields that may be left empty (the server's default then). */
const NULLABLE = new Set<string>([
  'request_rate',
  'concurrency',
  'input_mean',
  'input_min',
  'input_max',
  'input_sigma',
  'output_mean',
  'output_min',
  'output_max',
  'output_sigma',
  'ttft_p90',
  'tpot_p90',
  'ttft_p99',
  'tpot_p99',
  'max_num_seqs',
  'max_num_batched_tokens',
  'gpu_memory_utilization',
]);
