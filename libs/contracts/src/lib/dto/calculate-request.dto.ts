import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import type { KvCacheFormat, WeightFormat } from '@llm-calc/engine';
import { INFERENCE_FIELDS as F } from '@llm-calc/fields';
import { FieldRules } from './field-rules';
import { CustomGpuDto } from './custom-gpu.dto';
import { CustomModelDto } from './custom-model.dto';

export const PRESET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const PRESET_ID_MESSAGE = '$property must be a preset id (letters, digits, ".", "_" or "-", at most 100 characters)';

/**
 * The model and the workload: everything of a calculate request but the GPU. The workload
 * fields' rules, meaning and defaults are their records in the field registry (libs/fields).
 */
export class WorkloadRequestDto {
  /** Model preset id (GET /api/available_models). */
  @ValidateIf((o: WorkloadRequestDto) => o.custom_model == null || o.model != null)
  @IsDefined({ message: 'model or custom_model is required' })
  @IsString()
  @Matches(PRESET_ID_PATTERN, { message: PRESET_ID_MESSAGE })
  model?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomModelDto)
  custom_model?: CustomModelDto;

  @FieldRules(F.sequence_length, 'range-first')
  sequence_length?: number;

  @FieldRules(F.output_tokens, 'range-first')
  output_tokens?: number;

  @FieldRules(F.batch_size, 'range-first')
  batch_size?: number;

  @FieldRules(F.precision, 'range-first')
  precision?: WeightFormat;

  @FieldRules(F.kv_cache_precision, 'range-first')
  kv_cache_precision?: KvCacheFormat;

  @FieldRules(F.num_gpus, 'range-first')
  num_gpus?: number;

  @FieldRules(F.tensor_parallel, 'range-first')
  tensor_parallel?: number;

  @FieldRules(F.pipeline_parallel, 'range-first')
  pipeline_parallel?: number;

  @FieldRules(F.efficiency, 'range-first')
  efficiency?: number;

  @FieldRules(F.memory_efficiency, 'range-first')
  memory_efficiency?: number;

  @FieldRules(F.flash_attention, 'range-first')
  flash_attention?: boolean;

  @FieldRules(F.price_per_gpu_hour, 'range-first')
  price_per_gpu_hour?: number;
}

/** POST /api/calculate: one of model / custom_model and one of gpu / custom_gpu. */
export class CalculateRequestDto extends WorkloadRequestDto {
  /** GPU preset id (GET /api/gpu_configs). */
  @ValidateIf((o: CalculateRequestDto) => o.custom_gpu == null || o.gpu != null)
  @IsDefined({ message: 'gpu or custom_gpu is required' })
  @IsString()
  @Matches(PRESET_ID_PATTERN, { message: PRESET_ID_MESSAGE })
  gpu?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomGpuDto)
  custom_gpu?: CustomGpuDto;
}
