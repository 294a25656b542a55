import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type HistoryResponse } from '@llm-calc/contracts';
import { HistoryQueryDto } from '@llm-calc/dto';
import { HistoryService } from './history.service';

@ApiTags('history')
@Controller('history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Web and CLI runs, newest first by default; paged, sorted and filtered by the server.' })
  list(@Query() query: HistoryQueryDto): Promise<HistoryResponse> {
    return this.history.query(query);
  }
}
