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
import {
  ARRIVAL_KINDS,
  KV_CACHE_FORMATS,
  LENGTH_DISTRIBUTIONS,
  WEIGHT_FORMATS,
  type ArrivalKind,
  type KvCacheFormat,
  type LengthDistributionKind,
  type WeightFormat,
} from '@llm-calc/engine';
import { INFERENCE_FIELDS as F } from '@llm-calc/fields';
import { CustomGpuDto } from './custom-gpu.dto';
import { CustomModelDto } from './custom-model.dto';
import { FieldRules } from './field-rules';
import { CustomSpec, PRESET_ID_PATTERN, PresetIdUnless } from './selection';
const FINITE = { allowNaN: false, allowInfinity: false } as const;

/** A token-length distribution: fixed (mean), uniform (min, max), lognormal (mean, sigma; optional min/max clip). */
export class LengthDistributionDto {
  @IsDefined()
  @IsIn(LENGTH_DISTRIBUTIONS)
  distribution!: LengthDistributionKind;

  @ValidateIf((o: LengthDistributionDto) => o.distribution !== 'uniform' || o.mean != null)
  @IsDefined({ message: '$property is required for fixed and lognormal' })
  @IsNumber(FINITE)
  @Min(1)
  @Max(1_000_000)
  mean?: number;

  @ValidateIf((o: LengthDistributionDto) => o.distribution === 'uniform' || o.min != null)
  @IsDefined({ message: '$property is required for uniform' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  min?: number;

  @ValidateIf((o: LengthDistributionDto) => o.distribution === 'uniform' || o.max != null)
  @IsDefined({ message: '$property is required for uniform' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  max?: number;

  /** Standard deviation of ln(length), lognormal only. */
  @ValidateIf((o: LengthDistributionDto) => o.distribution === 'lognormal' || o.sigma != null)
  @IsDefined({ message: '$property is required for lognormal' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(3)
  sigma?: number;
}

/** How requests arrive and how long they are. */
export class ServingWorkloadDto {
  /** poisson (request_rate), concurrency (closed-loop users), offline (all at t = 0). */
  @IsDefined()
  @IsIn(ARRIVAL_KINDS)
  arrival!: ArrivalKind;

  /** Requests per second (poisson). */
  @ValidateIf((o: ServingWorkloadDto) => o.arrival === 'poisson' || o.request_rate != null)
  @IsDefined({ message: '$property is required for poisson arrivals' })
  @IsNumber(FINITE)
  @IsPositive()
  @Max(1_000_000)
  request_rate?: number;

  /** Users, each sending its next request when the last one finishes (concurrency). */
  @ValidateIf((o: ServingWorkloadDto) => o.arrival === 'concurrency' || o.concurrency != null)
  @IsDefined({ message: '$property is required for concurrency arrivals' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  concurrency?: number;

  /** Requests simulated. Default 1000. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  num_requests?: number;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => LengthDistributionDto)
  input_tokens!: LengthDistributionDto;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => LengthDistributionDto)
  output_tokens!: LengthDistributionDto;

  /** Seed of the trace. Default 1. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed?: number;
}

/** The server's scheduler (vLLM names). Defaults: 256, 8192, 16, 0.9. */
export class SchedulerDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_536)
  max_num_seqs?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_048_576)
  max_num_batched_tokens?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1024)
  block_size?: number;

  @FieldRules(F.gpu_memory_utilization)
  gpu_memory_utilization?: number;
}

const slaTarget = () => (target: object, key: string) => {
  IsOptional()(target, key);
  IsNumber(FINITE)(target, key);
  IsPositive()(target, key);
  Max(1e6)(target, key);
};

/** Latency targets in seconds; any subset. TPOT excludes the first token. */
export class SlaDto {
  @slaTarget() ttft_p50_seconds?: number;
  @slaTarget() ttft_p90_seconds?: number;
  @slaTarget() ttft_p99_seconds?: number;
  @slaTarget() tpot_p50_seconds?: number;
  @slaTarget() tpot_p90_seconds?: number;
  @slaTarget() tpot_p99_seconds?: number;
  @slaTarget() e2e_p50_seconds?: number;
  @slaTarget() e2e_p90_seconds?: number;
  @slaTarget() e2e_p99_seconds?: number;
}

/** The model and the workload, shared by POST /api/serving and POST /api/recommend. */
export class ServingBaseDto {
  @PresetIdUnless('model', 'custom_model')
  model?: string;

  @CustomSpec(() => CustomModelDto)
  custom_model?: CustomModelDto;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ServingWorkloadDto)
  workload!: ServingWorkloadDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SchedulerDto)
  scheduler?: SchedulerDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SlaDto)
  sla?: SlaDto;

  @FieldRules(F.efficiency)
  efficiency?: number;

  @FieldRules(F.memory_efficiency)
  memory_efficiency?: number;

  /**
   * Serving stack whose step costs and KV pool the simulation uses (GET /api/runtimes: vllm,
   * sglang, tensorrt-llm, lmdeploy, transformers, roofline...). Default auto, as calculate: the
   * stack a user of this GPU and format runs (vLLM on datacenter GPUs).
   */
  @FieldRules(F.runtime)
  runtime?: string;

  /** Per-step fixed cost in seconds (launches, sampling, scheduling). Default 0.0003 (a runtime: its own). */
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  step_overhead_seconds?: number;
}

/** POST /api/serving: one deployment under a workload. */
export class ServingRequestDto extends ServingBaseDto {
  @PresetIdUnless('gpu', 'custom_gpu')
  gpu?: string;

  @CustomSpec(() => CustomGpuDto)
  custom_gpu?: CustomGpuDto;

  @FieldRules(F.precision)
  precision?: WeightFormat;

  /** KV-cache format. Default fp8 with fp8 weights, else bf16. */
  @IsOptional()
  @IsIn(KV_CACHE_FORMATS)
  kv_cache_precision?: KvCacheFormat;

  /** GPUs per replica (tensor parallel). Default 1. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  tensor_parallel?: number;

  /** Copies of the model behind a load balancer. Default 1 (or num_gpus / tensor_parallel). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  replicas?: number;

  /** All GPUs = tensor_parallel x replicas. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_536)
  num_gpus?: number;

  /** USD per GPU-hour; defaults to the GPU preset's indicative price. */
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1_000_000)
  price_per_gpu_hour?: number;

  /** Also answer the latency-vs-load and throughput-vs-concurrency curves (the /serving page's charts). Default false. */
  @IsOptional()
  @IsBoolean()
  curves?: boolean;
}

/** POST /api/recommend: the deployments that meet an SLA, cheapest first. */
export class RecommendRequestDto extends ServingBaseDto {
  /** GPU preset ids to search (all when absent). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(PRESET_ID_PATTERN, { each: true, message: 'each value in gpus must be a preset id' })
  gpus?: string[];

  /** Weight formats to search. Default bf16, fp8, int4. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(11)
  @IsIn(WEIGHT_FORMATS, { each: true })
  precisions?: WeightFormat[];

  /** Tensor-parallel degrees to search. Default 1-8 (those dividing the heads). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(64, { each: true })
  tensor_parallel?: number[];

  /** Serving stacks to search (each option names its runtime). Default: runtime, or auto per GPU and format. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @Matches(PRESET_ID_PATTERN, { each: true, message: 'each value in runtimes must be a runtime id' })
  runtimes?: string[];

  /** Most GPUs one deployment may use. Default 64. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  max_gpus?: number;
}
