import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { PageEvent } from '@angular/material/paginator';
import { MatSelect } from '@angular/material/select';
import { EMPTY, catchError, debounceTime, distinctUntilChanged, switchMap, tap } from 'rxjs';
import type { CalculateResponse, CalculationSource, HistoryResponse, HistorySortField } from '@llm-calc/contracts';
import { ApiService, describeApiError } from '../shared/api.service';
import { FileDownloader, exportFileName } from '../shared/export';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { HistoryChart } from './history-chart';
import { historyCsv } from './history-export';
import { HistoryFilters, INITIAL_HISTORY_VIEW, HistoryView, hasFilters, toHistoryQuery, withFilters } from './history-query';
import { HistoryTable, PageSelection } from './history-table';

/** Typing pauses this long before the filters go to the server. */
export const FILTER_DEBOUNCE_MS = 300;

/** The `/visualize` route: the history table (server-side paging, sorting, filtering) and a chart. */
@Component({
  selector: 'app-visualize-page',
  imports: [
    ReactiveFormsModule, RouterLink, MatButton, MatCard, MatCardContent, MatFormField, MatLabel, MatInput,
    MatSelect, MatOption, HistoryTable, HistoryChart,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './visualize-page.html',
  styleUrl: './visualize-page.scss',
})
export class VisualizePage {
  private readonly api = inject(ApiService);
  private readonly downloader = inject(FileDownloader);
  private readonly chart = viewChild(HistoryChart);

  protected readonly filters = inject(NonNullableFormBuilder).group({
    q: '',
    model: '',
    gpu: '',
    source: 'all' as CalculationSource | 'all',
  });

  protected readonly view = signal<HistoryView>(INITIAL_HISTORY_VIEW);
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
        tap(() => this.state.set('loading')),
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
}
