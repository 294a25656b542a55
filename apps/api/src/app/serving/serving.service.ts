import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  recommendFromRequest,
  servingFromRequest,
  type RecommendRequestDto,
  type RecommendResponse,
  type ServingRequestDto,
  type ServingResponse,
} from '@llm-calc/contracts';
import { HistoryService } from '../history/history.service';

/** Serving and recommend answers: the contracts run the engine; every successful run is logged once. */
@Injectable()
export class ServingService {
  constructor(private readonly history: HistoryService) {}

  serving(dto: ServingRequestDto): ServingResponse {
    return this.record(servingFromRequest(dto, this.meta()));
  }

  recommend(dto: RecommendRequestDto): RecommendResponse {
    return this.record(recommendFromRequest(dto, this.meta()));
  }

  private meta() {
    return { id: randomUUID(), timestamp: new Date().toISOString(), source: 'web' as const };
  }

  /**
   * The one call site that logs serving and recommend runs (kind: 'serving' | 'recommend'), so that
   * the history store can be repointed here. An invalid request throws before this.
   */
  private record<T extends ServingResponse | RecommendResponse>(response: T): T {
    const warning = this.history.recordJson(JSON.stringify(response));
    if (warning) response.warnings.push(warning);
    return response;
  }
}
