import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { KV_CACHE_FORMATS, WEIGHT_FORMATS, type KvCacheFormat, type WeightFormat } from '@llm-calc/engine';
import { CustomGpuDto } from './custom-gpu.dto';
import { CustomModelDto } from './custom-model.dto';

export const PRESET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const PRESET_ID_MESSAGE = '$property must be a preset id (letters, digits, ".", "_" or "-", at most 100 characters)';

/** The model and the workload: everything of a calculate request but the GPU. */
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

  /** Prompt (context) tokens per sequence. Default 4096. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  sequence_length?: number;

  /** Tokens to generate per sequence. Default 1000. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  output_tokens?: number;

  /** Concurrent sequences. Default 1. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  batch_size?: number;

  /** Weight format. Default bf16. */
  @IsOptional()
  @IsIn(WEIGHT_FORMATS)
  precision?: WeightFormat;

  /** KV-cache format. Default bf16. */
  @IsOptional()
  @IsIn(KV_CACHE_FORMATS)
  kv_cache_precision?: KvCacheFormat;

  /** GPUs in all: tensor_parallel * pipeline_parallel * data-parallel replicas. Default t*p. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  num_gpus?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1024)
  tensor_parallel?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1024)
  pipeline_parallel?: number;

  /** Compute efficiency: fraction of peak FLOP/s reached, in (0, 1]. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive({ message: '$property must be in (0, 1]' })
  @Max(1, { message: '$property must be in (0, 1]' })
  efficiency?: number;

  /** Memory-bandwidth efficiency: fraction of peak bandwidth reached, in (0, 1]. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive({ message: '$property must be in (0, 1]' })
  @Max(1, { message: '$property must be in (0, 1]' })
  memory_efficiency?: number;

  /** Fused attention kernels (no S^2 score matrix in memory). Default true. */
  @IsOptional()
  @IsBoolean()
  flash_attention?: boolean;

  /** Price per GPU-hour in USD; defaults to the GPU preset's indicative price. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
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
