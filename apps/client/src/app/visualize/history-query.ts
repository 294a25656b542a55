import type { Params } from '@angular/router';
import type { CalculationSource, HistoryQuery, HistorySortField } from '@llm-calc/contracts';

/** The server's sort keys (types only from contracts: its values would pull the DTOs into the bundle). */
const SORT_FIELDS: Record<HistorySortField, true> = {
  timestamp: true,
  source: true,
  model: true,
  gpu: true,
  precision: true,
  batch_size: true,
  sequence_length: true,
  total_bytes: true,
  tokens_per_second: true,
};

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

/** Longest filter text the server accepts (HistoryQueryDto). */
const MAX_FILTER_LENGTH = 200;

function param(params: Params, key: string): string | undefined {
  const raw: unknown = params[key];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The view a URL describes (`/visualize?page=2&page_size=50&sort=model&order=asc&model=llama`,
 * the API's own parameter names, page 1-based). Whatever does not parse keeps its default, so a
 * hand-edited link never asks the server for something it would refuse.
 */
export function viewFromParams(params: Params): HistoryView {
  const view: HistoryView = { ...INITIAL_HISTORY_VIEW };
  const page = Number(param(params, 'page'));
  if (Number.isInteger(page) && page >= 1 && page <= 1_000_000) view.pageIndex = page - 1;
  const size = Number(param(params, 'page_size'));
  if ((PAGE_SIZE_OPTIONS as readonly number[]).includes(size)) view.pageSize = size;
  const sort = param(params, 'sort');
  if (sort && Object.prototype.hasOwnProperty.call(SORT_FIELDS, sort)) view.sort = sort as HistorySortField;
  const order = param(params, 'order');
  if (order === 'asc' || order === 'desc') view.order = order;
  for (const key of ['q', 'model', 'gpu'] as const) {
    const text = param(params, key);
    if (text !== undefined) view[key] = text.slice(0, MAX_FILTER_LENGTH);
  }
  const source = param(params, 'source');
  if (source === 'web' || source === 'cli') view.source = source;
  return view;
}

/** The URL query of a view: only what differs from the default, so a plain /visualize stays plain. */
export function paramsFromView(view: HistoryView): Params {
  const params: Params = {};
  const d = INITIAL_HISTORY_VIEW;
  if (view.pageIndex !== d.pageIndex) params['page'] = String(view.pageIndex + 1);
  if (view.pageSize !== d.pageSize) params['page_size'] = String(view.pageSize);
  if (view.sort !== d.sort) params['sort'] = view.sort;
  if (view.order !== d.order) params['order'] = view.order;
  for (const key of ['q', 'model', 'gpu'] as const) if (view[key].trim()) params[key] = view[key].trim();
  if (view.source !== 'all') params['source'] = view.source;
  return params;
}

/** The filters part of a view (what the filter form shows). */
export function filtersOf(view: HistoryView): HistoryFilters {
  return { q: view.q, model: view.model, gpu: view.gpu, source: view.source };
}
