import { BadRequestException, Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { RecommendResponse, ServingResponse } from '@llm-calc/contracts';
import { RecommendRequestDto, ServingRequestDto } from '@llm-calc/dto';
import { ServingService } from './serving.service';

const LOG_QUERY = {
  name: 'log',
  required: false,
  enum: ['true', 'false'],
  description: 'false: answer without adding the run to the history (no API token needed). Default true.',
};

/** The `log` query: absent or 'true' logs, 'false' does not; anything else is a 400 naming it. */
function logFlag(log: string | undefined): boolean {
  if (log !== undefined && log !== 'true' && log !== 'false') throw new BadRequestException(['log must be true or false']);
  return log !== 'false';
}

@ApiTags('serving')
@Controller()
export class ServingController {
  constructor(private readonly service: ServingService) {}

  @Post('serving')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Simulate serving under load (continuous batching, paged KV pool, chunked prefill, preemption): throughput, TTFT/TPOT/e2e percentiles, KV-pool use, SLA and the highest rate meeting it, cost per million input and output tokens. Deterministic for workload.seed; logged with kind "serving".',
  })
  @ApiOkResponse({ description: 'ServingResponse; `definitions` says what each figure means (TPOT excludes the first token).' })
  @ApiBadRequestResponse({ description: '{statusCode, message: [one line per problem, naming the field], error}' })
  @ApiQuery(LOG_QUERY)
  serving(@Body() body: ServingRequestDto, @Query('log') log?: string): Promise<ServingResponse> {
    return this.service.serving(body, logFlag(log));
  }

  @Post('recommend')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Search GPU kind x tensor parallel x precision x replicas for the deployments that meet the SLA under the workload, cheapest first, with the rejected ones and why (does not fit, TTFT, TPOT...). Logged with kind "recommend".',
  })
  @ApiOkResponse({ description: 'RecommendResponse: options (cheapest first), best, rejected, definitions.' })
  @ApiBadRequestResponse({ description: '{statusCode, message: [one line per problem, naming the field], error}' })
  @ApiQuery(LOG_QUERY)
  recommend(@Body() body: RecommendRequestDto, @Query('log') log?: string): Promise<RecommendResponse> {
    return this.service.recommend(body, logFlag(log));
  }
}
