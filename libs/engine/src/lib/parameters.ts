import type { ModelArchitecture } from './types';

/**
 * Parameter counts (calculation-model.md "Parameters"; Kaplan et al. 2020 and the HF configs).
 * Biases, norms and learned position embeddings are counted where the family has them.
 */

/**
 * True when the model uses DeepSeek multi-head latent attention: `kv_lora_rank` is set. The one
 * test every part uses (validation, parameters, KV size, tensor-parallel split); a rank of 0 is
 * latent attention with an invalid rank, which validation refuses naming kv_lora_rank.
 */
export function isMla(m: ModelArchitecture): boolean {
  return m.kv_lora_rank != null;
}

/** True for a mixture-of-experts model: more than one routed expert per layer. */
export function isMoe(m: ModelArchitecture): boolean {
  return m.num_experts > 1;
}

/** Query/key head dimension (MLA: nope + rope parts). */
export function qkHeadDim(m: ModelArchitecture): number {
  if (!isMla(m)) return m.head_dim;
  const rope = m.qk_rope_head_dim ?? 0;
  return (m.qk_nope_head_dim ?? m.head_dim - rope) + rope;
}

/** Value head dimension. */
export function vHeadDim(m: ModelArchitecture): number {
  return isMla(m) ? (m.v_head_dim ?? m.head_dim) : m.head_dim;
}

/** Weights of one attention block (projections, their biases and MLA's latent norms). */
export function attentionParamsPerLayer(m: ModelArchitecture): number {
  const d = m.hidden_size;
  const h = m.num_attention_heads;
  const outBias = m.mlp_bias ? d : 0;
  if (isMla(m)) {
    const kvRank = m.kv_lora_rank ?? 0;
    const rope = m.qk_rope_head_dim ?? 0;
    const qk = qkHeadDim(m);
    const nope = qk - rope;
    const v = vHeadDim(m);
    const qRank = m.q_lora_rank ?? 0;
    const q = qRank > 0 ? d * qRank + qRank + qRank * h * qk : d * h * qk;
    const kvDown = d * (kvRank + rope) + kvRank;
    const kvUp = kvRank * h * (nope + v);
    return q + kvDown + kvUp + h * v * d + outBias;
  }
  const dh = m.head_dim;
  const kv = m.num_kv_heads;
  const qkvBias = m.attention_bias ? h * dh + 2 * kv * dh : 0;
  return d * h * dh + 2 * d * kv * dh + h * dh * d + qkvBias + outBias;
}

/** Weights of one dense FFN of inner size `innerSize`: 3 matrices gated, 2 plain (+ biases). */
export function ffnParams(m: ModelArchitecture, innerSize: number): number {
  const d = m.hidden_size;
  if (m.ffn_type === 'gated') {
    return 3 * d * innerSize + (m.mlp_bias ? 2 * innerSize + d : 0);
  }
  return 2 * d * innerSize + (m.mlp_bias ? innerSize + d : 0);
}

export interface FfnLayerParams {
  total: number;
  /** Weights one token multiplies (k routed experts + shared + router for MoE). */
  active: number;
  /** One routed expert's weights (0 for a dense layer). */
  perExpert: number;
}

/** Number of layers with a MoE FFN (the others are dense with intermediate_size). */
export function moeLayerCount(m: ModelArchitecture): number {
  return isMoe(m) ? Math.max(0, m.num_layers - m.first_dense_layers) : 0;
}

/** Parameters of one dense FFN layer of `intermediate_size` (all active): 3·d·d_ff gated, 2·d·d_ff plain, plus biases. */
export function denseFfnLayer(m: ModelArchitecture): FfnLayerParams {
  const p = ffnParams(m, m.intermediate_size);
  return { total: p, active: p, perExpert: 0 };
}

/** One MoE FFN layer: E routed experts, shared experts and the router (d * E). */
export function moeFfnLayer(m: ModelArchitecture): FfnLayerParams {
  const perExpert = ffnParams(m, m.expert_intermediate_size);
  const shared = m.num_shared_experts * ffnParams(m, m.shared_expert_intermediate_size ?? m.expert_intermediate_size);
  const router = m.hidden_size * m.num_experts;
  return {
    total: m.num_experts * perExpert + shared + router,
    active: m.experts_per_token * perExpert + shared + router,
    perExpert,
  };
}

/** Norm weights of one layer: two norms; LayerNorm has weight and bias. */
export function normParamsPerLayer(m: ModelArchitecture): number {
  return (m.norm_type === 'layernorm' ? 2 : 1) * 2 * m.hidden_size;
}

/** Token embedding (plus learned position embedding where the family has one). */
export function embeddingParams(m: ModelArchitecture): number {
  const positions = m.learned_position_embeddings ? (m.max_position_embeddings ?? 0) * m.hidden_size : 0;
  return m.vocab_size * m.hidden_size + positions;
}

/** The output head's weights when stored separately (0 when tied to the embedding). */
export function headParams(m: ModelArchitecture): number {
  return m.tie_word_embeddings ? 0 : m.vocab_size * m.hidden_size;
}

export interface ParameterCounts {
  total: number;
  active: number;
  embedding: number;
  head: number;
  attentionPerLayer: number;
  /** Sum over layers of FFN weights (all experts). */
  ffnTotal: number;
  /** Sum over layers of FFN weights one token uses. */
  ffnActive: number;
  /** Routed-expert weights per MoE layer, one expert. */
  perExpert: number;
  moeLayers: number;
  /**
   * Weights that one token multiplies in the blocks (attention + active FFN, no norms or
   * embedding lookup); the head adds vocab_size * hidden_size on top when logits are computed.
   */
  blockMatmulActive: number;
  /** vocab_size * hidden_size: the head multiplies whether or not it is tied. */
  headMatmul: number;
}

/** Total and active parameter counts of a model. Check: Llama-2-7B = 6,738,415,616. */
export function parameterCounts(m: ModelArchitecture): ParameterCounts {
  const attention = attentionParamsPerLayer(m);
  const moeLayers = moeLayerCount(m);
  const denseLayers = m.num_layers - moeLayers;
  const dense = denseFfnLayer(m);
  const moe = moeLayers > 0 ? moeFfnLayer(m) : { total: 0, active: 0, perExpert: 0 };
  const ffnTotal = denseLayers * dense.total + moeLayers * moe.total;
  const ffnActive = denseLayers * dense.active + moeLayers * moe.active;
  const norms = m.num_layers * normParamsPerLayer(m) + (m.norm_type === 'layernorm' ? 2 : 1) * m.hidden_size;
  const embedding = embeddingParams(m);
  const head = headParams(m);
  const shared = m.num_layers * attention + norms + embedding + head;
  return {
    total: shared + ffnTotal,
    active: shared + ffnActive,
    embedding,
    head,
    attentionPerLayer: attention,
    ffnTotal,
    ffnActive,
    perExpert: moe.perExpert,
    moeLayers,
    blockMatmulActive: m.num_layers * attention + ffnActive,
    headMatmul: m.vocab_size * m.hidden_size,
  };
}

/** 'MHA' | 'GQA' | 'MQA' | 'MLA' for display. */
export function attentionType(m: ModelArchitecture): 'MHA' | 'GQA' | 'MQA' | 'MLA' {
  if (isMla(m)) return 'MLA';
  if (m.num_kv_heads === m.num_attention_heads) return 'MHA';
  return m.num_kv_heads === 1 ? 'MQA' : 'GQA';
}
