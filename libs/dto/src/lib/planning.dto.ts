import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import type { ActivationRecompute, TrainingPrecision } from '@llm-calc/engine';
import { MAX_SWEEP_VALUES, PLANNING_FIELDS as P, SWEEP_VARIABLES, TRAINING_FIELDS as T, type SweepVariable } from '@llm-calc/fields';
import { FieldRules } from './field-rules';
import { CalculateRequestDto, WorkloadRequestDto } from './calculate-request.dto';
import { CustomSpec, PRESET_ID_PATTERN, PresetIdUnless } from './selection';
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
  @FieldRules(P.fewest_gpus)
  fewest_gpus?: boolean;
}

/** POST /api/fit: a calculate request; answers the largest batch, longest context and fewest GPUs. */
export class FitRequestDto extends CalculateRequestDto {}

export { SWEEP_VARIABLES, type SweepVariable };

/** POST /api/sweep: a calculate request with one input varied over up to 1,000 values. */
export class SweepRequestDto extends CalculateRequestDto {
  @IsDefined()
  @IsIn(SWEEP_VARIABLES)
  vary!: SweepVariable;

  /** Whole numbers >= 1, at most 1,000 of them. */
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SWEEP_VALUES)
  @IsInt({ each: true })
  @Min(P.values.min as number, { each: true })
  @Max(P.values.max as number, { each: true })
  values!: number[];
}

/** POST /api/calibrate: a calculate request plus one measurement. */
export class CalibrateRequestDto extends CalculateRequestDto {
  /** Measured single-sequence decode speed (tokens/s). */
  @ValidateIf((o: CalibrateRequestDto) => o.measured_prefill_seconds == null || o.measured_tokens_per_second != null)
  @IsDefined({ message: 'measured_tokens_per_second or measured_prefill_seconds is required' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(P.measured_tokens_per_second.min as number)
  @Max(P.measured_tokens_per_second.max as number)
  measured_tokens_per_second?: number;

  @FieldRules(P.measured_prefill_seconds)
  measured_prefill_seconds?: number;
}

/** POST /api/training: time, FLOPs, memory and cost of a training run. */
export class TrainingRequestDto {
  @PresetIdUnless('model', 'custom_model', '$property must be a preset id')
  model?: string;

  @CustomSpec(() => CustomModelDto)
  custom_model?: CustomModelDto;

  @PresetIdUnless('gpu', 'custom_gpu', '$property must be a preset id')
  gpu?: string;

  @CustomSpec(() => CustomGpuDto)
  custom_gpu?: CustomGpuDto;

  @FieldRules(T.num_gpus)
  num_gpus?: number;

  @FieldRules(T.training_tokens)
  training_tokens?: number;

  @FieldRules(T.sequence_length)
  sequence_length?: number;

  @FieldRules(T.micro_batch_size)
  micro_batch_size?: number;

  @FieldRules(T.precision)
  precision?: TrainingPrecision;

  @FieldRules(T.zero_stage)
  zero_stage?: 0 | 1 | 2 | 3;

  @FieldRules(T.activation_recompute)
  activation_recompute?: ActivationRecompute;

  @FieldRules(T.mfu)
  mfu?: number;

  @FieldRules(T.price_per_gpu_hour)
  price_per_gpu_hour?: number;
}

/** POST /api/custom_models: a named custom model to save (`name` is required and is the key). */
export class SaveCustomModelDto extends CustomModelDto {}
