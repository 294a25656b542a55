import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RuntimesResponse } from '@llm-calc/contracts';
import { RuntimesService } from './runtimes.service';

@ApiTags('runtimes')
@Controller()
export class RuntimesController {
  constructor(private readonly runtimes: RuntimesService) {}

  @Get('runtimes')
  @ApiOperation({
    summary: 'The runtime profiles (the `runtime` field): formats, offload, memory model, sources and cross-validated error per regime.',
  })
  list(): RuntimesResponse {
    return this.runtimes.list();
  }
}
