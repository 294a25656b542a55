import 'reflect-metadata';
import { availableModels } from './catalogue';
import { calculateFromRequest } from './calculate';
import { CalculateRequestDto } from '@llm-calc/dto';
import { validatePlain } from '@llm-calc/dto';
import { RequestError } from '@llm-calc/contracts';
import { mapHfConfig, patternFromLayerTypes } from './hf-config';

// Trimmed copies of the published config.json files (Hugging Face hub), keys as they appear there.
const LLAMA_3_1_8B = {
  architectures: ['LlamaForCausalLM'],
  attention_bias: false,
  attention_dropout: 0.0,
  bos_token_id: 128000,
  eos_token_id: 128001,
  hidden_act: 'silu',
  hidden_size: 4096,
  initializer_range: 0.02,
  intermediate_size: 14336,
  max_position_embeddings: 131072,
  mlp_bias: false,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  pretraining_tp: 1,
  rms_norm_eps: 1e-5,
  rope_scaling: { factor: 8.0, rope_type: 'llama3' },
  rope_theta: 500000.0,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  transformers_version: '4.43.0.dev0',
  use_cache: true,
  vocab_size: 128256,
};

const MIXTRAL_8X7B = {
  architectures: ['MixtralForCausalLM'],
  attention_dropout: 0.0,
  bos_token_id: 1,
  eos_token_id: 2,
  hidden_act: 'silu',
  hidden_size: 4096,
  initializer_range: 0.02,
  intermediate_size: 14336,
  max_position_embeddings: 32768,
  model_type: 'mixtral',
  num_attention_heads: 32,
  num_experts_per_tok: 2,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  num_local_experts: 8,
  output_router_logits: false,
  rms_norm_eps: 1e-5,
  rope_theta: 1e6,
  router_aux_loss_coef: 0.02,
  sliding_window: null,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  transformers_version: '4.36.0.dev0',
  use_cache: true,
  vocab_size: 32000,
};

const DEEPSEEK_V3 = {
  architectures: ['DeepseekV3ForCausalLM'],
  attention_bias: false,
  attention_dropout: 0.0,
  auto_map: { AutoConfig: 'configuration_deepseek.DeepseekV3Config' },
  aux_loss_alpha: 0.001,
  bos_token_id: 0,
  eos_token_id: 1,
  ep_size: 1,
  first_k_dense_replace: 3,
  hidden_act: 'silu',
  hidden_size: 7168,
  initializer_range: 0.02,
  intermediate_size: 18432,
  kv_lora_rank: 512,
  max_position_embeddings: 163840,
  model_type: 'deepseek_v3',
  moe_intermediate_size: 2048,
  moe_layer_freq: 1,
  n_group: 8,
  n_routed_experts: 256,
  n_shared_experts: 1,
  norm_topk_prob: true,
  num_attention_heads: 128,
  num_experts_per_tok: 8,
  num_hidden_layers: 61,
  num_key_value_heads: 128,
  num_nextn_predict_layers: 1,
  q_lora_rank: 1536,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  quantization_config: { activation_scheme: 'dynamic', fmt: 'e4m3', quant_method: 'fp8', weight_block_size: [128, 128] },
  rms_norm_eps: 1e-6,
  rope_scaling: { factor: 40, type: 'yarn' },
  rope_theta: 10000,
  routed_scaling_factor: 2.5,
  scoring_func: 'sigmoid',
  seq_aux: true,
  tie_word_embeddings: false,
  topk_group: 4,
  topk_method: 'noaux_tc',
  torch_dtype: 'bfloat16',
  transformers_version: '4.33.1',
  use_cache: true,
  v_head_dim: 128,
  vocab_size: 129280,
};

const GPT2 = {
  activation_function: 'gelu_new',
  architectures: ['GPT2LMHeadModel'],
  attn_pdrop: 0.1,
  bos_token_id: 50256,
  embd_pdrop: 0.1,
  eos_token_id: 50256,
  initializer_range: 0.02,
  layer_norm_epsilon: 1e-5,
  model_type: 'gpt2',
  n_ctx: 1024,
  n_embd: 768,
  n_head: 12,
  n_layer: 12,
  n_positions: 1024,
  resid_pdrop: 0.1,
  summary_activation: null,
  summary_first_dropout: 0.1,
  summary_proj_to_labels: true,
  summary_type: 'cls_index',
  summary_use_proj: true,
  task_specific_params: { 'text-generation': { do_sample: true, max_length: 50 } },
  vocab_size: 50257,
};

/** Total parameters the contract computes for a mapped config (custom_model) on any GPU. */
function totalParameters(customModel: Record<string, unknown>): number {
  const dto = validatePlain(CalculateRequestDto, { custom_model: customModel, gpu: 'h100-sxm' });
  return calculateFromRequest(dto, { id: 't', timestamp: 't', source: 'cli' }).model_summary.total_parameters;
}

function presetParameters(id: string): number {
  const model = availableModels()
    .families.flatMap((f) => f.models)
    .find((m) => m.id === id);
  if (!model) throw new Error(`preset ${id} missing`);
  return model.total_parameters;
}

describe('mapHfConfig', () => {
  it('maps a Llama-style config', () => {
    const mapped = mapHfConfig(LLAMA_3_1_8B, 'models/Llama-3.1-8B/config.json');
    expect(mapped.customModel).toEqual({
      name: 'Llama-3.1-8B',
      hidden_size: 4096,
      intermediate_size: 14336,
      num_layers: 32,
      num_attention_heads: 32,
      num_kv_heads: 8,
      vocab_size: 128256,
      tie_word_embeddings: false,
      max_position_embeddings: 131072,
      attention_bias: false,
      mlp_bias: false,
      norm_type: 'rmsnorm',
    });
    expect(mapped.ignoredKeys).toEqual([]);
    expect(mapped.notes).toEqual([]);
    expect(mapped.origins.get('num_layers')).toBe('num_hidden_layers');
    // The same architecture as the preset built from the same file.
    expect(totalParameters(mapped.customModel)).toBe(presetParameters('llama-3.1-8b'));
  });

  it('maps a Mixtral-style MoE config (experts as wide as intermediate_size)', () => {
    const mapped = mapHfConfig(MIXTRAL_8X7B);
    expect(mapped.customModel).toMatchObject({ num_experts: 8, experts_per_token: 2, intermediate_size: 14336 });
    expect(mapped.customModel).not.toHaveProperty('sliding_window');
    expect(mapped.customModel).not.toHaveProperty('expert_intermediate_size');
    expect(mapped.notes).toEqual([expect.stringContaining('moe_intermediate_size is absent')]);
    expect(mapped.ignoredKeys).toEqual([]);
    expect(totalParameters(mapped.customModel)).toBe(presetParameters('mixtral-8x7b'));
  });

  it('maps a DeepSeek-style config (MLA, shared experts, first dense layers)', () => {
    const mapped = mapHfConfig(DEEPSEEK_V3);
    expect(mapped.customModel).toMatchObject({
      num_experts: 256,
      experts_per_token: 8,
      expert_intermediate_size: 2048,
      num_shared_experts: 1,
      first_dense_layers: 3,
      kv_lora_rank: 512,
      qk_rope_head_dim: 64,
      q_lora_rank: 1536,
      qk_nope_head_dim: 128,
      v_head_dim: 128,
      head_dim: 192,
    });
    expect(mapped.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining('qk_nope_head_dim + qk_rope_head_dim = 192'),
        expect.stringContaining('quantization_config (fp8) is not read'),
        expect.stringContaining('multi-token-prediction'),
      ]),
    );
    expect(mapped.ignoredKeys).toEqual([]);
    expect(totalParameters(mapped.customModel)).toBe(presetParameters('deepseek-v3'));
  });

  it('maps a GPT-2-style config (n_embd, n_layer, n_head, null n_inner)', () => {
    const mapped = mapHfConfig({ ...GPT2, n_inner: null });
    expect(mapped.customModel).toMatchObject({
      hidden_size: 768,
      intermediate_size: 3072,
      num_layers: 12,
      num_attention_heads: 12,
      vocab_size: 50257,
      max_position_embeddings: 1024,
      tie_word_embeddings: true,
      ffn_type: 'plain',
      norm_type: 'layernorm',
      attention_bias: true,
      mlp_bias: true,
      learned_position_embeddings: true,
    });
    expect(mapped.ignoredKeys).toEqual([]);
    expect(mapped.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining('GPT-2-style'),
        expect.stringContaining('tie_word_embeddings is absent: assumed true'),
      ]),
    );
    expect(totalParameters(mapped.customModel)).toBe(presetParameters('gpt2'));
  });

  it('reports keys it does not understand, and notes gelu without a gate', () => {
    const mapped = mapHfConfig({
      ...LLAMA_3_1_8B,
      model_type: 'gpt_neox',
      hidden_act: 'gelu',
      use_parallel_residual: true,
      rotary_pct: 0.25,
    });
    expect(mapped.ignoredKeys).toEqual(['use_parallel_residual', 'rotary_pct']);
    expect(mapped.customModel['ffn_type']).toBe('plain');
    expect(mapped.notes).toEqual([expect.stringContaining('hidden_act gelu without a gated')]);
    // Gemma's GELU is gated (GeGLU): no note, gated kept.
    const gemma = mapHfConfig({ ...LLAMA_3_1_8B, model_type: 'gemma', hidden_act: 'gelu_pytorch_tanh' });
    expect(gemma.customModel).not.toHaveProperty('ffn_type');
  });

  it('handles sliding windows: disabled (Qwen2), alternating (Gemma 2), layer_types and explicit patterns', () => {
    expect(mapHfConfig({ ...LLAMA_3_1_8B, sliding_window: 4096, use_sliding_window: false }).customModel).not.toHaveProperty(
      'sliding_window',
    );
    expect(mapHfConfig({ ...LLAMA_3_1_8B, model_type: 'gemma2', sliding_window: 4096 }).customModel).toMatchObject({
      sliding_window: 4096,
      sliding_window_pattern: 2,
    });
    const types = ['sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'sliding_attention', 'full_attention'];
    expect(mapHfConfig({ ...LLAMA_3_1_8B, sliding_window: 512, layer_types: types }).customModel).toMatchObject({
      sliding_window_pattern: 3,
    });
    expect(mapHfConfig({ ...LLAMA_3_1_8B, sliding_window: 1024, sliding_window_pattern: 6 }).customModel).toMatchObject({
      sliding_window_pattern: 6,
    });
    // Mistral 7B v0.1: a window and no pattern means every layer is local.
    expect(mapHfConfig({ ...LLAMA_3_1_8B, model_type: 'mistral', sliding_window: 4096 }).customModel).not.toHaveProperty(
      'sliding_window_pattern',
    );
  });

  it('reads the language model of multimodal configs from text_config', () => {
    const mapped = mapHfConfig({
      model_type: 'gemma3',
      architectures: ['X'],
      vision_config: { hidden_size: 1152 },
      text_config: { ...LLAMA_3_1_8B, model_type: 'gemma3_text' },
    });
    expect(mapped.customModel).toMatchObject({ hidden_size: 4096, num_layers: 32 });
    expect(mapped.ignoredKeys).toEqual(['vision_config']);
    expect(mapped.notes[0]).toContain('text_config');
    expect(mapped.origins.get('hidden_size')).toBe('text_config.hidden_size');
  });

  it('passes odd values through for the contract to refuse, and refuses non-objects', () => {
    expect(mapHfConfig({ hidden_size: '4096' }).customModel['hidden_size']).toBe('4096');
    expect(() => mapHfConfig([1, 2])).toThrow(RequestError);
    expect(() => mapHfConfig('x')).toThrow(/must hold a JSON object/);
  });
});

describe('patternFromLayerTypes', () => {
  it('finds regular global-every-Nth patterns only', () => {
    expect(patternFromLayerTypes(['sliding_attention', 'full_attention', 'sliding_attention', 'full_attention'])).toBe(2);
    expect(patternFromLayerTypes(['full_attention', 'full_attention'])).toBe(1);
    expect(patternFromLayerTypes(['sliding_attention', 'full_attention', 'full_attention'])).toBeUndefined();
    expect(patternFromLayerTypes(['sliding_attention'])).toBeUndefined();
    expect(patternFromLayerTypes(undefined)).toBeUndefined();
  });
});
