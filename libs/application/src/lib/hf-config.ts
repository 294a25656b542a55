/**
 * A Hugging Face config.json -> the contract's custom_model fields (shared by the CLI's --config
 * and the API's POST /api/import_hf_config).
 *
 * Only the mapping lives here: values are passed through unchanged (a string where a number
 * belongs is left for the contract's DTO to refuse, naming the field), and whatever the config
 * does not say is left for the contract's defaults. Assumptions are returned as notes, and keys
 * this file does not understand are listed so that the user can see what was ignored.
 */
import { RequestError } from '@llm-calc/contracts';

/** The last path segment (no Node path module: this library is shared with the browser build). */
function basename(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

function dirname(path: string): string {
  const parts = path.split(/[\\/]/);
  parts.pop();
  return parts.join('/') || '.';
}

export interface HfConfigMapping {
  /** custom_model fields (contract names). */
  customModel: Record<string, unknown>;
  /** Which config key each field came from (field -> key), to name the key in error messages. */
  origins: ReadonlyMap<string, string>;
  /** Assumptions made while mapping, one readable line each. */
  notes: string[];
  /** Keys neither mapped nor known to be irrelevant to inference sizing. */
  ignoredKeys: string[];
}

/** config key -> custom_model field; the first key present wins (aliases of other model types). */
const KEY_MAP: readonly (readonly [field: string, keys: readonly string[]])[] = [
  ['hidden_size', ['hidden_size', 'n_embd', 'd_model']],
  ['intermediate_size', ['intermediate_size', 'n_inner', 'ffn_dim']],
  ['num_layers', ['num_hidden_layers', 'n_layer', 'num_layers']],
  ['num_attention_heads', ['num_attention_heads', 'n_head']],
  ['num_kv_heads', ['num_key_value_heads', 'num_kv_heads', 'n_head_kv']],
  ['head_dim', ['head_dim']],
  ['vocab_size', ['vocab_size']],
  ['tie_word_embeddings', ['tie_word_embeddings']],
  ['num_experts', ['num_local_experts', 'num_experts', 'n_routed_experts']],
  ['experts_per_token', ['num_experts_per_tok']],
  ['expert_intermediate_size', ['moe_intermediate_size']],
  ['num_shared_experts', ['n_shared_experts']],
  ['shared_expert_intermediate_size', ['shared_expert_intermediate_size']],
  ['first_dense_layers', ['first_k_dense_replace']],
  ['kv_lora_rank', ['kv_lora_rank']],
  ['qk_rope_head_dim', ['qk_rope_head_dim']],
  ['q_lora_rank', ['q_lora_rank']],
  ['qk_nope_head_dim', ['qk_nope_head_dim']],
  ['v_head_dim', ['v_head_dim']],
  ['sliding_window', ['sliding_window']],
  ['sliding_window_pattern', ['sliding_window_pattern']],
  ['max_position_embeddings', ['max_position_embeddings', 'n_positions']],
  ['attention_bias', ['attention_bias']],
  ['mlp_bias', ['mlp_bias']],
];

/** Keys read by the rules below, or irrelevant to parameter, memory and FLOP estimates. */
const UNDERSTOOD_KEYS = new Set([
  '_name_or_path',
  'architectures',
  'model_type',
  'hidden_act',
  'activation_function',
  'use_sliding_window',
  'layer_types',
  'multi_query',
  'rms_norm_eps',
  'layer_norm_eps',
  'layer_norm_epsilon',
  'text_config',
  'quantization_config',
  'num_nextn_predict_layers',
  // Numerics, tokens, code references and training-only settings: no effect on sizes or FLOPs.
  'auto_map',
  'torch_dtype',
  'dtype',
  'transformers_version',
  'bos_token_id',
  'eos_token_id',
  'pad_token_id',
  'rope_theta',
  'rope_scaling',
  'rope_parameters',
  'partial_rotary_factor',
  'initializer_range',
  'use_cache',
  'attention_dropout',
  'hidden_dropout',
  'resid_pdrop',
  'embd_pdrop',
  'attn_pdrop',
  'pretraining_tp',
  'max_window_layers',
  'router_aux_loss_coef',
  'router_jitter_noise',
  'output_router_logits',
  'norm_topk_prob',
  'scoring_func',
  'topk_method',
  'n_group',
  'topk_group',
  'routed_scaling_factor',
  'aux_loss_alpha',
  'seq_aux',
  'ep_size',
  'moe_layer_freq',
  'decoder_sparse_step',
  'mlp_only_layers',
  'query_pre_attn_scalar',
  'attn_logit_softcapping',
  'final_logit_softcapping',
  'scale_attn_weights',
  'reorder_and_upcast_attn',
  'scale_attn_by_inverse_layer_idx',
  'summary_activation',
  'summary_first_dropout',
  'summary_proj_to_labels',
  'summary_type',
  'summary_use_proj',
  'task_specific_params',
  'n_ctx',
]);

/** Model types whose config classes default tie_word_embeddings to true when the key is absent. */
const TIED_BY_DEFAULT = /^(gpt2|gpt_neo|gemma\d*(_text)?|phi|opt)$/;
/** GELU-activated model types that are nevertheless gated (GeGLU). */
const GATED_GELU = /^gemma/;
/** GPT-2-style configs: LayerNorm, biases everywhere, learned absolute positions, plain MLP. */
const GPT2_STYLE = /^(gpt2|gpt_bigcode)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Maps a parsed config.json to custom_model fields. `source` (the file path) names the model
 * when the config has no _name_or_path.
 */
export function mapHfConfig(config: unknown, source = 'config.json'): HfConfigMapping {
  if (!isObject(config)) throw new RequestError(400, [`${source} must hold a JSON object (a Hugging Face config.json)`]);
  const notes: string[] = [];
  let cfg = config;
  let prefix = '';
  const outerKeys: string[] = [];
  // Multimodal configs (Gemma 3, Llama 4, Mistral 3...) nest the language model under text_config.
  if (isObject(config['text_config']) && !('hidden_size' in config) && !('n_embd' in config)) {
    cfg = { model_type: config['model_type'], ...config['text_config'] };
    prefix = 'text_config.';
    outerKeys.push(...Object.keys(config).filter((k) => k !== 'text_config' && !UNDERSTOOD_KEYS.has(k)));
    notes.push('using text_config (the language model); the vision/audio towers are not counted');
  }

  const custom: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const used = new Set<string>();
  const set = (field: string, value: unknown, key: string) => {
    custom[field] = value;
    origins.set(field, prefix + key);
  };

  for (const [field, keys] of KEY_MAP) {
    const key = keys.find((k) => k in cfg);
    for (const k of keys) if (k in cfg) used.add(k);
    if (key === undefined) continue;
    // null in a config means "not used" or "use the default": leave the field out.
    if (cfg[key] === null) continue;
    set(field, cfg[key], key);
  }

  const modelType = typeof cfg['model_type'] === 'string' ? cfg['model_type'] : '';
  const name = cfg['_name_or_path'];
  custom['name'] = typeof name === 'string' && name.trim() !== '' ? name : modelName(source, modelType);

  applyFfnRules(cfg, custom, notes, modelType, set);
  applyAttentionRules(cfg, custom, notes, modelType, set);
  applyMoeRules(cfg, custom, notes);

  if (!('tie_word_embeddings' in custom) && 'vocab_size' in custom) {
    const tied = TIED_BY_DEFAULT.test(modelType);
    custom['tie_word_embeddings'] = tied;
    notes.push(
      `tie_word_embeddings is absent: assumed ${tied} (the default of ${modelType ? `model_type ${modelType}` : 'most decoder configs'})`,
    );
  }
  if ('layer_norm_eps' in cfg || 'layer_norm_epsilon' in cfg) custom['norm_type'] = 'layernorm';
  else if ('rms_norm_eps' in cfg) custom['norm_type'] = 'rmsnorm';

  const quant = cfg['quantization_config'];
  if (isObject(quant)) {
    const method = typeof quant['quant_method'] === 'string' ? ` (${quant['quant_method']})` : '';
    notes.push(`quantization_config${method} is not read: choose the weights' format with --precision`);
  }
  if (typeof cfg['num_nextn_predict_layers'] === 'number' && cfg['num_nextn_predict_layers'] > 0) {
    notes.push('num_nextn_predict_layers: the multi-token-prediction layers are not counted');
  }

  const ignoredKeys = [
    ...outerKeys,
    ...Object.keys(cfg)
      .filter((k) => !used.has(k) && !UNDERSTOOD_KEYS.has(k))
      .map((k) => prefix + k),
  ];
  return { customModel: custom, origins, notes, ignoredKeys };
}

function modelName(source: string, modelType: string): string {
  // ".../Llama-3.1-8B/config.json" names the model by its folder.
  const folder = basename(dirname(source));
  if (basename(source) === 'config.json' && folder && folder !== '.' && folder !== '/') return folder;
  return modelType ? `${modelType} (${basename(source)})` : basename(source);
}

type Setter = (field: string, value: unknown, key: string) => void;

function applyFfnRules(
  cfg: Record<string, unknown>,
  custom: Record<string, unknown>,
  notes: string[],
  modelType: string,
  set: Setter,
): void {
  const gpt2Style = GPT2_STYLE.test(modelType) || ('n_embd' in cfg && 'n_layer' in cfg);
  if (gpt2Style) {
    custom['ffn_type'] = 'plain';
    custom['norm_type'] = 'layernorm';
    custom['attention_bias'] = true;
    custom['mlp_bias'] = true;
    custom['learned_position_embeddings'] = true;
    notes.push('GPT-2-style config: plain GELU MLP, LayerNorm, biases and learned absolute positions assumed');
    if (!('intermediate_size' in custom) && typeof custom['hidden_size'] === 'number') {
      set('intermediate_size', 4 * custom['hidden_size'], 'n_inner');
      notes.push('n_inner is null: the feed-forward size is 4 x n_embd');
    }
    return;
  }
  const act = cfg['hidden_act'] ?? cfg['activation_function'];
  if (typeof act === 'string' && act.toLowerCase().startsWith('gelu') && !GATED_GELU.test(modelType)) {
    custom['ffn_type'] = 'plain';
    notes.push(`hidden_act ${act} without a gated (GeGLU) model type: assumed a plain 2-matrix MLP (--ffn-type gated overrides)`);
  }
}

function applyAttentionRules(
  cfg: Record<string, unknown>,
  custom: Record<string, unknown>,
  notes: string[],
  modelType: string,
  set: Setter,
): void {
  if (!('num_kv_heads' in custom) && cfg['multi_query'] === true) {
    set('num_kv_heads', 1, 'multi_query');
  }
  // MLA heads are qk_nope_head_dim + qk_rope_head_dim wide; hidden_size / heads would be wrong.
  const nope = custom['qk_nope_head_dim'];
  const rope = custom['qk_rope_head_dim'];
  if (!('head_dim' in custom) && typeof nope === 'number' && typeof rope === 'number') {
    set('head_dim', nope + rope, 'qk_nope_head_dim');
    notes.push(`head_dim is absent: qk_nope_head_dim + qk_rope_head_dim = ${nope + rope} (latent attention)`);
  }
  if (cfg['use_sliding_window'] === false && 'sliding_window' in custom) {
    delete custom['sliding_window'];
    notes.push('use_sliding_window is false: sliding_window ignored (every layer attends globally)');
  }
  if ('sliding_window' in custom && !('sliding_window_pattern' in custom)) {
    const pattern = patternFromLayerTypes(cfg['layer_types']);
    if (pattern !== undefined) {
      set('sliding_window_pattern', pattern, 'layer_types');
      notes.push(`layer_types: every ${pattern === 1 ? '' : `${ordinal(pattern)} `}layer global, the others local`);
    } else if (/^gemma2/.test(modelType)) {
      set('sliding_window_pattern', 2, 'model_type');
      notes.push('model_type gemma2: local and global layers alternate (sliding_window_pattern 2)');
    } else if (Array.isArray(cfg['layer_types'])) {
      notes.push('layer_types is not a regular pattern: every layer is treated as local');
    }
  }
}

/** [local, local, global, local, local, global...] -> 3; undefined when absent or irregular. */
export function patternFromLayerTypes(layerTypes: unknown): number | undefined {
  if (!Array.isArray(layerTypes) || layerTypes.length === 0) return undefined;
  const isGlobal = layerTypes.map((t) => t === 'full_attention');
  const first = isGlobal.indexOf(true);
  if (first < 0) return undefined;
  const n = first + 1;
  return isGlobal.every((g, i) => g === ((i + 1) % n === 0)) ? n : undefined;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function applyMoeRules(cfg: Record<string, unknown>, custom: Record<string, unknown>, notes: string[]): void {
  // Qwen2-MoE describes one shared expert by its size alone.
  if ('shared_expert_intermediate_size' in custom && !('num_shared_experts' in custom)) {
    custom['num_shared_experts'] = 1;
    notes.push('shared_expert_intermediate_size without n_shared_experts: one shared expert assumed');
  }
  const experts = custom['num_experts'];
  if (typeof experts === 'number' && experts > 1 && !('expert_intermediate_size' in custom) && 'intermediate_size' in custom) {
    notes.push('moe_intermediate_size is absent: each expert is intermediate_size wide (as Mixtral)');
  }
  if ('first_k_dense_replace' in cfg && cfg['moe_layer_freq'] !== undefined && cfg['moe_layer_freq'] !== 1) {
    notes.push(
      `moe_layer_freq ${JSON.stringify(cfg['moe_layer_freq']) ?? 'undefined'} is not modelled: every layer after first_k_dense_replace is MoE`,
    );
  }
}
