import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { ACTIVATION_RECOMPUTE, TRAINING_PRECISIONS, type ActivationRecompute, type TrainingPrecision } from '@llm-calc/engine';
import { CalculateRequestDto, PRESET_ID_PATTERN, WorkloadRequestDto } from './calculate-request.dto';
import { CustomGpuDto } from './custom-gpu.dto';
import { CustomModelDto } from './custom-model.dto';

/** POST /api/compare: a workload on several GPUs (all presets when `gpus` is absent). */
export class CompareRequestDto extends WorkloadRequestDto {
  /** GPU preset ids to compare. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(PRESET_ID_PATTERN, { each: true, message: 'each value in gpus must be a preset id' })
  gpus?: string[];

  /**
   * Each GPU with the fewest of its kind that hold the workload (tensor parallel, pipeline 1),
   * instead of the same num_gpus for all. Default false; not with num_gpus, tensor_parallel or
   * pipeline_parallel.
   */
  @IsOptional()
  @IsBoolean()
  fewest_gpus?: boolean;
}

/** POST /api/fit: a calculate request; answers the largest batch, longest context and fewest GPUs. */
export class FitRequestDto extends CalculateRequestDto {}

export const SWEEP_VARIABLES = ['batch_size', 'sequence_length', 'num_gpus'] as const;
export type SweepVariable = (typeof SWEEP_VARIABLES)[number];

/** POST /api/sweep: a calculate request with one input varied over up to 1,000 values. */
export class SweepRequestDto extends CalculateRequestDto {
  @IsDefined()
  @IsIn(SWEEP_VARIABLES)
  vary!: SweepVariable;

  /** Whole numbers >= 1, at most 1,000 of them. */
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100_000_000, { each: true })
  values!: number[];
}

/** POST /api/calibrate: a calculate request plus one measurement. */
export class CalibrateRequestDto extends CalculateRequestDto {
  /** Measured single-sequence decode speed (tokens/s). */
  @ValidateIf((o: CalibrateRequestDto) => o.measured_prefill_seconds == null || o.measured_tokens_per_second != null)
  @IsDefined({ message: 'measured_tokens_per_second or measured_prefill_seconds is required' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1e9)
  measured_tokens_per_second?: number;

  /** Measured prefill time (seconds). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1e7)
  measured_prefill_seconds?: number;
}

/** POST /api/training: time, FLOPs, memory and cost of a training run. */
export class TrainingRequestDto {
  @ValidateIf((o: TrainingRequestDto) => o.custom_model == null || o.model != null)
  @IsDefined({ message: 'model or custom_model is required' })
  @IsString()
  @Matches(PRESET_ID_PATTERN, { message: '$property must be a preset id' })
  model?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomModelDto)
  custom_model?: CustomModelDto;

  @ValidateIf((o: TrainingRequestDto) => o.custom_gpu == null || o.gpu != null)
  @IsDefined({ message: 'gpu or custom_gpu is required' })
  @IsString()
  @Matches(PRESET_ID_PATTERN, { message: '$property must be a preset id' })
  gpu?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomGpuDto)
  custom_gpu?: CustomGpuDto;

  /** GPUs (data parallel). Default 8. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  num_gpus?: number;

  /** Tokens to train on. Default 1e12. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(1e16)
  training_tokens?: number;

  /** Default 4096. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  sequence_length?: number;

  /** Sequences per GPU per step. Default 1. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  micro_batch_size?: number;

  /** Default bf16. */
  @IsOptional()
  @IsIn(TRAINING_PRECISIONS)
  precision?: TrainingPrecision;

  /** ZeRO stage 0-3. Default 1. */
  @IsOptional()
  @IsIn([0, 1, 2, 3])
  zero_stage?: 0 | 1 | 2 | 3;

  /** Default selective. */
  @IsOptional()
  @IsIn(ACTIVATION_RECOMPUTE)
  activation_recompute?: ActivationRecompute;

  /** Model FLOPs utilization in (0, 1]. Default 0.4. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive({ message: '$property must be in (0, 1]' })
  @Max(1, { message: '$property must be in (0, 1]' })
  mfu?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  price_per_gpu_hour?: number;
}

/** POST /api/custom_models: a named custom model to save (`name` is required and is the key). */
export class SaveCustomModelDto extends CustomModelDto {}
