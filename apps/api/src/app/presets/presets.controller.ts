import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AvailableModelsResponse, GpuConfigsResponse, ModelConfigResponse } from '@llm-calc/contracts';
import { PresetsService } from './presets.service';

@ApiTags('presets')
@Controller()
export class PresetsController {
  constructor(private readonly presets: PresetsService) {}

  @Get('available_models')
  @ApiOperation({ summary: 'Model presets grouped by family.' })
  availableModels(): AvailableModelsResponse {
    return this.presets.availableModels();
  }

  @Get('gpu_configs')
  @ApiOperation({ summary: 'GPUs grouped by family: memory, bandwidth, dense peak FLOP/s per supported precision.' })
  gpuConfigs(): GpuConfigsResponse {
    return this.presets.gpuConfigs();
  }

  @Get('model_config/:model_name')
  @ApiOperation({ summary: "One preset's full architecture." })
  @ApiNotFoundResponse({ description: 'Unknown model name (named back, with the closest ids).' })
  modelConfig(@Param('model_name') name: string): ModelConfigResponse {
    return this.presets.modelConfig(name);
  }
}
