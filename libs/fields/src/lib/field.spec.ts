import {
  CUSTOM_MODEL_FIELDS,
  INFERENCE_FIELDS,
  PLANNING_FIELDS,
  TRAINING_FIELDS,
  cliOption,
  fieldProblem,
  fieldsOf,
  rangeText,
} from '../index';

describe('field registry', () => {
  it('keys each record by its property name, once per group', () => {
    for (const group of [INFERENCE_FIELDS, CUSTOM_MODEL_FIELDS, PLANNING_FIELDS, TRAINING_FIELDS]) {
      for (const [key, spec] of Object.entries(group)) expect(spec.key).toBe(key);
    }
  });

  it('gives every field a label, a help text and a consistent range', () => {
    for (const group of [INFERENCE_FIELDS, CUSTOM_MODEL_FIELDS, PLANNING_FIELDS, TRAINING_FIELDS]) {
      for (const spec of fieldsOf(group)) {
        expect(spec.label.length).toBeGreaterThan(1);
        expect(spec.help.length).toBeGreaterThan(10);
        if (spec.min !== undefined && spec.max !== undefined) expect(spec.min).toBeLessThan(spec.max);
        if (typeof spec.default === 'number') expect(fieldProblem(spec, spec.default)).toBeNull();
        if (spec.type === 'enum') expect(spec.values).toContain(spec.default ?? spec.values?.[0]);
      }
    }
  });

  it('words problems as the form shows them', () => {
    const batch = INFERENCE_FIELDS.batch_size;
    expect(fieldProblem(batch, 1.5)).toBe('Must be a whole number');
    expect(fieldProblem(batch, 0)).toBe('Must be at least 1');
    expect(fieldProblem(batch, 2_000_000)).toBe('Must be at most 1000000');
    expect(fieldProblem(batch, null)).toBeNull();
    expect(fieldProblem(INFERENCE_FIELDS.efficiency, 0)).toBe('Must be at least 0.01');
    expect(fieldProblem(CUSTOM_MODEL_FIELDS.hidden_size, null)).toBe('Required');
    expect(fieldProblem(INFERENCE_FIELDS.precision, 'fp7')).toMatch(/^Must be one of fp32/);
    expect(fieldProblem(CUSTOM_MODEL_FIELDS.name, '')).toBeNull();
    expect(fieldProblem(CUSTOM_MODEL_FIELDS.name, 'x'.repeat(201))).toBe('At most 200 characters');
  });

  it('states ranges and CLI options in words', () => {
    expect(rangeText(INFERENCE_FIELDS.efficiency)).toBe('0.01 to 1');
    expect(rangeText(INFERENCE_FIELDS.num_gpus)).toBe('1 to 4096');
    expect(rangeText(INFERENCE_FIELDS.sequence_length)).toBe('1 to 100,000,000');
    expect(cliOption(INFERENCE_FIELDS.kv_cache_precision)).toBe('kv-cache-precision');
    expect(cliOption(CUSTOM_MODEL_FIELDS.name)).toBe('model-name');
  });
});
