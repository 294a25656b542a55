import { CustomSpec, PresetIdUnless } from './selection';
import type { KvCacheFormat, WeightFormat } from '@llm-calc/engine';
import { INFERENCE_FIELDS as F, type RuntimeChoice } from '@llm-calc/fields';
import { FieldRules } from './field-rules';
import { CustomGpuDto } from './custom-gpu.dto';
import { CustomModelDto } from './custom-model.dto';

export { PRESET_ID_PATTERN } from './selection';

/**
 * The model and the workload: everything of a calculate request but the GPU. The workload
 * fields' rules, meaning and defaults are their records in the field registry (libs/fields).
 */
export class WorkloadRequestDto {
  /** Model preset id (GET /api/available_models). */
  @PresetIdUnless('model', 'custom_model')
  model?: string;

  @CustomSpec(() => CustomModelDto)
  custom_model?: CustomModelDto;

  @FieldRules(F.sequence_length)
  sequence_length?: number;

  @FieldRules(F.output_tokens)
  output_tokens?: number;

  @FieldRules(F.batch_size)
  batch_size?: number;

  @FieldRules(F.precision)
  precision?: WeightFormat;

  @FieldRules(F.kv_cache_precision)
  kv_cache_precision?: KvCacheFormat;

  @FieldRules(F.num_gpus)
  num_gpus?: number;

  @FieldRules(F.tensor_parallel)
  tensor_parallel?: number;

  @FieldRules(F.pipeline_parallel)
  pipeline_parallel?: number;

  /** The serving stack (GET /api/runtimes); auto when absent. */
  @FieldRules(F.runtime)
  runtime?: RuntimeChoice;

  @FieldRules(F.gpu_layers)
  gpu_layers?: number;

  @FieldRules(F.host_memory_bandwidth_bytes_per_second)
  host_memory_bandwidth_bytes_per_second?: number;

  @FieldRules(F.gpu_memory_utilization)
  gpu_memory_utilization?: number;

  @FieldRules(F.efficiency)
  efficiency?: number;

  @FieldRules(F.memory_efficiency)
  memory_efficiency?: number;

  @FieldRules(F.flash_attention)
  flash_attention?: boolean;

  @FieldRules(F.price_per_gpu_hour)
  price_per_gpu_hour?: number;
}

/** POST /api/calculate: one of model / custom_model and one of gpu / custom_gpu. */
export class CalculateRequestDto extends WorkloadRequestDto {
  /** GPU preset id (GET /api/gpu_configs). */
  @PresetIdUnless('gpu', 'custom_gpu')
  gpu?: string;

  @CustomSpec(() => CustomGpuDto)
  custom_gpu?: CustomGpuDto;
}
