import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { buildCalculatorForm, toCalculateRequest } from './calculator-form';
import { hasSharedInputs, shareParamsFromForm, sharedInputsFromParams } from './share-params';

function newForm() {
  return buildCalculatorForm(TestBed.inject(NonNullableFormBuilder));
}

/** What the page does with a link: write every part it gives into a fresh form. */
function restore(params: Record<string, string>) {
  const shared = sharedInputsFromParams(params);
  if (!shared) throw new Error('no inputs in the link');
  const form = newForm();
  form.controls.mode.setValue(shared.mode);
  if (shared.preset) form.controls.preset.setValue(shared.preset);
  if (shared.custom) form.controls.custom.setValue(shared.custom);
  form.controls.inference.patchValue(shared.inference);
  form.controls.hardware.patchValue(shared.hardware);
  return { form, extras: shared.extras };
}

describe('share params', () => {
  it('round-trips a preset configuration through the query string', () => {
    const form = newForm();
    form.patchValue({
      mode: 'preset',
      preset: 'llama-3.1-70b',
      inference: { sequence_length: 8192, output_tokens: 500, batch_size: 4, precision: 'fp8', kv_cache_precision: 'fp8' },
      hardware: {
        gpu: 'h100-sxm',
        num_gpus: 4,
        tensor_parallel: 4,
        pipeline_parallel: 1,
        efficiency: 0.5,
        memory_efficiency: 0.7,
        price_per_gpu_hour: 2.49,
      },
    });
    const params = shareParamsFromForm(form);
    expect(params).toEqual({
      model: 'llama-3.1-70b',
      gpu: 'h100-sxm',
      sequence_length: '8192',
      output_tokens: '500',
      batch_size: '4',
      precision: 'fp8',
      kv_cache_precision: 'fp8',
      num_gpus: '4',
      tensor_parallel: '4',
      pipeline_parallel: '1',
      efficiency: '0.5',
      memory_efficiency: '0.7',
      price_per_gpu_hour: '2.49',
      runtime: 'auto',
    });
    // Custom fields of the preset are not in the link: the preset id says it all.
    expect(params).not.toHaveProperty('hidden_size');
    const restored = restore(params);
    expect(toCalculateRequest(restored.form)).toEqual(toCalculateRequest(form));
  });

  it('round-trips a custom model with its optional and hidden fields', () => {
    const form = newForm();
    form.controls.mode.setValue('custom');
    form.controls.hardware.controls.gpu.setValue('a100-80gb');
    form.controls.custom.patchValue({
      name: "Bob's MoE & co",
      num_experts: 64,
      experts_per_token: 6,
      expert_intermediate_size: 1408,
      num_shared_experts: 2,
      first_dense_layers: 1,
      kv_lora_rank: 512,
      qk_rope_head_dim: 64,
      tie_word_embeddings: true,
      ffn_type: 'plain',
    });
    const extras = { norm_type: 'layernorm' as const, q_lora_rank: 1536, attention_bias: true, max_position_embeddings: 163840 };
    const params = shareParamsFromForm(form, extras);
    expect(params['model']).toBeUndefined();
    expect(params).toMatchObject({ model_name: "Bob's MoE & co", num_experts: '64', tie_word_embeddings: 'true', norm_type: 'layernorm' });
    expect(params).not.toHaveProperty('sliding_window'); // empty stays out

    const restored = restore(params);
    expect(restored.extras).toEqual(extras);
    expect(restored.form.controls.custom.getRawValue()).toEqual(form.controls.custom.getRawValue());
    expect(toCalculateRequest(restored.form, restored.extras)).toEqual(toCalculateRequest(form, extras));
  });

  it("round-trips the runtime, and llama.cpp's offloaded layers only under llama.cpp", () => {
    const form = newForm();
    form.patchValue({ mode: 'preset', preset: 'llama-3.1-70b', hardware: { gpu: 'rtx-4090', runtime: 'llama.cpp', gpu_layers: 60 } });
    const params = shareParamsFromForm(form);
    expect(params).toMatchObject({ runtime: 'llama.cpp', gpu_layers: '60' });
    const restored = restore(params);
    expect(toCalculateRequest(restored.form)).toMatchObject({ runtime: 'llama.cpp', gpu_layers: 60 });
    expect(toCalculateRequest(restored.form)).toEqual(toCalculateRequest(form));

    // Another runtime has no offload: the layers typed before stay in the form but not in the link or request.
    form.controls.hardware.controls.runtime.setValue('vllm');
    expect(shareParamsFromForm(form)).not.toHaveProperty('gpu_layers');
    expect(shareParamsFromForm(form)['runtime']).toBe('vllm');
    expect(toCalculateRequest(form)).not.toHaveProperty('gpu_layers');
    expect(toCalculateRequest(form).runtime).toBe('vllm');
  });

  it('ignores values that do not parse, keeping the form defaults', () => {
    const shared = sharedInputsFromParams({
      model: 'x',
      batch_size: '4abc',
      precision: 'fp7',
      efficiency: '',
      num_gpus: '0x10',
      runtime: 'ollama',
      gpu_layers: 'all',
    });
    expect(shared?.inference).toEqual({});
    expect(shared?.hardware).toEqual({});
  });

  it('takes the last of repeated parameters and needs a model to count as a link', () => {
    expect(sharedInputsFromParams({ model: 'a', batch_size: ['2', '8'] })?.inference.batch_size).toBe(8);
    expect(hasSharedInputs({ batch_size: '4' })).toBe(false);
    expect(sharedInputsFromParams({})).toBeNull();
  });
});
