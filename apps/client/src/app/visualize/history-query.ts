import type { CalculationSource, HistoryQuery, HistorySortField } from '@llm-calc/contracts';

export const PAGE_SIZE_OPTIONS = [10, 25, 50, 100] as const;

/** The history table's state: page (0-based as mat-paginator counts), sort and filters. */
export interface HistoryView {
  pageIndex: number;
  pageSize: number;
  sort: HistorySortField;
  order: 'asc' | 'desc';
  q: string;
  model: string;
  gpu: string;
  source: CalculationSource | 'all';
}

export const INITIAL_HISTORY_VIEW: HistoryView = {
  pageIndex: 0,
  pageSize: 25,
  sort: 'timestamp',
  order: 'desc',
  q: '',
  model: '',
  gpu: '',
  source: 'all',
};

export interface HistoryFilters {
  q: string;
  model: string;
  gpu: string;
  source: CalculationSource | 'all';
}

/** GET /api/history's query for a view: 1-based page, empty filters and "all" left out. */
export function toHistoryQuery(view: HistoryView): HistoryQuery {
  const query: HistoryQuery = {
    page: view.pageIndex + 1,
    page_size: view.pageSize,
    sort: view.sort,
    order: view.order,
  };
  if (view.q.trim()) query.q = view.q.trim();
  if (view.model.trim()) query.model = view.model.trim();
  if (view.gpu.trim()) query.gpu = view.gpu.trim();
  if (view.source !== 'all') query.source = view.source;
  return query;
}

/** New filters start again at the first page. */
export function withFilters(view: HistoryView, filters: HistoryFilters): HistoryView {
  return { ...view, ...filters, pageIndex: 0 };
}

export function hasFilters(view: HistoryView): boolean {
  return view.q.trim() !== '' || view.model.trim() !== '' || view.gpu.trim() !== '' || view.source !== 'all';
}
