import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HISTORY_SORT_FIELDS, type CalculationSource, type HistorySortField } from '@llm-calc/contracts';

/** GET /api/history query: paging, sorting and filters, all applied by the server. */
export class HistoryQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  page_size?: number;

  @IsOptional()
  @IsIn(HISTORY_SORT_FIELDS)
  sort?: HistorySortField;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  /** Case-insensitive substring of the model id or name. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  /** Case-insensitive substring of the GPU id or name. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  gpu?: string;

  @IsOptional()
  @IsIn(['web', 'cli'])
  source?: CalculationSource;

  /** calculate, serving or recommend (a record without kind is a calculation). */
  @IsOptional()
  @IsIn(['calculate', 'serving', 'recommend'])
  kind?: 'calculate' | 'serving' | 'recommend';

  /** Free text matched against model, GPU, precision and source. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
