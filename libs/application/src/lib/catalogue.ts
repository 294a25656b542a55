import { parameterCounts, supportsWeightFormat, WEIGHT_FORMATS } from '@llm-calc/engine';
import { gpuFamilies, modelFamilies } from '@llm-calc/presets';
import { resolveModelPreset } from './resolve';
import type { AvailableModelsResponse, GpuConfigsResponse, ModelConfigResponse } from '@llm-calc/contracts';
import { findModelPreset } from '@llm-calc/presets';

/** GET /api/available_models: model presets grouped by family. */
export function availableModels(): AvailableModelsResponse {
  return {
    families: modelFamilies().map(({ family, models }) => ({
      family,
      models: models.map((m) => {
        const counts = parameterCounts(m);
        return {
          id: m.id,
          name: m.name,
          family: m.family,
          total_parameters: counts.total,
          active_parameters: counts.active,
          max_position_embeddings: m.max_position_embeddings ?? null,
        };
      }),
    })),
  };
}

/** GET /api/gpu_configs: GPUs grouped by family with their supported weight formats. */
export function gpuConfigs(): GpuConfigsResponse {
  return {
    families: gpuFamilies().map(({ family, gpus }) => ({
      family,
      gpus: gpus.map((g) => ({
        id: g.id,
        name: g.name,
        vendor: g.vendor,
        family: g.family,
        memory_bytes: g.memory_bytes,
        memory_bandwidth_bytes_per_second: g.memory_bandwidth_bytes_per_second,
        peak_flops: g.peak_flops,
        interconnect_bandwidth_bytes_per_second: g.interconnect_bandwidth_bytes_per_second,
        supported_precisions: WEIGHT_FORMATS.filter((f) => supportsWeightFormat(f, g)),
        price_per_gpu_hour: g.price_per_gpu_hour,
      })),
    })),
  };
}

/** GET /api/model_config/:name: one preset's architecture with family and source (404 if unknown). */
export function modelConfig(id: string): ModelConfigResponse {
  const resolved = resolveModelPreset(id, 404);
  const preset = findModelPreset(id);
  return {
    id: resolved.id as string,
    family: resolved.family,
    source: preset?.source ?? '',
    ...resolved.architecture,
  };
}
