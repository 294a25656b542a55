import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import type { FieldSpec } from '@llm-calc/fields';

type Rule = PropertyDecorator;

/**
 * The class-validator rules of a registry field: optional unless required, null allowed when
 * nullable, type, range or choices. Every DTO property that is a registry field is declared with
 * this decorator, so the API's rules are the registry's by construction. The type rule comes
 * first: validation stops at a field's first problem, so "4096" (a string) is "must be an integer
 * number", not three contradictory range messages.
 */
export function FieldRules(spec: FieldSpec): PropertyDecorator {
  const rules = typeAndRange(spec);
  return (target, key) => {
    if (spec.nullable) ValidateIf((_o, v) => v !== null && v !== undefined)(target, key);
    // A required field that is absent is "is required", not a type error about undefined.
    else if (spec.required) IsDefined({ message: '$property is required' })(target, key);
    for (const rule of rules) rule(target, key);
    if (!spec.required && !spec.nullable) IsOptional()(target, key);
  };
}

/**
 * Only the type and range rules of a registry field, for a field whose presence depends on
 * another (request_rate for poisson arrivals): the DTO states that condition beside it.
 */
export function FieldValueRules(spec: FieldSpec): PropertyDecorator {
  const rules = typeAndRange(spec);
  return (target, key) => {
    for (const rule of rules) rule(target, key);
  };
}

function typeAndRange(spec: FieldSpec): Rule[] {
  // Fractions read better as an interval than as two separate bounds.
  const interval: ValidationOptions | undefined =
    spec.unit !== 'fraction'
      ? undefined
      : {
          message: spec.exclusiveMin
            ? `$property must be in (${spec.min}, ${spec.max}]`
            : `$property must be in [${spec.min}, ${spec.max}]`,
        };
  switch (spec.type) {
    case 'integer':
      return [IsInt(), ...bounds(spec, interval)];
    case 'number':
      return [IsNumber({ allowNaN: false, allowInfinity: false }), ...bounds(spec, interval)];
    case 'boolean':
      return [IsBoolean()];
    case 'enum':
      return [IsIn([...(spec.values ?? [])])];
    case 'string':
      return [IsString(), ...(spec.maxLength !== undefined ? [Length(spec.minLength ?? 0, spec.maxLength)] : [])];
  }
}

/** A bound as people read it: 1e-6 and 1e15 rather than 0.000001 and 1000000000000000. */
function boundText(v: number): string | null {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e12) ? v.toExponential().replace('e+', 'e') : null;
}

function bounds(spec: FieldSpec, interval: ValidationOptions | undefined): Rule[] {
  const rules: Rule[] = [];
  const worded = (word: string, v: number): ValidationOptions | undefined => {
    const text = boundText(v);
    return interval ?? (text ? { message: `$property must not be ${word} than ${text}` } : undefined);
  };
  if (spec.min !== undefined) {
    if (spec.exclusiveMin && spec.min === 0) rules.push(IsPositive(interval));
    else if (!spec.exclusiveMin) rules.push(Min(spec.min, worded('less', spec.min)));
  }
  if (spec.max !== undefined) rules.push(Max(spec.max, worded('greater', spec.max)));
  return rules;
}
