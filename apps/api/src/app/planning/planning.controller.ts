import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CalibrateResponse,
  type CompareResponse,
  type FitResponse,
  type ImportHfConfigResponse,
  type SweepResponse,
  type TrainingResponse,
} from '@llm-calc/contracts';
import { CalibrateRequestDto, CompareRequestDto, FitRequestDto, SweepRequestDto, TrainingRequestDto } from '@llm-calc/dto';
import { PlanningService } from './planning.service';

@ApiTags('planning')
@Controller()
export class PlanningController {
  constructor(private readonly planning: PlanningService) {}

  @Post('compare')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The workload on several GPUs (all presets when gpus is absent), with cost; cheapest_fitting names the best fit.',
  })
  compare(@Body() body: CompareRequestDto): CompareResponse {
    return this.planning.compare(body);
  }

  @Post('fit')
  @HttpCode(200)
  @ApiOperation({ summary: 'The largest batch at this context, the longest context at this batch, the fewest GPUs (tensor parallel).' })
  fit(@Body() body: FitRequestDto): FitResponse {
    return this.planning.fit(body);
  }

  @Post('sweep')
  @HttpCode(200)
  @ApiOperation({ summary: 'One input (batch_size, sequence_length or num_gpus) varied over up to 1,000 values.' })
  sweep(@Body() body: SweepRequestDto): SweepResponse {
    return this.planning.sweep(body);
  }

  @Post('calibrate')
  @HttpCode(200)
  @ApiOperation({ summary: 'The efficiency that reproduces a measured decode speed or prefill time, and the current setting’s error.' })
  calibrate(@Body() body: CalibrateRequestDto): CalibrateResponse {
    return this.planning.calibrate(body);
  }

  @Post('training')
  @HttpCode(200)
  @ApiOperation({ summary: 'Training FLOPs (6ND, 8ND with full recompute, plus attention), time, per-GPU memory under ZeRO, cost.' })
  training(@Body() body: TrainingRequestDto): TrainingResponse {
    return this.planning.training(body);
  }

  @Post('import_hf_config')
  @HttpCode(200)
  @ApiOperation({ summary: 'A Hugging Face config.json as a custom_model, with the keys that were not understood.' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  importHfConfig(@Body() body: Record<string, unknown>): ImportHfConfigResponse {
    return this.planning.importHfConfig(body);
  }
}
