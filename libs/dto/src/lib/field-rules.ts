import {
  IsBoolean,
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
 * The order in which a field's constraints report, when several fail: `type-first` names the
 * type problem before the range ("must be an integer number", then "must not be less than 1").
 * `range-first` is the order of the original top-level DTOs (decorators stacked above the
 * property register bottom-up); kept only where answers must stay as they were.
 */
export type RuleOrder = 'type-first' | 'range-first';

/**
 * The class-validator rules of a registry field: optional unless required, null allowed when
 * nullable, type, range or choices. Every DTO property that is a registry field is declared with
 * this decorator, so the API's rules are the registry's by construction.
 */
export function FieldRules(spec: FieldSpec, order: RuleOrder = 'type-first'): PropertyDecorator {
  const rules = typeAndRange(spec);
  const ordered = order === 'type-first' ? rules : [...rules].reverse();
  return (target, key) => {
    if (spec.nullable) ValidateIf((_o, v) => v !== null && v !== undefined)(target, key);
    for (const rule of ordered) rule(target, key);
    if (!spec.required && !spec.nullable) IsOptional()(target, key);
  };
}

function typeAndRange(spec: FieldSpec): Rule[] {
  // Fractions read better as an interval than as two separate bounds.
  const interval: ValidationOptions | undefined =
    spec.unit !== 'fraction'
      ? undefined
      : { message: spec.exclusiveMin ? `$property must be in (${spec.min}, ${spec.max}]` : `$property must be in [${spec.min}, ${spec.max}]` };
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

function bounds(spec: FieldSpec, interval: ValidationOptions | undefined): Rule[] {
  const rules: Rule[] = [];
  if (spec.min !== undefined) {
    if (spec.exclusiveMin && spec.min === 0) rules.push(IsPositive(interval));
    else if (!spec.exclusiveMin) rules.push(Min(spec.min, interval));
  }
  if (spec.max !== undefined) rules.push(Max(spec.max, interval));
  return rules;
}
