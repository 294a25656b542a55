import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatCard, MatCardContent } from '@angular/material/card';
import { forkJoin } from 'rxjs';
import type { AvailableModelsResponse, CompareResponse, GpuConfigsResponse, SavedCustomModel } from '@llm-calc/contracts';
import { ApiService, describeApiError } from '../shared/api.service';
import { FileDownloader, exportFileName } from '../shared/export';
import { UsdPipe } from '../shared/format.pipes';
import { CompareRequest, PlanningApiService } from '../shared/planning-api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { CompareChart, METRIC_LABELS } from './compare-chart';
import { CompareForm, buildCompareForm, toCompareRequest } from './compare-form';
import { compareParamsFromValue, compareValueFromParams } from './compare-params';
import { CompareChartMetric, cheapestFitting, compareCsv, sortCompareResults } from './compare-results';
import { CompareTable } from './compare-table';

/** The model the form starts with, when the catalogue has it. */
export const DEFAULT_COMPARE_MODEL = 'llama-3.1-8b';

/** The `/compare` route: one workload on many GPUs, as a table and a chart, with downloads. */
@Component({
  selector: 'app-compare-page',
  imports: [
    ReactiveFormsModule, MatButton, MatButtonToggleGroup, MatButtonToggle, MatCard, MatCardContent, CompareForm,
    CompareTable, CompareChart, UsdPipe,
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
  protected readonly models = signal<AvailableModelsResponse['families']>([]);
  protected readonly gpus = signal<GpuConfigsResponse['families']>([]);
  /** Custom models saved from the calculator; without them the catalogue still works. */
  protected readonly saved = signal<SavedCustomModel[]>([]);
  protected readonly catalogueState = signal<RequestState>('loading');
  protected readonly state = signal<RequestState>('idle');
  protected readonly response = signal<CompareResponse | null>(null);
  protected readonly metric = signal<CompareChartMetric>('aggregate_tokens_per_second');
  protected readonly metricLabels = METRIC_LABELS;
  /** The request the results answer (the form may have changed since). */
  private readonly submittedRequest = signal<CompareRequest | null>(null);
  protected readonly submittedFewest = computed(() => this.submittedRequest()?.fewest_gpus === true);

  private readonly table = viewChild(CompareTable);
  private readonly chart = viewChild(CompareChart);

  protected readonly results = computed(() => this.response()?.results ?? []);
  protected readonly cheapest = computed(() => cheapestFitting(this.response()));
  protected readonly fittingCount = computed(() => this.results().filter((r) => r.supported && r.fits).length);
  protected readonly errorMessage = computed(() => requestErrorMessage(this.state()));
  protected readonly catalogueError = computed(() => requestErrorMessage(this.catalogueState()));
  protected readonly loading = computed(() => this.state() === 'loading');

  constructor() {
    this.api
      .customModels()
      .pipe(takeUntilDestroyed())
      .subscribe({ next: (r) => this.saved.set(r.models), error: () => this.saved.set([]) });
    forkJoin([this.api.availableModels(), this.api.gpuConfigs()])
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: ([models, gpus]) => {
          this.models.set(models.families);
          this.gpus.set(gpus.families);
          const ids = models.families.flatMap((f) => f.models.map((m) => m.id));
          if (!this.form.controls.model.value && ids.length > 0) {
            this.form.controls.model.setValue(ids.includes(DEFAULT_COMPARE_MODEL) ? DEFAULT_COMPARE_MODEL : ids[0]);
          }
          this.catalogueState.set('loaded');
          // A link with a model reopens that comparison and runs it.
          const shared = compareValueFromParams(this.route.snapshot.queryParams, ids, gpus.families.flatMap((f) => f.gpus.map((g) => g.id)));
          this.form.patchValue(shared);
          if (shared.model) this.submit();
        },
        error: (error: unknown) => this.catalogueState.set({ error: describeApiError(error) }),
      });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
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
      },
      error: (error: unknown) => this.state.set({ error: describeApiError(error) }),
    });
  }

  /** The rows as the table shows them (its sort), so the file matches the screen. */
  private shownRows() {
    return this.table()?.rows() ?? sortCompareResults(this.results(), '', '');
  }

  protected exportCsv(): void {
    this.downloader.saveCsv(exportFileName('gpu-comparison', 'csv'), compareCsv(this.shownRows(), this.response()?.cheapest_fitting ?? null));
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
