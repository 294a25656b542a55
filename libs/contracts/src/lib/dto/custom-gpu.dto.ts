import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsObject, IsOptional, IsPositive, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

function Flops(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
    IsPositive()(target, key);
    Max(1e20)(target, key);
  };
}

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

/** Hardware that is not in the catalogue (the contract's custom_gpu). */
export class CustomGpuDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  /** Memory capacity in bytes. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1e15)
  memory_bytes!: number;

  /** Peak memory bandwidth in bytes per second. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1e15)
  memory_bandwidth_bytes_per_second!: number;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PeakFlopsDto)
  peak_flops!: PeakFlopsDto;

  /** GPU-to-GPU bandwidth per direction, bytes per second (0 or absent: unknown). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e15)
  interconnect_bandwidth_bytes_per_second?: number;
}
