import type { OpenAPIObject } from '@nestjs/swagger';
import { INFERENCE_FIELDS } from '@llm-calc/fields';
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
});
