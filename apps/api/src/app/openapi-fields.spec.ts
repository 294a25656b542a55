import type { OpenAPIObject } from '@nestjs/swagger';
import { INFERENCE_FIELDS, SLA_FIELDS } from '@llm-calc/fields';
import { describeFieldsInOpenApi, fieldDescription } from './openapi-fields';

describe('OpenAPI descriptions from the field registry', () => {
  it('writes help, unit, range, choices and default into the DTO schemas', () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          CalculateRequestDto: {
            type: 'object',
            properties: { sequence_length: { type: 'number' }, precision: { type: 'string' }, gpu: { type: 'string' } },
          },
          CustomModelDto: { type: 'object', properties: { kv_lora_rank: { type: 'number' } } },
        },
      },
    } as unknown as OpenAPIObject;
    const props = describeFieldsInOpenApi(doc).components?.schemas as Record<
      string,
      { properties: Record<string, Record<string, unknown>> }
    >;
    const seq = props['CalculateRequestDto'].properties['sequence_length'];
    expect(seq).toMatchObject({ minimum: 1, maximum: 100_000_000, default: 4096 });
    expect(seq['description']).toBe(fieldDescription(INFERENCE_FIELDS.sequence_length));
    expect(seq['description']).toMatch(/^Prompt \(context\) tokens.*Unit: tokens\. Range: 1 to 100,000,000\. Default: 4096\.$/);
    expect(props['CalculateRequestDto'].properties['precision']['enum']).toContain('q4_k_m');
    expect(props['CalculateRequestDto'].properties['gpu']['description']).toBeUndefined();
    expect(props['CustomModelDto'].properties['kv_lora_rank']).toMatchObject({ nullable: true, minimum: 1 });
  });

  it("describes the serving and recommend fields, and leaves recommend's search lists alone", () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          ServingWorkloadDto: { type: 'object', properties: { request_rate: { type: 'number' }, arrival: { type: 'string' } } },
          SlaDto: { type: 'object', properties: { tpot_p90_seconds: { type: 'number' } } },
          SchedulerDto: { type: 'object', properties: { max_num_seqs: { type: 'number' }, gpu_memory_utilization: { type: 'number' } } },
          RecommendRequestDto: { type: 'object', properties: { tensor_parallel: { type: 'array' }, max_gpus: { type: 'number' } } },
        },
      },
    } as unknown as OpenAPIObject;
    const props = describeFieldsInOpenApi(doc).components?.schemas as Record<
      string,
      { properties: Record<string, Record<string, unknown>> }
    >;
    expect(props['ServingWorkloadDto'].properties['request_rate']).toMatchObject({ minimum: 0, exclusiveMinimum: true });
    expect(props['ServingWorkloadDto'].properties['arrival']['enum']).toEqual(['poisson', 'concurrency', 'offline']);
    expect(props['SlaDto'].properties['tpot_p90_seconds']['description']).toBe(fieldDescription(SLA_FIELDS.tpot_p90_seconds));
    expect(props['SlaDto'].properties['tpot_p90_seconds']['description']).toMatch(/excluding the first/);
    expect(props['SchedulerDto'].properties['max_num_seqs']).toMatchObject({ default: 256, maximum: 65_536 });
    expect(props['SchedulerDto'].properties['gpu_memory_utilization']['description']).toBeDefined();
    expect(props['RecommendRequestDto'].properties['max_gpus']).toMatchObject({ default: 64 });
    expect(props['RecommendRequestDto'].properties['tensor_parallel']).toEqual({ type: 'array' });
  });
});
