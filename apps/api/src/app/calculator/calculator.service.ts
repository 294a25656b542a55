import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type CalculateRequestDto } from '@llm-calc/dto';
import { calculateFromRequest } from '@llm-calc/application';
import { HistoryService } from '../history/history.service';

@Injectable()
export class CalculatorService {
  constructor(private readonly history: HistoryService) {}

  /**
   * Computes, logs (unless `log` is false: a page reopening a shared link recomputes what was
   * already logged) and returns the response as JSON text: serialized once, kept in the history
   * and sent as it is. An invalid request throws before anything is logged.
   */
  async calculateJson(dto: CalculateRequestDto, log = true): Promise<string> {
    const response = calculateFromRequest(dto, { id: randomUUID(), timestamp: new Date().toISOString(), source: 'web' });
    const json = JSON.stringify(response);
    if (!log) return json;
    const warning = await this.history.record(response, json);
    if (!warning) return json;
    response.warnings.push(warning);
    return JSON.stringify(response);
  }
}
