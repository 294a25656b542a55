import type { FfnType, NormType } from '@llm-calc/engine';
import { CUSTOM_MODEL_FIELDS as F } from '@llm-calc/fields';
import { FieldRules } from './field-rules';

/**
 * A custom architecture (the contract's custom_model); defaults fill the optional fields.
 * Each property's rules, meaning and default are its record in the field registry
 * (libs/fields model-fields.ts).
 */
export class CustomModelDto {
  @FieldRules(F.name)
  name?: string;

  @FieldRules(F.hidden_size)
  hidden_size!: number;

  @FieldRules(F.intermediate_size)
  intermediate_size!: number;

  @FieldRules(F.num_layers)
  num_layers!: number;

  @FieldRules(F.num_attention_heads)
  num_attention_heads!: number;

  @FieldRules(F.num_kv_heads)
  num_kv_heads?: number;

  @FieldRules(F.head_dim)
  head_dim?: number;

  @FieldRules(F.vocab_size)
  vocab_size!: number;

  @FieldRules(F.tie_word_embeddings)
  tie_word_embeddings?: boolean;

  @FieldRules(F.ffn_type)
  ffn_type?: FfnType;

  @FieldRules(F.num_experts)
  num_experts?: number;

  @FieldRules(F.experts_per_token)
  experts_per_token?: number;

  @FieldRules(F.expert_intermediate_size)
  expert_intermediate_size?: number;

  @FieldRules(F.num_shared_experts)
  num_shared_experts?: number;

  @FieldRules(F.shared_expert_intermediate_size)
  shared_expert_intermediate_size?: number | null;

  @FieldRules(F.first_dense_layers)
  first_dense_layers?: number;

  @FieldRules(F.kv_lora_rank)
  kv_lora_rank?: number | null;

  @FieldRules(F.qk_rope_head_dim)
  qk_rope_head_dim?: number | null;

  @FieldRules(F.q_lora_rank)
  q_lora_rank?: number | null;

  @FieldRules(F.qk_nope_head_dim)
  qk_nope_head_dim?: number | null;

  @FieldRules(F.v_head_dim)
  v_head_dim?: number | null;

  @FieldRules(F.sliding_window)
  sliding_window?: number | null;

  @FieldRules(F.sliding_window_pattern)
  sliding_window_pattern?: number | null;

  @FieldRules(F.attention_bias)
  attention_bias?: boolean;

  @FieldRules(F.mlp_bias)
  mlp_bias?: boolean;

  @FieldRules(F.norm_type)
  norm_type?: NormType;

  @FieldRules(F.learned_position_embeddings)
  learned_position_embeddings?: boolean;

  @FieldRules(F.max_position_embeddings)
  max_position_embeddings?: number | null;
}
