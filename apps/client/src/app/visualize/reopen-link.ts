import type { Params } from '@angular/router';
import type { CalculateResponse } from '@llm-calc/contracts';

/** Custom-model fields the calculator's share link carries (calculator/share-params.ts). */
const CUSTOM_MODEL_KEYS = [
  'hidden_size',
  'intermediate_size',
  'num_layers',
  'num_attention_heads',
  'num_kv_heads',
  'head_dim',
  'vocab_size',
  'num_experts',
  'experts_per_token',
  'expert_intermediate_size',
  'num_shared_experts',
  'first_dense_layers',
  'kv_lora_rank',
  'qk_rope_head_dim',
  'sliding_window',
  'sliding_window_pattern',
  'tie_word_embeddings',
  'ffn_type',
  'shared_expert_intermediate_size',
  'q_lora_rank',
  'qk_nope_head_dim',
  'v_head_dim',
  'attention_bias',
  'mlp_bias',
  'norm_type',
  'learned_position_embeddings',
  'max_position_embeddings',
] as const;

/** Run inputs the share link carries as they are. */
const INPUT_KEYS = [
  'sequence_length',
  'output_tokens',
  'batch_size',
  'precision',
  'kv_cache_precision',
  'num_gpus',
  'tensor_parallel',
  'pipeline_parallel',
  'efficiency',
  'memory_efficiency',
  'price_per_gpu_hour',
] as const;

function put(params: Params, key: string, value: unknown): void {
  if (value === null || value === undefined || value === '') return;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') params[key] = String(value);
}

/**
 * The calculator link (`/` + share-link query parameters) that reopens a logged run with its
 * inputs, or null when the run cannot be expressed as a link (a custom GPU: the share link names
 * GPUs by preset id only). Built from the record's `inputs`, not from its results.
 */
export function reopenParams(run: CalculateResponse): Params | null {
  const inputs = run.inputs;
  if (!inputs || !inputs.gpu || inputs.custom_gpu) return null;
  const params: Params = {};
  if (inputs.model) {
    params['model'] = inputs.model;
  } else if (inputs.custom_model) {
    const custom = inputs.custom_model as unknown as Record<string, unknown>;
    put(params, 'model_name', custom['name']);
    for (const key of CUSTOM_MODEL_KEYS) put(params, key, custom[key]);
  } else {
    return null;
  }
  params['gpu'] = inputs.gpu;
  const values = inputs as unknown as Record<string, unknown>;
  for (const key of INPUT_KEYS) put(params, key, values[key]);
  return params;
}
