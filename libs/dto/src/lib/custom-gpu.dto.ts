import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { CUSTOM_GPU_FIELDS as F, PEAK_FLOPS_FIELD } from '@llm-calc/fields';
import { FieldRules } from './field-rules';

/** Each entry: optional, dense FLOP/s in (0, 1e20]. */
const Flops = (): PropertyDecorator => FieldRules(PEAK_FLOPS_FIELD);

/** Dense peak FLOP/s (OP/s for int8) per format; a format the GPU cannot run is left out. */
export class PeakFlopsDto {
  @Flops() fp32?: number;
  @Flops() tf32?: number;
  @Flops() fp16?: number;
  @Flops() bf16?: number;
  @Flops() fp8?: number;
  @Flops() int8?: number;
  @Flops() fp4?: number;
}

/** Hardware that is not in the catalogue (the contract's custom_gpu); rules from the field registry. */
export class CustomGpuDto {
  @FieldRules(F.name)
  name?: string;

  @FieldRules(F.memory_bytes)
  memory_bytes!: number;

  @FieldRules(F.memory_bandwidth_bytes_per_second)
  memory_bandwidth_bytes_per_second!: number;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PeakFlopsDto)
  peak_flops!: PeakFlopsDto;

  @FieldRules(F.interconnect_bandwidth_bytes_per_second)
  interconnect_bandwidth_bytes_per_second?: number;
}
