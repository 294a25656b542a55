import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { calculateFromRequest, type CalculateRequestDto, type CalculateResponse } from '@llm-calc/contracts';
import { HistoryService } from '../history/history.service';

@Injectable()
export class CalculatorService {
  constructor(private readonly history: HistoryService) {}

  /** Computes, then logs the whole response; an invalid request throws before anything is logged. */
  async calculate(dto: CalculateRequestDto): Promise<CalculateResponse> {
    const response = calculateFromRequest(dto, { id: randomUUID(), timestamp: new Date().toISOString(), source: 'web' });
    const warning = await this.history.record(response);
    if (warning) response.warnings.push(warning);
    return response;
  }
}
