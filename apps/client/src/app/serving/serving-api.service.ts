import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { LengthDistributionWire, RecommendResponse, ServingResponse, ServingSlaWire } from '@llm-calc/contracts';
import type { ArrivalKind, WeightFormat } from '@llm-calc/engine';

export interface ServingWorkloadRequest {
  arrival: ArrivalKind;
  request_rate?: number;
  concurrency?: number;
  num_requests?: number;
  input_tokens: LengthDistributionWire;
  output_tokens: LengthDistributionWire;
  seed?: number;
}

export interface SchedulerRequest {
  max_num_seqs?: number;
  max_num_batched_tokens?: number;
  block_size?: number;
  gpu_memory_utilization?: number;
}

/** The body of POST /api/serving. */
export interface ServingRequest {
  model: string;
  gpu: string;
  precision?: WeightFormat;
  runtime?: string;
  tensor_parallel?: number;
  replicas?: number;
  workload: ServingWorkloadRequest;
  scheduler?: SchedulerRequest;
  sla?: ServingSlaWire;
  curves?: boolean;
}

/** The body of POST /api/recommend. */
export interface RecommendRequest {
  model: string;
  gpus?: string[];
  precisions?: WeightFormat[];
  runtimes?: string[];
  max_gpus?: number;
  workload: ServingWorkloadRequest;
  scheduler?: SchedulerRequest;
  sla?: ServingSlaWire;
}

/** POST /api/serving and /api/recommend; errors are read with the shared describeApiError. */
@Injectable({ providedIn: 'root' })
export class ServingApiService {
  private readonly http = inject(HttpClient);

  /** `log: false` answers without adding the run to the history (a reopened link, a side view). */
  serving(request: ServingRequest, options: { log?: boolean } = {}): Observable<ServingResponse> {
    return this.http.post<ServingResponse>(options.log === false ? '/api/serving?log=false' : '/api/serving', request);
  }

  recommend(request: RecommendRequest, options: { log?: boolean } = {}): Observable<RecommendResponse> {
    return this.http.post<RecommendResponse>(options.log === false ? '/api/recommend?log=false' : '/api/recommend', request);
  }
}
