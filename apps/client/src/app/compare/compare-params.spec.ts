import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { buildCompareForm } from './compare-form';
import { compareParamsFromValue, compareValueFromParams } from './compare-params';

const MODEL_IDS = ['llama-3.1-8b', 'llama-3.1-70b'];
const GPU_IDS = ['h100-sxm', 'mi300x', 'rtx-4090'];

describe('compare share parameters', () => {
  const form = () => buildCompareForm(TestBed.inject(NonNullableFormBuilder));

  it('round-trips every field of the form through the URL', () => {
    const f = form();
    f.patchValue({
      model: 'llama-3.1-70b',
      sequence_length: 8192,
      output_tokens: 256,
      batch_size: 4,
      precision: 'fp8',
      kv_cache_precision: 'fp8',
      efficiency: 0.5,
      memory_efficiency: 0.8,
      gpus: ['h100-sxm', 'mi300x'],
      gpu_count: 2,
      runtime: 'sglang',
    });
    const params = compareParamsFromValue(f.getRawValue());
    expect(params).toEqual({
      model: 'llama-3.1-70b',
      sequence_length: '8192',
      output_tokens: '256',
      batch_size: '4',
      precision: 'fp8',
      kv_cache_precision: 'fp8',
      efficiency: '0.5',
      memory_efficiency: '0.8',
      gpus: 'h100-sxm,mi300x',
      gpu_count: '2',
      runtime: 'sglang',
    });
    const back = form();
    back.patchValue(compareValueFromParams(params, MODEL_IDS, GPU_IDS));
    expect(back.getRawValue()).toEqual(f.getRawValue());
  });

  it('leaves out what does not parse or names nothing known, so the defaults stay', () => {
    const value = compareValueFromParams(
      {
        model: 'gpt-5',
        batch_size: 'many',
        precision: 'fp3',
        kv_cache_precision: 'int4',
        gpus: 'h100-sxm,nope,h100-sxm',
        gpu_count: '3',
        efficiency: '',
        runtime: 'ollama',
      },
      MODEL_IDS,
      GPU_IDS,
    );
    expect(value).toEqual({ gpus: ['h100-sxm'] });
    expect(compareValueFromParams({ gpus: 'nope', gpu_count: 'fewest' }, MODEL_IDS, GPU_IDS)).toEqual({ gpu_count: 'fewest' });
  });

  it('keeps a saved custom model out of links (it lives on one server)', () => {
    const f = form();
    f.patchValue({ model: 'saved:my llama' });
    expect('model' in compareParamsFromValue(f.getRawValue())).toBe(false);
  });
});
