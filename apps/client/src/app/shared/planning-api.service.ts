import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CalculateRequest, CompareResponse, TrainingResponse } from '@llm-calc/contracts';
import type { ActivationRecompute, GpuSpec, ModelArchitecture, TrainingPrecision } from '@llm-calc/engine';

/** The body of POST /api/compare: a workload without a GPU, and the GPU presets to try (all when absent). */
export type CompareRequest = Omit<CalculateRequest, 'gpu' | 'custom_gpu'> & { gpus?: string[]; fewest_gpus?: boolean };

export type ZeroStage = 0 | 1 | 2 | 3;

/** The body of POST /api/training; the server fills in every default left out. */
export interface TrainingRequest {
  model?: string;
  custom_model?: ModelArchitecture;
  gpu?: string;
  custom_gpu?: GpuSpec;
  num_gpus?: number;
  training_tokens?: number;
  sequence_length?: number;
  micro_batch_size?: number;
  precision?: TrainingPrecision;
  zero_stage?: ZeroStage;
  activation_recompute?: ActivationRecompute;
  mfu?: number;
  price_per_gpu_hour?: number;
}

/**
 * The planning endpoints used by /compare and /training. Kept apart from ApiService so the
 * calculator's service stays as it is; errors are read with the same describeApiError.
 */
@Injectable({ providedIn: 'root' })
export class PlanningApiService {
  private readonly http = inject(HttpClient);

  compare(request: CompareRequest): Observable<CompareResponse> {
    return this.http.post<CompareResponse>('/api/compare', request);
  }

  training(request: TrainingRequest): Observable<TrainingResponse> {
    return this.http.post<TrainingResponse>('/api/training', request);
  }
}
