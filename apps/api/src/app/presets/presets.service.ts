import { Injectable } from '@nestjs/common';
import { type AvailableModelsResponse, type GpuConfigsResponse, type ModelConfigResponse } from '@llm-calc/contracts';
import { availableModels, gpuConfigs, modelConfig } from '@llm-calc/application';

/** The catalogues never change while the server runs: build their answers once. */
@Injectable()
export class PresetsService {
  private readonly models = availableModels();
  private readonly gpus = gpuConfigs();

  availableModels(): AvailableModelsResponse {
    return this.models;
  }

  gpuConfigs(): GpuConfigsResponse {
    return this.gpus;
  }

  modelConfig(id: string): ModelConfigResponse {
    return modelConfig(id);
  }
}
