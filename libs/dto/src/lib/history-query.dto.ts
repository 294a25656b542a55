import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { HISTORY_SORT_FIELDS, type CalculationSource, type HistorySortField } from '@llm-calc/contracts';

/** Marks a query parameter given more than once (`model=a&model=b`), refused by NotRepeated. */
const REPEATED = Symbol('repeated');

/**
 * A query number: only plain decimal digits become a number (`12`); anything else (`1e3`,
 * `0x10`, `1.5`, ` 7`) stays a string and fails IsInt with the field's name.
 */
const decimalInteger = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? REPEATED : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;

/** A query text: the string as given, or the REPEATED marker for a repeated parameter. */
const single = ({ value }: { value: unknown }): unknown => (Array.isArray(value) ? REPEATED : value);

/** Refuses a parameter given more than once, with a message that says so (stops further checks). */
function NotRepeated(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notRepeated',
      validator: {
        validate: (value: unknown) => value !== REPEATED,
        defaultMessage: (args) => `${args?.property} must be given once (it was repeated)`,
      },
    },
    { ...options },
  );
}

const INTEGER = { message: (a: { property: string }) => `${a.property} must be a whole number in decimal digits` };

/** GET /api/history query: paging, sorting and filters, all applied by the server. */
export class HistoryQueryDto {
  @IsOptional()
  @Transform(decimalInteger)
  @NotRepeated()
  @IsInt(INTEGER)
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @IsOptional()
  @Transform(decimalInteger)
  @NotRepeated()
  @IsInt(INTEGER)
  @Min(1)
  @Max(500)
  page_size?: number;

  @IsOptional()
  @Transform(single)
  @NotRepeated()
  @IsIn(HISTORY_SORT_FIELDS)
  sort?: HistorySortField;

  @IsOptional()
  @Transform(single)
  @NotRepeated()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  /** Case-insensitive substring of the model id or name. */
  @IsOptional()
  @Transform(single)
  @NotRepeated()
  @IsString()
  @MaxLength(200)
  model?: string;

  /** Case-insensitive substring of the GPU id or name. */
  @IsOptional()
  @Transform(single)
  @NotRepeated()
  @IsString()
  @MaxLength(200)
  gpu?: string;

  @IsOptional()
  @Transform(single)
  @NotRepeated()
  @IsIn(['web', 'cli'])
  source?: CalculationSource;

  /** calculate, serving or recommend (a record without kind is a calculation). */
  @IsOptional()
  @Transform(single)
  @NotRepeated()
  @IsIn(['calculate', 'serving', 'recommend'])
  kind?: 'calculate' | 'serving' | 'recommend';

  /** Free text matched against model, GPU, precision and source. */
  @IsOptional()
  @Transform(single)
  @NotRepeated()
  @IsString()
  @MaxLength(200)
  q?: string;
}
