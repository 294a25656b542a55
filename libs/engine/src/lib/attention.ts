import { isMla, qkHeadDim, vHeadDim } from './parameters';
import type { ModelArchitecture } from './types';

/**
 * Attention geometry: which layers are local (sliding window) or global, how many tokens each
 * caches and attends to, and the KV-cache elements one token adds per layer.
 */

/** Layers that attend to the whole context. pattern N: every Nth layer is global (Gemma 2: 2, Gemma 3: 6). */
export function globalLayerCount(m: ModelArchitecture): number {
  if (m.sliding_window == null) return m.num_layers;
  if (m.sliding_window_pattern == null) return 0;
  return Math.floor(m.num_layers / m.sliding_window_pattern);
}

/** Layers restricted to the last `sliding_window` tokens. */
export function localLayerCount(m: ModelArchitecture): number {
  return m.num_layers - globalLayerCount(m);
}

/**
 * KV-cache elements one token adds to one layer: 2 * kv_heads * head_dim, or for DeepSeek MLA
 * the compressed latent plus the shared RoPE key, kv_lora_rank + qk_rope_head_dim (576 for V3).
 */
export function kvElementsPerTokenPerLayer(m: ModelArchitecture): number {
  if (isMla(m)) return (m.kv_lora_rank ?? 0) + (m.qk_rope_head_dim ?? 0);
  return 2 * m.num_kv_heads * m.head_dim;
}

/**
 * Sum over layers of the tokens each layer keeps in its cache when the context holds
 * `contextTokens` tokens: global layers keep all, local layers at most the window.
 */
export function cachedTokenLayers(m: ModelArchitecture, contextTokens: number): number {
  const local = localLayerCount(m);
  const window = m.sliding_window ?? contextTokens;
  return globalLayerCount(m) * contextTokens + local * Math.min(contextTokens, window);
}

/** KV-cache elements of one sequence at a context (all layers, before overheads). */
export function kvElementsPerSequence(m: ModelArchitecture, contextTokens: number): number {
  return kvElementsPerTokenPerLayer(m) * cachedTokenLayers(m, contextTokens);
}

/**
 * Attention-score FLOPs of one query token attending to `contextTokens` keys, all layers:
 * QK^T (2 * h * d_qk * c) plus softmax*V (2 * h * d_v * c) = 4 * h * d_h * c per layer
 * (calculation-model.md "FLOPs"), with local layers capped at the window.
 */
export function attentionScoreFlopsPerToken(m: ModelArchitecture, contextTokens: number): number {
  const perKeyPerLayer = 2 * m.num_attention_heads * (qkHeadDim(m) + vHeadDim(m));
  return perKeyPerLayer * cachedTokenLayers(m, contextTokens);
}

/** Sum over p = 1..n of min(p, w): keys seen by each position of a causal prefill. */
function causalKeys(n: number, window: number): number {
  if (n <= window) return (n * (n + 1)) / 2;
  return (window * (window + 1)) / 2 + (n - window) * window;
}

/**
 * Attention-score FLOPs of a causal prefill of `promptTokens` tokens for one sequence: position p
 * attends to p keys (min(p, window) in local layers), so the mean context is about S/2.
 */
export function prefillAttentionScoreFlops(m: ModelArchitecture, promptTokens: number): number {
  const perKeyPerLayer = 2 * m.num_attention_heads * (qkHeadDim(m) + vHeadDim(m));
  const global = globalLayerCount(m) * causalKeys(promptTokens, promptTokens);
  const local = localLayerCount(m) * causalKeys(promptTokens, m.sliding_window ?? promptTokens);
  return perKeyPerLayer * (global + local);
}
