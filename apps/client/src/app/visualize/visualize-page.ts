import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { PageEvent } from '@angular/material/paginator';
import { MatSelect } from '@angular/material/select';
import { EMPTY, catchError, debounceTime, distinctUntilChanged, firstValueFrom, switchMap, tap } from 'rxjs';
import type { CalculateResponse, CalculationSource, HistoryResponse, HistorySortField } from '@llm-calc/contracts';
import { ApiService, describeApiError } from '../shared/api.service';
import { FileDownloader, exportFileName } from '../shared/export';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { HistoryChart } from './history-chart';
import { historyCsv } from './history-export';
import {
  HistoryFilters,
  HistoryView,
  filtersOf,
  hasFilters,
  paramsFromView,
  toHistoryQuery,
  viewFromParams,
  withFilters,
} from './history-query';
import { HistoryTable, PageSelection } from './history-table';

/** Typing pauses this long before the filters go to the server. */
export const FILTER_DEBOUNCE_MS = 300;
/** Page size of "export all that match": the largest page the server gives. */
export const EXPORT_PAGE_SIZE = 500;

/** The `/visualize` route: the history table (server-side paging, sorting, filtering) and a chart. */
@Component({
  selector: 'app-visualize-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButton,
    MatCard,
    MatCardContent,
    MatFormField,
    MatLabel,
    MatInput,
    MatSelect,
    MatOption,
    HistoryTable,
    HistoryChart,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './visualize-page.html',
  styleUrl: './visualize-page.scss',
})
export class VisualizePage {
  private readonly api = inject(ApiService);
  private readonly downloader = inject(FileDownloader);
  private readonly chart = viewChild(HistoryChart);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Page, sort and filters come from the URL, so a link or a reload shows the same view. */
  protected readonly view = signal<HistoryView>(viewFromParams(this.route.snapshot.queryParams));

  protected readonly filters = inject(NonNullableFormBuilder).group({
    q: this.view().q,
    model: this.view().model,
    gpu: this.view().gpu,
    source: this.view().source as CalculationSource | 'all',
  });

  /** "Export all that match": runs fetched so far of the total, null when idle. */
  protected readonly exporting = signal<{ done: number; total: number } | null>(null);
  protected readonly state = signal<RequestState>('idle');
  protected readonly response = signal<HistoryResponse | null>(null);
  /** Selected runs by id; kept whole so a selection survives paging, sorting and filtering. */
  protected readonly selection = signal<ReadonlyMap<string, CalculateResponse>>(new Map());
  protected readonly plotted = signal<CalculateResponse[]>([]);

  protected readonly items = computed(() => this.response()?.items ?? []);
  protected readonly total = computed(() => this.response()?.total ?? 0);
  protected readonly skippedLines = computed(() => this.response()?.skipped_lines ?? 0);
  protected readonly selectedIds = computed<ReadonlySet<string>>(() => new Set(this.selection().keys()));
  protected readonly selectedCount = computed(() => this.selection().size);
  protected readonly errorMessage = computed(() => requestErrorMessage(this.state()));
  protected readonly filtered = computed(() => hasFilters(this.view()));
  protected readonly loading = computed(() => this.state() === 'loading');

  constructor() {
    this.filters.valueChanges
      .pipe(
        debounceTime(FILTER_DEBOUNCE_MS),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.view.update((v) => withFilters(v, this.filters.getRawValue() as HistoryFilters)));

    toObservable(this.view)
      .pipe(
        tap((view) => {
          this.state.set('loading');
          // The view lives in the URL (replacing the entry: paging is not worth a Back step each).
          void this.router.navigate([], { relativeTo: this.route, queryParams: paramsFromView(view), replaceUrl: true });
        }),
        switchMap((view) =>
          this.api.history(toHistoryQuery(view)).pipe(
            catchError((error: unknown) => {
              this.state.set({ error: describeApiError(error) });
              return EMPTY;
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((response) => {
        this.response.set(response);
        this.state.set('loaded');
      });
  }

  protected onPage(event: PageEvent): void {
    this.view.update((v) => ({
      ...v,
      // A new page size starts again at the first page, so no page beyond the end is asked for.
      pageIndex: event.pageSize === v.pageSize ? event.pageIndex : 0,
      pageSize: event.pageSize,
    }));
  }

  protected onSort(sort: { sort: HistorySortField; order: 'asc' | 'desc' }): void {
    this.view.update((v) => ({ ...v, ...sort, pageIndex: 0 }));
  }

  protected toggle(item: CalculateResponse): void {
    this.selection.update((current) => {
      const next = new Map(current);
      if (next.has(item.id)) next.delete(item.id);
      else next.set(item.id, item);
      return next;
    });
  }

  protected togglePage({ items, selected }: PageSelection): void {
    this.selection.update((current) => {
      const next = new Map(current);
      for (const item of items) {
        if (selected) next.set(item.id, item);
        else next.delete(item.id);
      }
      return next;
    });
  }

  protected clearSelection(): void {
    this.selection.set(new Map());
  }

  protected plotSelected(): void {
    this.plotted.set([...this.selection().values()]);
  }

  /** The selected runs in the order they were selected, from every page. */
  protected exportCsv(): void {
    this.downloader.saveCsv(exportFileName('llm-history', 'csv'), historyCsv([...this.selection().values()]));
  }

  protected exportJson(): void {
    this.downloader.saveJson(exportFileName('llm-history', 'json'), [...this.selection().values()]);
  }

  protected async exportPng(): Promise<void> {
    const blob = await this.chart()?.png();
    if (blob) this.downloader.save(exportFileName('llm-history-chart', 'png'), blob);
  }

  protected clearFilters(): void {
    this.filters.setValue({ q: '', model: '', gpu: '', source: 'all' });
  }

  /**
   * Every run that matches the filters, in the table's order, fetched page after page of
   * EXPORT_PAGE_SIZE (the server never sends the whole history at once) and written as it comes:
   * CSV rows or JSON array items are appended to the file's parts, not kept as records.
   */
  protected async exportAll(format: 'csv' | 'json'): Promise<void> {
    if (this.exporting()) return;
    const base = { ...toHistoryQuery(filtersView(this.view())), page_size: EXPORT_PAGE_SIZE };
    const parts: string[] = [];
    let done = 0;
    try {
      for (let page = 1; ; page++) {
        const res = await firstValueFrom(this.api.history({ ...base, page }));
        if (page === 1) this.exporting.set({ done: 0, total: res.total });
        if (res.items.length === 0) break;
        if (format === 'csv') {
          const csv = historyCsv(res.items);
          // Only the first chunk keeps the header line.
          parts.push(page === 1 ? csv : csv.slice(csv.indexOf('\n') + 1));
        } else {
          parts.push((page === 1 ? '[\n' : ',\n') + res.items.map((r) => JSON.stringify(r)).join(',\n'));
        }
        done += res.items.length;
        this.exporting.set({ done, total: res.total });
        if (done >= res.total || res.items.length < EXPORT_PAGE_SIZE) break;
      }
      if (format === 'csv') {
        if (parts.length === 0) parts.push(historyCsv([]));
        this.downloader.save(exportFileName('llm-history-all', 'csv'), new Blob(parts, { type: 'text/csv;charset=utf-8' }));
      } else {
        parts.push(parts.length === 0 ? '[]\n' : '\n]\n');
        this.downloader.save(exportFileName('llm-history-all', 'json'), new Blob(parts, { type: 'application/json' }));
      }
    } catch (error: unknown) {
      this.state.set({ error: `export stopped after ${done} runs: ${describeApiError(error)}` });
    } finally {
      this.exporting.set(null);
    }
  }
}

/** The view's filters and sort from the first page (an export covers every page). */
function filtersView(view: HistoryView): HistoryView {
  return { ...view, ...filtersOf(view), pageIndex: 0 };
}
