import { attentionScoreFlopsPerToken, prefillAttentionScoreFlops } from './attention';
import { parameterCounts, type ParameterCounts } from './parameters';
import type { ModelArchitecture } from './types';

/**
 * FLOP counts (calculation-model.md "FLOPs"; Kaplan et al. 2020): a multiply-add is 2 FLOPs,
 * so a token costs 2 FLOPs per weight it multiplies, plus the attention scores.
 * In inference the head (vocab_size * hidden_size) runs for the last prompt position only.
 */
export interface PrefillFlops {
  /** Q/K/V/O projections and attention scores, whole prompt, whole batch. */
  attentionFlops: number;
  /** FFN (active experts and router), whole prompt, whole batch. */
  feedforwardFlops: number;
  /** Output head for the positions whose logits are computed. */
  headFlops: number;
  totalFlops: number;
}

/**
 * FLOPs of prefilling `promptTokens` for `batchSize` sequences (a multiply-add counts 2): matmuls
 * 2 × active parameters per token, attention scores 4 × h × d_h × context per layer summed over
 * the causal positions (mean context ≈ S/2), and the output head for the last position only unless
 * `keepAllLogits` (Kaplan et al. 2020; docs/calculation-model.md, "FLOPs").
 */
export function prefillFlops(
  m: ModelArchitecture,
  promptTokens: number,
  batchSize: number,
  keepAllLogits = false,
  counts: ParameterCounts = parameterCounts(m),
): PrefillFlops {
  const tokens = promptTokens * batchSize;
  const projections = 2 * m.num_layers * counts.attentionPerLayer * tokens;
  const scores = prefillAttentionScoreFlops(m, promptTokens) * batchSize;
  const feedforwardFlops = 2 * counts.ffnActive * tokens;
  const headFlops = 2 * counts.headMatmul * (keepAllLogits ? tokens : batchSize);
  const attentionFlops = projections + scores;
  return {
    attentionFlops,
    feedforwardFlops,
    headFlops,
    totalFlops: attentionFlops + feedforwardFlops + headFlops,
  };
}

/** FLOPs to generate one token at a context of `contextTokens` (blocks, scores and head). */
export function decodeFlopsPerToken(m: ModelArchitecture, contextTokens: number, counts: ParameterCounts = parameterCounts(m)): number {
  return 2 * (counts.blockMatmulActive + counts.headMatmul) + attentionScoreFlopsPerToken(m, contextTokens);
}
