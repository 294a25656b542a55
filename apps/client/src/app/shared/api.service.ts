import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type {
  ApiError,
  AvailableModelsResponse,
  CalculateRequest,
  CalculateResponse,
  GpuConfigsResponse,
  HistoryQuery,
  HistoryResponse,
  ModelConfigResponse,
} from '@llm-calc/contracts';

/** The only place in the client that talks HTTP; every path is same-origin under /api. */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);

  availableModels(): Observable<AvailableModelsResponse> {
    return this.http.get<AvailableModelsResponse>('/api/available_models');
  }

  gpuConfigs(): Observable<GpuConfigsResponse> {
    return this.http.get<GpuConfigsResponse>('/api/gpu_configs');
  }

  modelConfig(id: string): Observable<ModelConfigResponse> {
    return this.http.get<ModelConfigResponse>(`/api/model_config/${encodeURIComponent(id)}`);
  }

  calculate(request: CalculateRequest): Observable<CalculateResponse> {
    return this.http.post<CalculateResponse>('/api/calculate', request);
  }

  history(query: HistoryQuery): Observable<HistoryResponse> {
    return this.http.get<HistoryResponse>('/api/history', { params: historyParams(query) });
  }
}

/** Query parameters for GET /api/history; empty filters are left out rather than sent blank. */
export function historyParams(query: HistoryQuery): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const text = String(value).trim();
    if (text === '') continue;
    params = params.set(key, text);
  }
  return params;
}

/**
 * One readable message from a failed request: the API's `message` lines joined by newlines,
 * or a plain description when the server could not be reached or sent no JSON error.
 */
export function describeApiError(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiError> | string | null;
    if (body && typeof body === 'object' && body.message !== undefined) {
      const lines = Array.isArray(body.message) ? body.message : [String(body.message)];
      if (lines.length > 0) return lines.join('\n');
    }
    if (error.status === 0) return 'The server could not be reached. Is the API running?';
    return `Request failed: ${error.status} ${error.statusText}`.trim();
  }
  return error instanceof Error ? error.message : 'Unexpected error';
}
