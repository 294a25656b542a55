import type { CustomModelDto } from './dto/custom-model.dto';

/**
 * Maps a Hugging Face config.json onto the contract's custom_model (shared by the API's
 * POST /api/import_hf_config and the CLI's --config). Keys it does not understand are listed,
 * never fatal; validation of the result happens as for any custom_model.
 */
export interface HfConfigImport {
  custom_model: Partial<CustomModelDto>;
  /** Keys present in the file that the calculator does not use or understand. */
  unknown_keys: string[];
  /** Readable notes on inferred values. */
  notes: string[];
}

/** Keys that are read (with their aliases). */
const SIMPLE: Record<string, keyof CustomModelDto> = {
  hidden_size: 'hidden_size',
  n_embd: 'hidden_size',
  d_model: 'hidden_size',
  intermediate_size: 'intermediate_size',
  n_inner: 'intermediate_size',
  ffn_hidden_size: 'intermediate_size',
  num_hidden_layers: 'num_layers',
  n_layer: 'num_layers',
  num_layers: 'num_layers',
  num_attention_heads: 'num_attention_heads',
  n_head: 'num_attention_heads',
  num_key_value_heads: 'num_kv_heads',
  num_kv_heads: 'num_kv_heads',
  head_dim: 'head_dim',
  vocab_size: 'vocab_size',
  tie_word_embeddings: 'tie_word_embeddings',
  num_local_experts: 'num_experts',
  num_experts: 'num_experts',
  n_routed_experts: 'num_experts',
  num_experts_per_tok: 'experts_per_token',
  moe_intermediate_size: 'expert_intermediate_size',
  n_shared_experts: 'num_shared_experts',
  shared_expert_intermediate_size: 'shared_expert_intermediate_size',
  first_k_dense_replace: 'first_dense_layers',
  kv_lora_rank: 'kv_lora_rank',
  qk_rope_head_dim: 'qk_rope_head_dim',
  q_lora_rank: 'q_lora_rank',
  qk_nope_head_dim: 'qk_nope_head_dim',
  v_head_dim: 'v_head_dim',
  sliding_window: 'sliding_window',
  sliding_window_pattern: 'sliding_window_pattern',
  max_position_embeddings: 'max_position_embeddings',
  n_positions: 'max_position_embeddings',
  attention_bias: 'attention_bias',
  mlp_bias: 'mlp_bias',
};

/** Keys that describe training, tokenizer or runtime details: known, deliberately not used. */
const IGNORED = new Set([
  'architectures', 'model_type', 'torch_dtype', 'transformers_version', 'bos_token_id', 'eos_token_id', 'pad_token_id',
  'rope_theta', 'rope_scaling', 'rms_norm_eps', 'layer_norm_eps', 'layer_norm_epsilon', 'initializer_range', 'use_cache',
  'attention_dropout', 'hidden_dropout', 'resid_pdrop', 'embd_pdrop', 'attn_pdrop', 'hidden_act', 'activation_function',
  'pretraining_tp', 'use_sliding_window', 'max_window_layers', 'router_aux_loss_coef', 'output_router_logits', 'norm_topk_prob',
  'multi_query', 'new_decoder_architecture', 'parallel_attn', 'bias', 'alibi', 'quantization_config', 'auto_map',
  'query_pre_attn_scalar', 'final_logit_softcapping', 'attn_logit_softcapping', 'decoder_sparse_step', 'mlp_only_layers',
  'num_nextn_predict_layers', 'routed_scaling_factor', 'topk_method', 'n_group', 'topk_group', 'scoring_func', 'aux_loss_alpha',
  'seq_aux', 'ep_size', 'moe_layer_freq', '_name_or_path', 'name_or_path', 'qkv_bias', 'layer_types', 'cache_implementation',
]);

function isNumberLike(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Reads config.json fields; multimodal configs nest the language model under text_config. */
export function mapHfConfig(config: Record<string, unknown>): HfConfigImport {
  const notes: string[] = [];
  let source = config;
  if (config['text_config'] && typeof config['text_config'] === 'object' && !Array.isArray(config['text_config'])) {
    source = { ...(config['text_config'] as Record<string, unknown>) };
    notes.push('read the language model from text_config');
  }
  const model: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      unknown.push(key);
      continue;
    }
    const target = SIMPLE[key];
    if (target) {
      if (value !== null && value !== undefined && model[target] === undefined) model[target] = value;
    } else if (!IGNORED.has(key) && key !== 'text_config' && key !== 'vision_config') {
      unknown.push(key);
    }
  }
  // Falcon / MQA conventions.
  if (source['multi_query'] === true && model['num_kv_heads'] === undefined && source['new_decoder_architecture'] !== true) {
    model['num_kv_heads'] = 1;
    notes.push('multi_query: 1 key/value head');
  }
  const act = String(source['hidden_act'] ?? source['activation_function'] ?? '');
  const gatedFamilies = /llama|mistral|mixtral|qwen|gemma|deepseek|phi3|olmo|granite|cohere/i;
  const type = String(source['model_type'] ?? '');
  if (/gpt2|gpt_bigcode|falcon|phi$|gpt_neox|opt|bloom/i.test(type) || (act && /gelu/.test(act) && !gatedFamilies.test(type))) {
    model['ffn_type'] = 'plain';
    notes.push(`${type || act}: plain (non-gated) FFN`);
  } else {
    model['ffn_type'] = 'gated';
  }
  if (/gpt2|gpt_bigcode|falcon|phi$|gpt_neox|opt|bloom/i.test(type)) {
    model['norm_type'] = 'layernorm';
  }
  if (/gpt2|gpt_bigcode/i.test(type)) {
    model['learned_position_embeddings'] = true;
    model['attention_bias'] = true;
    model['mlp_bias'] = true;
  }
  if (/qwen2/i.test(type) && model['attention_bias'] === undefined) model['attention_bias'] = true;
  if (model['intermediate_size'] === undefined && isNumberLike(model['hidden_size'])) {
    model['intermediate_size'] = 4 * (model['hidden_size'] as number);
    notes.push('intermediate_size not given: 4 x hidden_size');
  }
  if (model['num_experts'] !== undefined && model['expert_intermediate_size'] === undefined && model['intermediate_size'] !== undefined) {
    model['expert_intermediate_size'] = model['intermediate_size'];
  }
  if (model['tie_word_embeddings'] === undefined) {
    model['tie_word_embeddings'] = false;
    notes.push('tie_word_embeddings not given: assumed false (a separate output head)');
  }
  if (source['use_sliding_window'] === false && model['sliding_window'] !== undefined) {
    model['sliding_window'] = null;
    notes.push('use_sliding_window is false: sliding_window ignored');
  }
  if (/gemma2/i.test(type) && model['sliding_window'] != null && model['sliding_window_pattern'] === undefined) {
    model['sliding_window_pattern'] = 2;
    notes.push('Gemma 2: every 2nd layer global');
  }
  if (/gemma3/i.test(type) && model['sliding_window'] != null && model['sliding_window_pattern'] === undefined) {
    model['sliding_window_pattern'] = 6;
    notes.push('Gemma 3: every 6th layer global');
  }
  if (/mistral/i.test(type) && model['sliding_window'] != null) notes.push('Mistral: every layer uses the sliding window');
  // MLA: head_dim is qk_nope + qk_rope.
  if (model['kv_lora_rank'] != null && model['head_dim'] === undefined && isNumberLike(model['qk_nope_head_dim']) && isNumberLike(model['qk_rope_head_dim'])) {
    model['head_dim'] = (model['qk_nope_head_dim'] as number) + (model['qk_rope_head_dim'] as number);
  }
  const name = config['_name_or_path'] ?? config['name_or_path'];
  if (typeof name === 'string' && name.length > 0 && name.length <= 100) model['name'] = name;
  else if (type) model['name'] = `imported ${type}`.slice(0, 100);
  return { custom_model: model as Partial<CustomModelDto>, unknown_keys: unknown, notes };
}
