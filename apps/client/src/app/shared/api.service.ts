import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type {
  ApiError,
  AvailableModelsResponse,
  CalculateRequest,
  CalculateResponse,
  CalibrateResponse,
  CustomModelsResponse,
  FitResponse,
  GpuConfigsResponse,
  HistoryQuery,
  HistoryResponse,
  ImportHfConfigResponse,
  ModelConfigResponse,
  SavedCustomModel,
  SweepResponse,
} from '@llm-calc/contracts';
import type { ModelArchitecture } from '@llm-calc/engine';

/** POST /api/sweep: a calculate request with one input varied. */
export interface SweepRequest extends CalculateRequest {
  vary: SweepResponse['vary'];
  values: number[];
}

/** POST /api/calibrate: a calculate request plus exactly one measurement. */
export type CalibrateRequest = CalculateRequest & ({ measured_tokens_per_second: number } | { measured_prefill_seconds: number });

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

  /**
   * `log: false` computes without adding the run to the history (a link reopened, a page
   * refreshed: nobody asked for a new run).
   */
  calculate(request: CalculateRequest, options: { log?: boolean } = {}): Observable<CalculateResponse> {
    const url = options.log === false ? '/api/calculate?log=false' : '/api/calculate';
    return this.http.post<CalculateResponse>(url, request);
  }

  fit(request: CalculateRequest): Observable<FitResponse> {
    return this.http.post<FitResponse>('/api/fit', request);
  }

  sweep(request: SweepRequest): Observable<SweepResponse> {
    return this.http.post<SweepResponse>('/api/sweep', request);
  }

  calibrate(request: CalibrateRequest): Observable<CalibrateResponse> {
    return this.http.post<CalibrateResponse>('/api/calibrate', request);
  }

  customModels(): Observable<CustomModelsResponse> {
    return this.http.get<CustomModelsResponse>('/api/custom_models');
  }

  /** Saves (or replaces) a custom model under `name`. */
  saveCustomModel(name: string, model: ModelArchitecture): Observable<SavedCustomModel> {
    return this.http.post<SavedCustomModel>('/api/custom_models', { ...model, name });
  }

  deleteCustomModel(name: string): Observable<{ deleted: string }> {
    return this.http.delete<{ deleted: string }>(`/api/custom_models/${encodeURIComponent(name)}`);
  }

  /** Maps the parsed JSON of a Hugging Face config.json to a custom model. */
  importHfConfig(config: unknown): Observable<ImportHfConfigResponse> {
    return this.http.post<ImportHfConfigResponse>('/api/import_hf_config', config);
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
