import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { WEIGHT_FORMATS, type ArrivalKind, type KvCacheFormat, type LengthDistributionKind, type WeightFormat } from '@llm-calc/engine';
import {
  INFERENCE_FIELDS as F,
  LENGTH_FIELDS as L,
  RECOMMEND_FIELDS as R,
  SCHEDULER_FIELDS as S,
  SERVING_FIELDS as D,
  SLA_FIELDS as SLA,
  WORKLOAD_FIELDS as W,
} from '@llm-calc/fields';
import { CustomGpuDto } from './custom-gpu.dto';
import { CustomModelDto } from './custom-model.dto';
import { FieldRules, FieldValueRules } from './field-rules';
import { CustomSpec, PRESET_ID_PATTERN, PresetIdUnless } from './selection';

/** A token-length distribution: fixed (mean), uniform (min, max), lognormal (mean, sigma; optional min/max clip). */
export class LengthDistributionDto {
  @FieldRules(L.distribution)
  distribution!: LengthDistributionKind;

  @ValidateIf((o: LengthDistributionDto) => o.distribution !== 'uniform' || o.mean != null)
  @IsDefined({ message: '$property is required for fixed and lognormal' })
  @FieldValueRules(L.mean)
  mean?: number;

  @ValidateIf((o: LengthDistributionDto) => o.distribution === 'uniform' || o.min != null)
  @IsDefined({ message: '$property is required for uniform' })
  @FieldValueRules(L.min)
  min?: number;

  @ValidateIf((o: LengthDistributionDto) => o.distribution === 'uniform' || o.max != null)
  @IsDefined({ message: '$property is required for uniform' })
  @FieldValueRules(L.max)
  max?: number;

  /** Standard deviation of ln(length), lognormal only. */
  @ValidateIf((o: LengthDistributionDto) => o.distribution === 'lognormal' || o.sigma != null)
  @IsDefined({ message: '$property is required for lognormal' })
  @FieldValueRules(L.sigma)
  sigma?: number;
}

/** How requests arrive and how long they are. */
export class ServingWorkloadDto {
  /** poisson (request_rate), concurrency (closed-loop users), offline (all at t = 0). */
  @FieldRules(W.arrival)
  arrival!: ArrivalKind;

  /** Requests per second (poisson). */
  @ValidateIf((o: ServingWorkloadDto) => o.arrival === 'poisson' || o.request_rate != null)
  @IsDefined({ message: '$property is required for poisson arrivals' })
  @FieldValueRules(W.request_rate)
  request_rate?: number;

  /** Users, each sending its next request when the last one finishes (concurrency). */
  @ValidateIf((o: ServingWorkloadDto) => o.arrival === 'concurrency' || o.concurrency != null)
  @IsDefined({ message: '$property is required for concurrency arrivals' })
  @FieldValueRules(W.concurrency)
  concurrency?: number;

  /** Requests simulated. Default 1000. */
  @FieldRules(W.num_requests)
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
  @FieldRules(W.seed)
  seed?: number;
}

/** The server's scheduler (vLLM names). Defaults: 256, 8192, 16, 0.9. */
export class SchedulerDto {
  @FieldRules(S.max_num_seqs)
  max_num_seqs?: number;

  @FieldRules(S.max_num_batched_tokens)
  max_num_batched_tokens?: number;

  @FieldRules(S.block_size)
  block_size?: number;

  @FieldRules(F.gpu_memory_utilization)
  gpu_memory_utilization?: number;
}

/** Latency targets in seconds; any subset. TPOT excludes the first token. */
export class SlaDto {
  @FieldRules(SLA.ttft_p50_seconds) ttft_p50_seconds?: number;
  @FieldRules(SLA.ttft_p90_seconds) ttft_p90_seconds?: number;
  @FieldRules(SLA.ttft_p99_seconds) ttft_p99_seconds?: number;
  @FieldRules(SLA.tpot_p50_seconds) tpot_p50_seconds?: number;
  @FieldRules(SLA.tpot_p90_seconds) tpot_p90_seconds?: number;
  @FieldRules(SLA.tpot_p99_seconds) tpot_p99_seconds?: number;
  @FieldRules(SLA.e2e_p50_seconds) e2e_p50_seconds?: number;
  @FieldRules(SLA.e2e_p90_seconds) e2e_p90_seconds?: number;
  @FieldRules(SLA.e2e_p99_seconds) e2e_p99_seconds?: number;
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
  @FieldRules(D.step_overhead_seconds)
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
  @FieldRules(D.kv_cache_precision)
  kv_cache_precision?: KvCacheFormat;

  /** GPUs per replica (tensor parallel). Default 1. */
  @FieldRules(D.tensor_parallel)
  tensor_parallel?: number;

  /** Copies of the model behind a load balancer. Default 1 (or num_gpus / tensor_parallel). */
  @FieldRules(D.replicas)
  replicas?: number;

  /** All GPUs = tensor_parallel x replicas. */
  @FieldRules(D.num_gpus)
  num_gpus?: number;

  /** USD per GPU-hour; defaults to the GPU preset's indicative price. */
  @FieldRules(D.price_per_gpu_hour)
  price_per_gpu_hour?: number;

  /** Also answer the latency-vs-load and throughput-vs-concurrency curves (the /serving page's charts). Default false. */
  @FieldRules(D.curves)
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
  @FieldRules(R.max_gpus)
  max_gpus?: number;
}
