import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RecommendResponse, ServingResponse } from '@llm-calc/contracts';
import { RecommendRequestDto, ServingRequestDto } from '@llm-calc/dto';
import { ServingService } from './serving.service';

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
  serving(@Body() body: ServingRequestDto): Promise<ServingResponse> {
    return this.service.serving(body);
  }

  @Post('recommend')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Search GPU kind x tensor parallel x precision x replicas for the deployments that meet the SLA under the workload, cheapest first, with the rejected ones and why (does not fit, TTFT, TPOT...). Logged with kind "recommend".',
  })
  @ApiOkResponse({ description: 'RecommendResponse: options (cheapest first), best, rejected, definitions.' })
  @ApiBadRequestResponse({ description: '{statusCode, message: [one line per problem, naming the field], error}' })
  recommend(@Body() body: RecommendRequestDto): Promise<RecommendResponse> {
    return this.service.recommend(body);
  }
}
