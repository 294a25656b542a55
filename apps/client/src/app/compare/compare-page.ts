import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatCard, MatCardContent } from '@angular/material/card';
import { Subscription, catchError, from, map, mergeMap, of } from 'rxjs';
import type { CompareResponse } from '@llm-calc/contracts';
import { ApiService, describeApiError } from '../shared/api.service';
import { CatalogueStore } from '../shared/catalogue-store';
import { SavedModelsStore } from '../shared/saved-models-store';
import { humanizeMessages } from '../shared/server-messages';
import { FileDownloader, exportFileName } from '../shared/export';
import { UsdPipe } from '../shared/format.pipes';
import { CompareRequest, PlanningApiService } from '../shared/planning-api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { focusFirstInvalid } from '../shared/focus-invalid';
import { CompareChart, METRIC_LABELS } from './compare-chart';
import { CompareForm, buildCompareForm, toCompareRequest } from './compare-form';
import { compareParamsFromValue, compareValueFromParams } from './compare-params';
import { CompareChartMetric, DEFAULT_COMPARE_SORT, cheapestFitting, compareCsv, sortCompareResults } from './compare-results';
import { CompareTable, MaxBatches } from './compare-table';

/** Concurrent POST /api/fit requests for the max-batch column. */
const FIT_CONCURRENCY = 4;

/** The model the form starts with, when the catalogue has it. */
export const DEFAULT_COMPARE_MODEL = 'llama-3.1-8b';

/** The `/compare` route: one workload on many GPUs, as a table and a chart, with downloads. */
@Component({
  selector: 'app-compare-page',
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatCard,
    MatCardContent,
    CompareForm,
    CompareTable,
    CompareChart,
    UsdPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './compare-page.html',
  styleUrl: './compare-page.scss',
})
export class ComparePage {
  private readonly api = inject(ApiService);
  private readonly planning = inject(PlanningApiService);
  private readonly downloader = inject(FileDownloader);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly form = buildCompareForm(inject(NonNullableFormBuilder));
  protected readonly catalogue = inject(CatalogueStore);
  private readonly savedModels = inject(SavedModelsStore);
  /** Custom models saved from the calculator; without them the catalogue still works. */
  protected readonly saved = this.savedModels.models;
  protected readonly maxBatches = signal<MaxBatches>({});
  private fits = new Subscription();
  protected readonly state = signal<RequestState>('idle');
  protected readonly response = signal<CompareResponse | null>(null);
  protected readonly metric = signal<CompareChartMetric>('aggregate_tokens_per_second');
  protected readonly metricLabels = METRIC_LABELS;
  /** The request the results answer (the form may have changed since). */
  private readonly submittedRequest = signal<CompareRequest | null>(null);
  protected readonly submittedFewest = computed(() => this.submittedRequest()?.fewest_gpus === true);

  private readonly table = viewChild(CompareTable);
  private readonly injector = inject(Injector);
  private readonly formElement = viewChild.required<ElementRef<HTMLElement>>('formElement');
  private readonly chart = viewChild(CompareChart);

  protected readonly results = computed(() => this.response()?.results ?? []);
  protected readonly cheapest = computed(() => cheapestFitting(this.response()));
  protected readonly fittingCount = computed(() => this.results().filter((r) => r.supported && r.fits).length);
  protected readonly errorMessage = computed(() => requestErrorMessage(this.state()));
  protected readonly loading = computed(() => this.state() === 'loading');

  constructor() {
    this.savedModels.load();
    this.catalogue
      .load()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: () => {
          const ids = this.catalogue.modelIds();
          if (!this.form.controls.model.value && ids.length > 0) {
            this.form.controls.model.setValue(ids.includes(DEFAULT_COMPARE_MODEL) ? DEFAULT_COMPARE_MODEL : ids[0]);
          }
          // A link with a model reopens that comparison and runs it.
          const shared = compareValueFromParams(this.route.snapshot.queryParams, ids, this.catalogue.gpuIds());
          this.form.patchValue(shared);
          if (shared.model) this.submit();
        },
        error: () => undefined, // shown from the store's state
      });
    inject(DestroyRef).onDestroy(() => this.fits.unsubscribe());
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      afterNextRender(() => focusFirstInvalid(this.formElement().nativeElement), { injector: this.injector });
      return;
    }
    this.state.set('loading');
    const value = this.form.getRawValue();
    const request = toCompareRequest(value, this.saved());
    // The URL follows the comparison asked for, so that it can be shared or bookmarked.
    void this.router.navigate([], { relativeTo: this.route, queryParams: compareParamsFromValue(value), replaceUrl: true });
    this.planning.compare(request).subscribe({
      next: (response) => {
        this.response.set(response);
        this.submittedRequest.set(request);
        this.state.set('loaded');
        this.loadMaxBatches(request, response);
      },
      error: (error: unknown) => {
        const body = (error as { error?: { message?: unknown } }).error;
        const lines = Array.isArray(body?.message) ? (body.message as string[]) : null;
        this.state.set({
          error: lines
            ? humanizeMessages(lines)
                .map((m) => m.text)
                .join('\n')
            : describeApiError(error),
        });
      },
    });
  }

  /**
   * The largest batch that fits on each entry that fits: one POST /api/fit per entry (computed
   * without logging), a few at a time, filled in as they answer.
   */
  private loadMaxBatches(request: CompareRequest, response: CompareResponse): void {
    this.fits.unsubscribe();
    const entries = response.results.filter((r) => r.supported && r.fits);
    this.maxBatches.set(Object.fromEntries(entries.map((r) => [r.gpu, 'loading' as const])));
    const { gpus: _gpus, fewest_gpus: _fewest, ...workload } = request;
    this.fits = from(entries)
      .pipe(
        mergeMap(
          (r) =>
            this.api
              .fit({
                ...workload,
                gpu: r.gpu,
                num_gpus: r.num_gpus,
                tensor_parallel: r.tensor_parallel,
                pipeline_parallel: r.pipeline_parallel,
              })
              .pipe(
                map((fit) => [r.gpu, fit.max_batch_size] as const),
                catchError(() => of([r.gpu, 'error'] as const)),
              ),
          FIT_CONCURRENCY,
        ),
      )
      .subscribe(([gpu, value]) => this.maxBatches.update((all) => ({ ...all, [gpu]: value })));
  }

  /** The rows as the table shows them (its sort), so the file matches the screen. */
  private shownRows() {
    return this.table()?.rows() ?? sortCompareResults(this.results(), DEFAULT_COMPARE_SORT.field, DEFAULT_COMPARE_SORT.direction);
  }

  protected exportCsv(): void {
    this.downloader.saveCsv(
      exportFileName('gpu-comparison', 'csv'),
      compareCsv(this.shownRows(), this.response()?.cheapest_fitting ?? null),
    );
  }

  protected exportJson(): void {
    const response = this.response();
    if (!response) return;
    this.downloader.saveJson(exportFileName('gpu-comparison', 'json'), {
      request: this.submittedRequest(),
      cheapest_fitting: response.cheapest_fitting,
      results: this.shownRows(),
    });
  }

  protected async exportPng(): Promise<void> {
    const blob = await this.chart()?.png();
    if (blob) this.downloader.save(exportFileName('gpu-comparison-chart', 'png'), blob);
  }
}
