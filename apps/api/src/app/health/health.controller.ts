import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HistoryStoreHealth } from '@llm-calc/history-log';
import { HistoryService } from '../history/history.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness for monitors; reports the state of the history store (backend, ok/degraded/unavailable, writable).' })
  health(): { status: 'ok'; history: HistoryStoreHealth } {
    return { status: 'ok', history: this.history.health() };
  }
}
