import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RecommendResponse, ServingResponse } from '@llm-calc/contracts';
import type { RecommendRequestDto, ServingRequestDto } from '@llm-calc/dto';
import { recommendFromRequest, servingFromRequest } from '@llm-calc/application';
import { HistoryService } from '../history/history.service';

/** Serving and recommend answers: the contracts run the engine; every successful run is logged once. */
@Injectable()
export class ServingService {
  constructor(private readonly history: HistoryService) {}

  /** `log` false: the answer without adding the run to the history (a page reopening a shared link). */
  serving(dto: ServingRequestDto, log = true): Promise<ServingResponse> {
    const response = servingFromRequest(dto, this.meta());
    return log ? this.record(response) : Promise.resolve(response);
  }

  recommend(dto: RecommendRequestDto, log = true): Promise<RecommendResponse> {
    const response = recommendFromRequest(dto, this.meta());
    return log ? this.record(response) : Promise.resolve(response);
  }

  private meta() {
    return { id: randomUUID(), timestamp: new Date().toISOString(), source: 'web' as const };
  }

  /**
   * The one call site that logs serving and recommend runs (kind: 'serving' | 'recommend'), so that
   * the history store can be repointed here. An invalid request throws before this.
   */
  private async record<T extends ServingResponse | RecommendResponse>(response: T): Promise<T> {
    // Spread: an object type the history accepts as a record of its own kind.
    const warning = await this.history.record({ ...response }, JSON.stringify(response));
    if (warning) response.warnings.push(warning);
    return response;
  }
}
