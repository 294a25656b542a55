import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { savedModelValue } from '../shared/model-select';
import { type TrainingFormValue, buildTrainingForm } from './training-form';
import { trainingParamsFromValue, trainingValueFromParams } from './training-params';

const MODEL_IDS = ['llama-3.1-8b', 'llama-3.1-70b'];
const GPU_IDS = ['h100-sxm', 'v100-sxm2-32gb'];

function defaults(): TrainingFormValue {
  const form = buildTrainingForm(TestBed.inject(NonNullableFormBuilder));
  form.patchValue({ model: 'llama-3.1-70b', gpu: 'h100-sxm' });
  return form.getRawValue();
}

describe('trainingParamsFromValue', () => {
  it('writes every input under its form name, tokens in billions as typed', () => {
    const value: TrainingFormValue = {
      ...defaults(),
      num_gpus: 1024,
      training_tokens_billions: 15000,
      sequence_length: 8192,
      micro_batch_size: 2,
      precision: 'fp8',
      zero_stage: 3,
      activation_recompute: 'full',
      mfu: 0.35,
      price_per_gpu_hour: 2.5,
    };
    expect(trainingParamsFromValue(value)).toEqual({
      model: 'llama-3.1-70b',
      gpu: 'h100-sxm',
      num_gpus: '1024',
      training_tokens_billions: '15000',
      sequence_length: '8192',
      micro_batch_size: '2',
      precision: 'fp8',
      zero_stage: '3',
      activation_recompute: 'full',
      mfu: '0.35',
      price_per_gpu_hour: '2.5',
    });
  });

  it('leaves out empty numbers and a custom model saved on this server', () => {
    const params = trainingParamsFromValue({ ...defaults(), model: savedModelValue('my llama'), price_per_gpu_hour: null });
    expect(params).not.toHaveProperty('model');
    expect(params).not.toHaveProperty('price_per_gpu_hour');
    expect(params['gpu']).toBe('h100-sxm');
  });
});

describe('trainingValueFromParams', () => {
  it('reads back what trainingParamsFromValue wrote', () => {
    const value: TrainingFormValue = {
      ...defaults(),
      num_gpus: 64,
      mfu: 0.5,
      zero_stage: 2,
      activation_recompute: 'none',
      price_per_gpu_hour: 0,
    };
    expect(trainingValueFromParams(trainingParamsFromValue(value), MODEL_IDS, GPU_IDS)).toEqual(value);
  });

  it('drops a model or GPU the catalogue does not have, keeping the rest', () => {
    const value = trainingValueFromParams({ model: 'gpt-5', gpu: 'h999', num_gpus: '16' }, MODEL_IDS, GPU_IDS);
    expect(value).toEqual({ num_gpus: 16 });
  });

  it('takes only plain decimal numbers', () => {
    const value = trainingValueFromParams(
      {
        num_gpus: '0x10',
        training_tokens_billions: '1e3',
        sequence_length: '4096abc',
        micro_batch_size: '',
        mfu: ' 0.45 ',
        price_per_gpu_hour: 'Infinity',
      },
      MODEL_IDS,
      GPU_IDS,
    );
    expect(value).toEqual({ training_tokens_billions: 1000, mfu: 0.45 });
  });

  it('ignores a repeated key (an array) and unknown choices', () => {
    const value = trainingValueFromParams(
      { num_gpus: ['8', '16'], precision: 'fp64', zero_stage: '4', activation_recompute: 'some', model: ['llama-3.1-8b'] },
      MODEL_IDS,
      GPU_IDS,
    );
    expect(value).toEqual({});
  });

  it('reads each known choice', () => {
    expect(trainingValueFromParams({ precision: 'fp16', zero_stage: '0', activation_recompute: 'selective' }, MODEL_IDS, GPU_IDS)).toEqual({
      precision: 'fp16',
      zero_stage: 0,
      activation_recompute: 'selective',
    });
  });
});
