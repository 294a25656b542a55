import type { OpenAPIObject } from '@nestjs/swagger';
import {
  CUSTOM_GPU_FIELDS,
  CUSTOM_MODEL_FIELDS,
  INFERENCE_FIELDS,
  LENGTH_FIELDS,
  PLANNING_FIELDS,
  RECOMMEND_FIELDS,
  SCHEDULER_FIELDS,
  SERVING_FIELDS,
  SLA_FIELDS,
  TRAINING_FIELDS,
  WORKLOAD_FIELDS,
  rangeText,
  type FieldSpec,
} from '@llm-calc/fields';

/** Which registry groups describe the properties of each DTO schema. */
const SCHEMA_FIELDS: Record<string, Record<string, FieldSpec>[]> = {
  WorkloadRequestDto: [INFERENCE_FIELDS],
  CalculateRequestDto: [INFERENCE_FIELDS],
  CompareRequestDto: [INFERENCE_FIELDS, PLANNING_FIELDS],
  FitRequestDto: [INFERENCE_FIELDS],
  SweepRequestDto: [INFERENCE_FIELDS, PLANNING_FIELDS],
  CalibrateRequestDto: [INFERENCE_FIELDS, PLANNING_FIELDS],
  TrainingRequestDto: [TRAINING_FIELDS],
  CustomModelDto: [CUSTOM_MODEL_FIELDS],
  SaveCustomModelDto: [CUSTOM_MODEL_FIELDS],
  CustomGpuDto: [CUSTOM_GPU_FIELDS],
  ServingRequestDto: [SERVING_FIELDS, INFERENCE_FIELDS],
  RecommendRequestDto: [RECOMMEND_FIELDS, SERVING_FIELDS, INFERENCE_FIELDS],
  ServingWorkloadDto: [WORKLOAD_FIELDS],
  LengthDistributionDto: [LENGTH_FIELDS],
  SchedulerDto: [SCHEDULER_FIELDS, INFERENCE_FIELDS],
  SlaDto: [SLA_FIELDS],
};

/** The OpenAPI description of a field: its help, unit, range and default, from the registry. */
export function fieldDescription(spec: FieldSpec): string {
  const parts = [spec.help];
  if (spec.unit) parts.push(`Unit: ${spec.unit}.`);
  const range = rangeText(spec);
  if (range && spec.type !== 'enum') parts.push(`Range: ${range}.`);
  if (spec.default !== undefined) parts.push(`Default: ${String(spec.default)}.`);
  else if (spec.defaultText) parts.push(`Default: ${spec.defaultText}.`);
  return parts.join(' ');
}

type SchemaObject = { properties?: Record<string, Record<string, unknown>> };

/**
 * Writes each DTO property's description, bounds, choices and default into the OpenAPI document
 * from the field registry, so /api/docs says what the form and --help say.
 */
export function describeFieldsInOpenApi(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [schemaName, groups] of Object.entries(SCHEMA_FIELDS)) {
    const properties = schemas[schemaName]?.properties;
    if (!properties) continue;
    for (const [key, property] of Object.entries(properties)) {
      const spec = groups.map((g) => g[key]).find((s) => s !== undefined);
      // recommend's search lists (tensor_parallel: [1, 2, 4]) are lists of a field, not the field.
      if (!spec || property['type'] === 'array') continue;
      property['description'] = fieldDescription(spec);
      if (spec.type === 'enum') property['enum'] = [...(spec.values ?? [])];
      if (spec.min !== undefined && spec.type !== 'enum' && spec.type !== 'string') {
        property['minimum'] = spec.min;
        if (spec.exclusiveMin) property['exclusiveMinimum'] = true;
      }
      if (spec.max !== undefined && spec.type !== 'enum' && spec.type !== 'string') property['maximum'] = spec.max;
      if (spec.default !== undefined) property['default'] = spec.default;
      if (spec.nullable) property['nullable'] = true;
    }
  }
  return document;
}
