import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CustomModelStoreHealth, HistoryStoreHealth } from '@llm-calc/history-log';
import { CustomModelsService } from '../custom-models/custom-models.service';
import { HistoryService } from '../history/history.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly history: HistoryService,
    private readonly customModels: CustomModelsService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Liveness for monitors; the state of the history store (backend, ok/degraded/unavailable, writable) and of the saved custom models ' +
      '(writable, the name of an unreadable file moved aside). Never a server path.',
  })
  health(): { status: 'ok'; history: HistoryStoreHealth; custom_models: CustomModelStoreHealth } {
    return { status: 'ok', history: this.history.health(), custom_models: this.customModels.health() };
  }
}
