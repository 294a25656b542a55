import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { calculateFromRequest, type CalculateRequestDto } from '@llm-calc/contracts';
import { HistoryService } from '../history/history.service';

@Injectable()
export class CalculatorService {
  constructor(private readonly history: HistoryService) {}

  /**
   * Computes, logs and returns the response as JSON text: serialized once, written to the log
   * and sent as it is. An invalid request throws before anything is logged.
   */
  calculateJson(dto: CalculateRequestDto): string {
    const response = calculateFromRequest(dto, { id: randomUUID(), timestamp: new Date().toISOString(), source: 'web' });
    const json = JSON.stringify(response);
    const warning = this.history.recordJson(json);
    if (!warning) return json;
    response.warnings.push(warning);
    return JSON.stringify(response);
  }
}
