import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { DatePipe, NgTemplateOutlet } from '@angular/common';
import { toSignal } from '@angular/core/rxjs-interop';
import { BreakpointObserver } from '@angular/cdk/layout';
import { RouterLink } from '@angular/router';
import { map } from 'rxjs';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatSort, MatSortHeader, Sort } from '@angular/material/sort';
import {
  MatCell,
  MatCellDef,
  MatColumnDef,
  MatHeaderCell,
  MatHeaderCellDef,
  MatHeaderRow,
  MatHeaderRowDef,
  MatNoDataRow,
  MatRow,
  MatRowDef,
  MatTable,
} from '@angular/material/table';
import type { CalculateResponse, HistorySortField } from '@llm-calc/contracts';
import { BytesPipe, CountPipe, TokensPerSecondPipe } from '../shared/format.pipes';
import { PAGE_SIZE_OPTIONS } from './history-query';
import { reopenParams } from './reopen-link';

/** Below this width the runs are cards (a table of 14 columns cannot fit a phone). */
export const CARDS_QUERY = '(max-width: 640px)';

export interface PageSelection {
  items: CalculateResponse[];
  selected: boolean;
}

/** One page of history, server-sorted and server-paged, with checkboxes that outlive the page. */
@Component({
  selector: 'app-history-table',
  imports: [
    DatePipe,
    NgTemplateOutlet,
    RouterLink,
    MatCheckbox,
    MatPaginator,
    MatSort,
    MatSortHeader,
    MatTable,
    MatColumnDef,
    MatHeaderCell,
    MatHeaderCellDef,
    MatCell,
    MatCellDef,
    MatHeaderRow,
    MatHeaderRowDef,
    MatRow,
    MatRowDef,
    MatNoDataRow,
    BytesPipe,
    CountPipe,
    TokensPerSecondPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './history-table.html',
  styleUrl: './history-table.scss',
})
export class HistoryTable {
  readonly items = input.required<CalculateResponse[]>();
  readonly total = input.required<number>();
  readonly pageIndex = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly sort = input.required<HistorySortField>();
  readonly order = input.required<'asc' | 'desc'>();
  readonly selectedIds = input.required<ReadonlySet<string>>();
  readonly loading = input(false);

  readonly pageChange = output<PageEvent>();
  readonly sortChange = output<{ sort: HistorySortField; order: 'asc' | 'desc' }>();
  readonly toggleRow = output<CalculateResponse>();
  readonly togglePage = output<PageSelection>();

  protected readonly pageSizeOptions = [...PAGE_SIZE_OPTIONS];
  protected readonly columns = [
    'select',
    'timestamp',
    'source',
    'model',
    'gpu',
    'num_gpus',
    'precision',
    'batch_size',
    'sequence_length',
    'output_tokens',
    'total_bytes',
    'per_gpu_bytes',
    'fits',
    'tokens_per_second',
    'open',
  ];
  /** Phones get one card per run instead of the table. */
  protected readonly cards = toSignal(
    inject(BreakpointObserver)
      .observe(CARDS_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  /** The sort keys a card list offers (the table's sortable headers). */
  protected readonly sortOptions: { value: HistorySortField; label: string }[] = [
    { value: 'timestamp', label: 'Time' },
    { value: 'model', label: 'Model' },
    { value: 'gpu', label: 'GPU' },
    { value: 'total_bytes', label: 'VRAM' },
    { value: 'tokens_per_second', label: 'Tokens/s' },
  ];
  /** Calculator links of the page's runs (null: a custom GPU, which a link cannot carry). */
  protected readonly links = computed(() => new Map(this.items().map((i) => [i.id, reopenParams(i)])));

  protected readonly selectedOnPage = computed(() => this.items().filter((i) => this.selectedIds().has(i.id)).length);
  protected readonly allOnPageSelected = computed(() => this.items().length > 0 && this.selectedOnPage() === this.items().length);
  protected readonly someOnPageSelected = computed(() => this.selectedOnPage() > 0 && !this.allOnPageSelected());

  protected onSort(sort: Sort): void {
    // Clearing is disabled (matSortDisableClear), so direction is always asc or desc.
    this.sortChange.emit({ sort: sort.active as HistorySortField, order: sort.direction === 'asc' ? 'asc' : 'desc' });
  }

  protected onTogglePage(): void {
    this.togglePage.emit({ items: this.items(), selected: !this.allOnPageSelected() });
  }

  protected onCardSort(value: string): void {
    const [sort, order] = value.split(':');
    this.sortChange.emit({ sort: sort as HistorySortField, order: order === 'asc' ? 'asc' : 'desc' });
  }

  protected rowLabel(item: CalculateResponse): string {
    return `Select ${item.model_summary.name} on ${item.gpu_summary?.name ?? item.inputs.gpu ?? 'GPU'}`;
  }
}
