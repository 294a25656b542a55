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

/**
 * GET /api/history query: paging, sorting and filters, all applied by the server. Validation stops
 * at a field's first problem and decorators register bottom-up, so each property lists its rules
 * last-checked first: a repeated parameter, then its type, then its range.
 */
export class HistoryQueryDto {
  @IsOptional()
  @Transform(decimalInteger)
  @Max(1_000_000)
  @Min(1)
  @IsInt(INTEGER)
  @NotRepeated()
  page?: number;

  @IsOptional()
  @Transform(decimalInteger)
  @Max(500)
  @Min(1)
  @IsInt(INTEGER)
  @NotRepeated()
  page_size?: number;

  @IsOptional()
  @Transform(single)
  @IsIn(HISTORY_SORT_FIELDS)
  @NotRepeated()
  sort?: HistorySortField;

  @IsOptional()
  @Transform(single)
  @IsIn(['asc', 'desc'])
  @NotRepeated()
  order?: 'asc' | 'desc';

  /** Case-insensitive substring of the model id or name. */
  @IsOptional()
  @Transform(single)
  @MaxLength(200)
  @IsString()
  @NotRepeated()
  model?: string;

  /** Case-insensitive substring of the GPU id or name. */
  @IsOptional()
  @Transform(single)
  @MaxLength(200)
  @IsString()
  @NotRepeated()
  gpu?: string;

  @IsOptional()
  @Transform(single)
  @IsIn(['web', 'cli'])
  @NotRepeated()
  source?: CalculationSource;

  /** calculate, serving or recommend (a record without kind is a calculation). */
  @IsOptional()
  @Transform(single)
  @IsIn(['calculate', 'serving', 'recommend'])
  @NotRepeated()
  kind?: 'calculate' | 'serving' | 'recommend';

  /** Free text matched against model, GPU, precision and source. */
  @IsOptional()
  @Transform(single)
  @MaxLength(200)
  @IsString()
  @NotRepeated()
  q?: string;
}
