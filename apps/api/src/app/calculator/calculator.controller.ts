import { BadRequestException, Body, Controller, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CalculateRequestDto } from '@llm-calc/dto';
import { CalculatorService } from './calculator.service';

@ApiTags('calculator')
@Controller()
export class CalculatorController {
  constructor(private readonly calculator: CalculatorService) {}

  @Post('calculate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Estimate parameters, memory, FLOPs and performance; the run is logged to the history.' })
  @ApiOkResponse({ description: 'CalculateResponse (raw figures in base units: _bytes, _flops, _seconds, _tokens_per_second).' })
  @ApiBadRequestResponse({ description: '{statusCode, message: [one line per problem, naming the field], error}' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiQuery({
    name: 'log',
    required: false,
    enum: ['true', 'false'],
    description: 'false: compute without adding the run to the history (a page reopening a shared link). Default true.',
  })
  calculate(@Body() body: CalculateRequestDto, @Query('log') log?: string): Promise<string> {
    if (log !== undefined && log !== 'true' && log !== 'false') {
      throw new BadRequestException(['log must be true or false']);
    }
    // Sent as the JSON text that was logged: one serialization per request.
    return this.calculator.calculateJson(body, log !== 'false');
  }
}
