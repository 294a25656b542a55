import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { FFN_TYPES, NORM_TYPES, type FfnType, type NormType } from '@llm-calc/engine';

/** Nullable optional integer: absent or null means "not used"; otherwise a whole number in range. */
function NullableInt(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_o, v) => v !== null && v !== undefined)(target, key);
    IsInt()(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
  };
}

function Int(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
  };
}

/** A custom architecture (the contract's custom_model); defaults fill the optional fields. */
export class CustomModelDto {
  /** Display name. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  /** Model width d (config hidden_size). */
  @Int(1, 1_000_000)
  hidden_size!: number;

  /** Dense FFN inner size (config intermediate_size). */
  @Int(1, 10_000_000)
  intermediate_size!: number;

  /** Decoder layers (config num_hidden_layers). */
  @Int(1, 10_000)
  num_layers!: number;

  @Int(1, 100_000)
  num_attention_heads!: number;

  /** Key/value heads (GQA/MQA); defaults to num_attention_heads. */
  @IsOptional()
  @Int(1, 100_000)
  num_kv_heads?: number;

  /** Per-head dimension; defaults to hidden_size / num_attention_heads. */
  @IsOptional()
  @Int(1, 100_000)
  head_dim?: number;

  @Int(1, 10_000_000)
  vocab_size!: number;

  @IsOptional()
  @IsBoolean()
  tie_word_embeddings?: boolean;

  /** gated (SwiGLU/GeGLU, 3 matrices) or plain (2 matrices). */
  @IsOptional()
  @IsIn(FFN_TYPES)
  ffn_type?: FfnType;

  /** Routed experts per MoE layer; 1 = dense. */
  @IsOptional()
  @Int(1, 100_000)
  num_experts?: number;

  @IsOptional()
  @Int(1, 100_000)
  experts_per_token?: number;

  @IsOptional()
  @Int(1, 10_000_000)
  expert_intermediate_size?: number;

  @IsOptional()
  @Int(0, 1_000)
  num_shared_experts?: number;

  @NullableInt(1, 10_000_000)
  shared_expert_intermediate_size?: number | null;

  @IsOptional()
  @Int(0, 10_000)
  first_dense_layers?: number;

  /** DeepSeek MLA latent rank; set to use latent attention. */
  @NullableInt(1, 1_000_000)
  kv_lora_rank?: number | null;

  @NullableInt(1, 100_000)
  qk_rope_head_dim?: number | null;

  @NullableInt(1, 1_000_000)
  q_lora_rank?: number | null;

  @NullableInt(1, 100_000)
  qk_nope_head_dim?: number | null;

  @NullableInt(1, 100_000)
  v_head_dim?: number | null;

  /** Sliding-window size in tokens for local layers. */
  @NullableInt(1, 100_000_000)
  sliding_window?: number | null;

  /** Every Nth layer is global (Gemma 2: 2, Gemma 3: 6); absent with a window = all local. */
  @NullableInt(1, 10_000)
  sliding_window_pattern?: number | null;

  @IsOptional()
  @IsBoolean()
  attention_bias?: boolean;

  @IsOptional()
  @IsBoolean()
  mlp_bias?: boolean;

  @IsOptional()
  @IsIn(NORM_TYPES)
  norm_type?: NormType;

  @IsOptional()
  @IsBoolean()
  learned_position_embeddings?: boolean;

  @NullableInt(1, 100_000_000)
  max_position_embeddings?: number | null;
}
