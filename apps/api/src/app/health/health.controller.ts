import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryService, type HistoryHealth } from '../history/history.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness for monitors; reports whether the history log is writable.' })
  health(): { status: 'ok'; history: HistoryHealth } {
    return { status: 'ok', history: this.history.health() };
  }
}
