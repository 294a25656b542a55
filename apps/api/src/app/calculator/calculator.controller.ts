import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalculateRequestDto } from '@llm-calc/contracts';
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
  calculate(@Body() body: CalculateRequestDto): string {
    // Sent as the JSON text that was logged: one serialization per request.
    return this.calculator.calculateJson(body);
  }
}
