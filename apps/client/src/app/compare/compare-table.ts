import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
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
import type { CompareResult, RangeWire } from '@llm-calc/contracts';
import { BytesPipe, DurationPipe, TokensPerSecondPipe, UsdPipe, formatTokensPerSecond } from '../shared/format.pipes';
import { formatRange } from '../shared/range-format';
import { runtimeLabel } from '../calculator/calculator-form';
import { CompareSortField, DEFAULT_COMPARE_SORT, SortDirection, headroomBytes, sortCompareResults } from './compare-results';

/** The largest batch that fits on an entry (from POST /api/fit), 'loading' while asked for. */
export type MaxBatches = Readonly<Record<string, number | 'loading' | 'error'>>;

/**
 * The GPUs side by side, sorted here in the browser (the whole answer is one small list).
 * Unsupported GPUs stay in the list, greyed, with the server's reason; the cheapest GPU that
 * fits is marked with a badge as well as a colour.
 */
@Component({
  selector: 'app-compare-table',
  imports: [
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
    DurationPipe,
    TokensPerSecondPipe,
    UsdPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll" role="region" aria-label="GPU comparison" tabindex="0">
      <table
        mat-table
        [dataSource]="rows()"
        matSort
        [matSortActive]="defaultSort.field"
        [matSortDirection]="defaultSort.direction"
        (matSortChange)="onSort($event)"
        data-testid="compare-table"
      >
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>GPU</th>
          <td mat-cell *matCellDef="let r" class="name">
            @if (r.num_gpus > 1) {
              <span class="count" data-testid="compare-entry-count">{{ r.num_gpus }} ×</span>
            }
            <span data-testid="compare-gpu-name">{{ r.name }}</span>
            @if (r.runtime) {
              <span class="runtime" data-testid="compare-runtime-name">{{ runtimeName(r.runtime) }}</span>
            }
            @if (r.gpu === cheapestId()) {
              <span class="badge" data-testid="cheapest-badge">Cheapest that fits</span>
            }
            @if (!r.supported) {
              <div class="reason">{{ r.reason }}</div>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="family">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Family</th>
          <td mat-cell *matCellDef="let r">{{ r.family }}</td>
        </ng-container>
        <ng-container matColumnDef="fits">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Fits</th>
          <td mat-cell *matCellDef="let r" class="nowrap">
            @if (!r.supported) {
              Not supported
            } @else if (r.fits) {
              <span class="fits-yes">✓ Yes</span>
            } @else {
              <span class="fits-no">✗ No</span>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="per_gpu_bytes">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" class="num">Memory per GPU</th>
          <td mat-cell *matCellDef="let r" class="num nowrap">
            @if (r.supported) {
              {{ r.per_gpu_bytes | bytes: 'GB' }} <span class="of">of {{ r.gpu_memory_bytes | bytes: 'GB' }}</span>
            } @else {
              — <span class="of">of {{ r.gpu_memory_bytes | bytes: 'GB' }}</span>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="headroom_bytes">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" class="num">Headroom per GPU</th>
          <td mat-cell *matCellDef="let r" class="num nowrap" [class.tight]="isTight(r)" data-testid="compare-headroom">
            {{ headroom(r) | bytes: 'GB' }}
          </td>
        </ng-container>
        <ng-container matColumnDef="max_batch">
          <th mat-header-cell *matHeaderCellDef class="num">Max batch</th>
          <td mat-cell *matCellDef="let r" class="num nowrap" data-testid="compare-max-batch">{{ maxBatchText(r) }}</td>
        </ng-container>
        <ng-container matColumnDef="tokens_per_second">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" class="num">Tokens/s per sequence</th>
          <td mat-cell *matCellDef="let r" class="num nowrap" data-testid="compare-tps">
            {{ (r.supported ? r.tokens_per_second : null) | tokensPerSecond }}
            @if (r.supported && band(r.tokens_per_second_range); as b) {
              <small class="band">{{ b }}</small>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="aggregate_tokens_per_second">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" class="num">Tokens/s aggregate</th>
          <td mat-cell *matCellDef="let r" class="num nowrap">
            {{ (r.supported ? r.aggregate_tokens_per_second : null) | tokensPerSecond }}
            @if (r.supported && band(r.aggregate_tokens_per_second_range); as b) {
              <small class="band">{{ b }}</small>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="prefill_latency_seconds">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" class="num">Prefill latency</th>
          <td mat-cell *matCellDef="let r" class="num nowrap">{{ (r.supported ? r.prefill_latency_seconds : null) | duration }}</td>
        </ng-container>
        <ng-container matColumnDef="cost_per_hour">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" class="num">$/hour</th>
          <td mat-cell *matCellDef="let r" class="num nowrap">{{ r.cost_per_hour | usd }}</td>
        </ng-container>
        <ng-container matColumnDef="cost_per_million_tokens">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" class="num">$/M tokens</th>
          <td mat-cell *matCellDef="let r" class="num nowrap">{{ r.cost_per_million_tokens | usd }}</td>
        </ng-container>

        <tr mat-header-row *matHeaderRowDef="columns; sticky: true"></tr>
        <tr
          mat-row
          *matRowDef="let r; columns: columns"
          [class.cheapest]="r.gpu === cheapestId()"
          [class.unsupported]="!r.supported"
          [class.no-fit]="r.supported && !r.fits"
          [attr.data-gpu]="r.gpu"
          data-testid="compare-row"
        ></tr>
        <tr class="mat-mdc-row no-data" *matNoDataRow>
          <td class="mat-mdc-cell" [attr.colspan]="columns.length">No GPUs to compare.</td>
        </tr>
      </table>
    </div>
  `,
  styles: `
    :host {
      display: block;
      min-inline-size: 0;
    }
    .table-scroll {
      overflow: auto;
      max-block-size: 70vh;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
    .table-scroll:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
    }
    table {
      inline-size: 100%;
      min-inline-size: 1200px;
    }
    th.mat-mdc-header-cell,
    td.mat-mdc-cell {
      padding-inline: 8px;
    }
    .num {
      text-align: end;
    }
    .nowrap {
      white-space: nowrap;
    }
    .name {
      min-inline-size: 180px;
      max-inline-size: 300px;
      overflow-wrap: anywhere;
    }
    .count {
      font-weight: 500;
      margin-inline-end: 4px;
      white-space: nowrap;
    }
    .of {
      color: var(--mat-sys-on-surface-variant);
    }
    .badge {
      display: inline-block;
      margin-inline-start: 6px;
      padding: 1px 8px;
      border-radius: 10px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-tertiary);
      color: var(--mat-sys-on-tertiary);
    }
    .reason {
      font: var(--mat-sys-body-small);
    }
    .runtime {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .band {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    tr.cheapest td {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      font-weight: 600;
    }
    tr.unsupported td {
      color: var(--mat-sys-on-surface-variant);
      opacity: 0.6;
      font-style: italic;
    }
    .fits-no {
      color: var(--mat-sys-error);
    }
    td.tight {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
    .no-data td {
      padding: 24px 16px;
      text-align: center;
    }
  `,
})
export class CompareTable {
  readonly results = input.required<CompareResult[]>();
  readonly cheapestId = input<string | null>(null);
  readonly maxBatches = input<MaxBatches>({});

  protected readonly columns = [
    'name',
    'family',
    'fits',
    'per_gpu_bytes',
    'headroom_bytes',
    'max_batch',
    'tokens_per_second',
    'aggregate_tokens_per_second',
    'prefill_latency_seconds',
    'cost_per_hour',
    'cost_per_million_tokens',
  ];
  protected readonly defaultSort = DEFAULT_COMPARE_SORT;
  protected readonly headroom = headroomBytes;

  protected readonly sort = signal<{ field: CompareSortField | ''; direction: SortDirection }>({ ...DEFAULT_COMPARE_SORT });
  /** The rows in the order shown, for the table and for the exports. */
  readonly rows = computed(() => sortCompareResults(this.results(), this.sort().field, this.sort().direction));

  /** Fits, with less than 5% of the GPU left: little room for the KV cache of more requests. */
  protected isTight(r: CompareResult): boolean {
    const headroom = headroomBytes(r);
    return r.fits && headroom !== null && headroom < 0.05 * r.gpu_memory_bytes;
  }

  protected maxBatchText(r: CompareResult): string {
    if (!r.supported || !r.fits) return '—';
    const value = this.maxBatches()[r.gpu];
    if (value === 'loading') return '…';
    if (value === undefined || value === 'error') return '—';
    return new Intl.NumberFormat('en-US').format(value);
  }

  /** The low–high band under a speed ("44–58 tok/s"), or null. */
  protected band(range: RangeWire | null): string | null {
    return formatRange(range, formatTokensPerSecond);
  }

  protected readonly runtimeName = runtimeLabel;

  protected onSort(sort: Sort): void {
    this.sort.set({ field: sort.direction ? (sort.active as CompareSortField) : '', direction: sort.direction });
  }
}
