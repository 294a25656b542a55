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
import {
  INFERENCE_FIELDS,
  LENGTH_FIELDS,
  SCHEDULER_FIELDS,
  SERVING_FIELDS,
  SLA_FIELDS,
  WORKLOAD_FIELDS,
  type FieldSpec,
} from '@llm-calc/fields';
import { ApiService, describeApiError } from '../shared/api.service';
import { controlErrorMessage, fieldValidators } from '../shared/form-errors';
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
        new FormControl(v, {
          nonNullable: typeof v !== 'number' || !NULLABLE.has(k),
          validators: FORM_FIELDS[k] ? fieldValidators(FORM_FIELDS[k], !NULLABLE.has(k) || CONDITIONAL.test(k)) : [],
        }),
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
    c.arrival.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => {
      this.arrival.set(v);
      this.showOnly();
    });
    c.input_distribution.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => {
      this.inputDistribution.set(v);
      this.showOnly();
    });
    c.output_distribution.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => {
      this.outputDistribution.set(v);
      this.showOnly();
    });
    this.showOnly();
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

  /** The message of a field's first problem, from the registry's rules (empty when valid). */
  protected errorOf(key: string): string {
    return controlErrorMessage(this.form.get(key));
  }

  /**
   * Only the fields the chosen arrival and length distributions use are validated: a rate typed
   * and then left for concurrent users must not block the form from a hidden field.
   */
  private showOnly(): void {
    const c = this.form.controls;
    const v = this.form.getRawValue();
    const toggle = (control: FormControl<unknown>, on: boolean) => {
      if (on && control.disabled) control.enable({ emitEvent: false });
      if (!on && control.enabled) control.disable({ emitEvent: false });
    };
    toggle(c.request_rate as FormControl<unknown>, v.arrival === 'poisson');
    toggle(c.concurrency as FormControl<unknown>, v.arrival === 'concurrency');
    for (const side of ['input', 'output'] as const) {
      const d = v[`${side}_distribution`];
      toggle(c[`${side}_min`] as FormControl<unknown>, d === 'uniform');
      toggle(c[`${side}_max`] as FormControl<unknown>, d === 'uniform');
      toggle(c[`${side}_mean`] as FormControl<unknown>, d !== 'uniform');
      toggle(c[`${side}_sigma`] as FormControl<unknown>, d === 'lognormal');
    }
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

/** The registry record of each number field of the form (its type, range and words). */
const FORM_FIELDS: Partial<Record<string, FieldSpec>> = {
  tensor_parallel: SERVING_FIELDS.tensor_parallel,
  replicas: SERVING_FIELDS.replicas,
  request_rate: WORKLOAD_FIELDS.request_rate,
  concurrency: WORKLOAD_FIELDS.concurrency,
  num_requests: WORKLOAD_FIELDS.num_requests,
  seed: WORKLOAD_FIELDS.seed,
  input_mean: LENGTH_FIELDS.mean,
  input_min: LENGTH_FIELDS.min,
  input_max: LENGTH_FIELDS.max,
  input_sigma: LENGTH_FIELDS.sigma,
  output_mean: LENGTH_FIELDS.mean,
  output_min: LENGTH_FIELDS.min,
  output_max: LENGTH_FIELDS.max,
  output_sigma: LENGTH_FIELDS.sigma,
  ttft_p90: SLA_FIELDS.ttft_p90_seconds,
  tpot_p90: SLA_FIELDS.tpot_p90_seconds,
  ttft_p99: SLA_FIELDS.ttft_p99_seconds,
  tpot_p99: SLA_FIELDS.tpot_p99_seconds,
  max_num_seqs: SCHEDULER_FIELDS.max_num_seqs,
  max_num_batched_tokens: SCHEDULER_FIELDS.max_num_batched_tokens,
  gpu_memory_utilization: INFERENCE_FIELDS.gpu_memory_utilization,
};

/** Fields required while shown (showOnly disables them otherwise): the rate for Poisson arrivals, the users for a fixed concurrency, the parameters of the chosen length distribution. */
const CONDITIONAL = /^(request_rate|concurrency|(input|output)_(mean|min|max|sigma))$/;

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
