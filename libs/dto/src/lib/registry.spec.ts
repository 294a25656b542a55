import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import {
  CUSTOM_GPU_FIELDS,
  CUSTOM_MODEL_FIELDS,
  INFERENCE_FIELDS,
  LENGTH_FIELDS,
  PEAK_FLOPS_FIELD,
  PLANNING_FIELDS,
  RECOMMEND_FIELDS,
  SCHEDULER_FIELDS,
  SERVING_FIELDS,
  SLA_FIELDS,
  TRAINING_FIELDS,
  WORKLOAD_FIELDS,
  fieldsOf,
  type FieldSpec,
} from '@llm-calc/fields';
import { CalculateRequestDto } from './calculate-request.dto';
import { CustomGpuDto, PeakFlopsDto } from './custom-gpu.dto';
import { CustomModelDto } from './custom-model.dto';
import { CalibrateRequestDto, CompareRequestDto, TrainingRequestDto } from './planning.dto';
import { LengthDistributionDto, RecommendRequestDto, SchedulerDto, ServingRequestDto, ServingWorkloadDto, SlaDto } from './serving.dto';

/** The rules class-validator holds for one property of a DTO class (inherited ones included). */
function rules(cls: new () => object, property: string): ValidationMetadata[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .filter((m) => m.propertyName === property);
}

function constraint(meta: ValidationMetadata[], name: string): unknown[] | undefined {
  const m = meta.find((x) => x.name === name || (x.type === 'conditionalValidation' && name === x.type));
  return m?.constraints;
}

const TYPE_RULE: Record<FieldSpec['type'], string> = {
  integer: 'isInt',
  number: 'isNumber',
  boolean: 'isBoolean',
  enum: 'isIn',
  string: 'isString',
};

/** Each registry field reaches its DTO with the registry's type, range, choices and optionality. */
function expectDtoFollows(cls: new () => object, spec: FieldSpec): void {
  const meta = rules(cls, spec.key);
  expect(meta.length).toBeGreaterThan(0);
  const names = meta.map((m) => m.name ?? m.type);
  expect(names).toContain(TYPE_RULE[spec.type]);
  if (spec.type === 'enum') expect(constraint(meta, 'isIn')?.[0]).toEqual([...(spec.values ?? [])]);
  if (spec.min !== undefined && !spec.exclusiveMin) expect(constraint(meta, 'min')?.[0]).toBe(spec.min);
  if (spec.exclusiveMin) expect(names).toContain(spec.min === 0 ? 'isPositive' : 'min');
  if (spec.max !== undefined && spec.type !== 'string') expect(constraint(meta, 'max')?.[0]).toBe(spec.max);
  if (spec.type === 'string' && spec.maxLength !== undefined)
    expect(constraint(meta, 'isLength')).toEqual([spec.minLength ?? 0, spec.maxLength]);
  const conditional = meta.filter((m) => m.type === 'conditionalValidation');
  // Optional fields skip their rules when absent; required ones are checked always.
  expect(conditional.length > 0).toBe(!spec.required || !!spec.nullable);
}

describe('field registry -> DTOs', () => {
  const groups: [string, new () => object, Record<string, FieldSpec>][] = [
    ['inference', CalculateRequestDto, INFERENCE_FIELDS],
    ['custom_model', CustomModelDto, CUSTOM_MODEL_FIELDS],
    ['custom_gpu', CustomGpuDto, CUSTOM_GPU_FIELDS],
    ['training', TrainingRequestDto, TRAINING_FIELDS],
  ];
  for (const [name, cls, group] of groups) {
    it.each(fieldsOf(group).map((f) => [f.key, f] as const))(`${name}.%s follows its registry record`, (_key, spec) => {
      expectDtoFollows(cls, spec);
    });
  }

  // Serving: fields whose presence depends on another (request_rate for poisson, min/max for
  // uniform) are conditional by that rule rather than optional; their type and range still follow.
  const CONDITIONAL = new Set(['request_rate', 'concurrency', 'mean', 'min', 'max', 'sigma']);
  const servingGroups: [string, new () => object, Record<string, FieldSpec>][] = [
    ['workload', ServingWorkloadDto, WORKLOAD_FIELDS],
    ['length', LengthDistributionDto, LENGTH_FIELDS],
    ['scheduler', SchedulerDto, SCHEDULER_FIELDS],
    ['sla', SlaDto, SLA_FIELDS],
    ['serving', ServingRequestDto, SERVING_FIELDS],
    ['recommend', RecommendRequestDto, RECOMMEND_FIELDS],
  ];
  for (const [name, cls, group] of servingGroups) {
    it.each(fieldsOf(group).map((f) => [f.key, f] as const))(`${name}.%s follows its registry record`, (_key, spec) => {
      expectDtoFollows(cls, CONDITIONAL.has(spec.key) ? { ...spec, required: false } : spec);
    });
  }

  it('no property of the serving DTOs is outside the registry', () => {
    const declared = (cls: new () => object) =>
      new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(cls, '', true, false)
          .map((m) => m.propertyName),
      );
    // Structural (selection, nested objects) and the fields shared with an inference request.
    const structural = new Set([
      'model',
      'custom_model',
      'gpu',
      'custom_gpu',
      'workload',
      'scheduler',
      'sla',
      'input_tokens',
      'output_tokens',
    ]);
    const shared = new Set(['efficiency', 'memory_efficiency', 'runtime', 'precision', 'gpu_memory_utilization']);
    // recommend's search lists (gpus, precisions, tensor_parallel, runtimes) are lists of the fields above.
    const lists = new Set(['gpus', 'precisions', 'tensor_parallel', 'runtimes']);
    for (const [, cls] of servingGroups) {
      for (const property of declared(cls)) {
        if (structural.has(property) || shared.has(property)) continue;
        if (cls === RecommendRequestDto && lists.has(property)) continue;
        const inRegistry = servingGroups.some(([, , g]) => property in g);
        expect({ property, inRegistry }).toEqual({ property, inRegistry: true });
      }
    }
  });

  it('planning fields reach their DTOs', () => {
    expectDtoFollows(CompareRequestDto, PLANNING_FIELDS.fewest_gpus);
    expectDtoFollows(CalibrateRequestDto, PLANNING_FIELDS.measured_prefill_seconds);
    expect(constraint(rules(CalibrateRequestDto, 'measured_tokens_per_second'), 'max')?.[0]).toBe(
      PLANNING_FIELDS.measured_tokens_per_second.max,
    );
  });

  it('every peak_flops entry follows PEAK_FLOPS_FIELD', () => {
    for (const format of ['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'fp4'])
      expectDtoFollows(PeakFlopsDto, { ...PEAK_FLOPS_FIELD, key: format });
  });

  it('no DTO property of a registry group is missing from the registry', () => {
    const declared = (cls: new () => object) =>
      new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(cls, '', true, false)
          .map((m) => m.propertyName),
      );
    const structural = new Set(['model', 'custom_model', 'gpu', 'custom_gpu', 'peak_flops']);
    for (const [, cls, group] of groups) {
      for (const property of declared(cls)) {
        if (structural.has(property)) continue;
        expect({ property, inRegistry: property in group }).toEqual({ property, inRegistry: true });
      }
    }
  });
});
