import {
  attentionScoreFlopsPerToken,
  cachedTokenLayers,
  globalLayerCount,
  kvElementsPerSequence,
  kvElementsPerTokenPerLayer,
  localLayerCount,
  prefillAttentionScoreFlops,
} from '../index';
import type { ModelArchitecture } from '../index';
import { DEEPSEEK_V3, GEMMA_2_9B, LLAMA_31_8B } from '../testing/fixtures';

/** Mistral 7B v0.1: every layer local with a 4096-token window (sliding_window set, pattern null). */
const MISTRAL_7B_V01: ModelArchitecture = {
  ...LLAMA_31_8B,
  name: 'Mistral 7B v0.1',
  vocab_size: 32000,
  sliding_window: 4096,
  sliding_window_pattern: null,
};

describe('attention geometry', () => {
  it('GQA caches 2 * h_kv * d_h elements per token per layer (Llama 3.1 8B: 2*8*128 = 2048)', () => {
    expect(kvElementsPerTokenPerLayer(LLAMA_31_8B)).toBe(2048);
  });

  it('DeepSeek-V3 MLA caches kv_lora_rank + qk_rope_head_dim = 512 + 64 = 576 elements per token per layer', () => {
    expect(kvElementsPerTokenPerLayer(DEEPSEEK_V3)).toBe(576);
  });

  it('Gemma 2 9B: 21 global and 21 local layers; at 8192 tokens 21*8192 + 21*4096 token-layers', () => {
    expect(globalLayerCount(GEMMA_2_9B)).toBe(21);
    expect(localLayerCount(GEMMA_2_9B)).toBe(21);
    // 21 * 8192 + 21 * 4096 = 172,032 + 86,016 = 258,048
    expect(cachedTokenLayers(GEMMA_2_9B, 8192)).toBe(258_048);
    // elements: 258,048 * (2 * 8 * 256 = 4096) = 1,056,964,608
    expect(kvElementsPerSequence(GEMMA_2_9B, 8192)).toBe(1_056_964_608);
    // below the window every layer holds the whole context
    expect(cachedTokenLayers(GEMMA_2_9B, 1000)).toBe(42 * 1000);
  });

  it('Gemma 3 style pattern 6 over 62 layers: floor(62/6) = 10 global layers', () => {
    const g3 = { ...GEMMA_2_9B, num_layers: 62, sliding_window: 1024, sliding_window_pattern: 6 };
    expect(globalLayerCount(g3)).toBe(10);
    expect(localLayerCount(g3)).toBe(52);
  });

  it('Mistral-style all-local caches at most the window in every layer', () => {
    expect(globalLayerCount(MISTRAL_7B_V01)).toBe(0);
    expect(localLayerCount(MISTRAL_7B_V01)).toBe(32);
    expect(cachedTokenLayers(MISTRAL_7B_V01, 100_000)).toBe(32 * 4096);
    expect(cachedTokenLayers(MISTRAL_7B_V01, 4096)).toBe(32 * 4096);
    expect(cachedTokenLayers(MISTRAL_7B_V01, 2000)).toBe(32 * 2000);
  });

  it('no window: every layer is global', () => {
    expect(globalLayerCount(LLAMA_31_8B)).toBe(32);
    expect(cachedTokenLayers(LLAMA_31_8B, 8192)).toBe(32 * 8192);
  });

  it('decode score FLOPs per token = 4 * h * d_h * c * L (Llama 3.1 8B at c = 1000)', () => {
    // 4 * 32 * 128 * 1000 * 32 = 524,288,000
    expect(attentionScoreFlopsPerToken(LLAMA_31_8B, 1000)).toBe(524_288_000);
  });

  it('MLA score FLOPs use the query/key head (192) and the value head (128): 2*h*(192+128) per key per layer', () => {
    expect(attentionScoreFlopsPerToken(DEEPSEEK_V3, 10)).toBe(2 * 128 * (192 + 128) * 10 * 61);
  });

  it('causal prefill scores sum S(S+1)/2 keys per layer', () => {
    // per key per layer 4 * 32 * 128 = 16,384; S = 100: 5050 keys; 32 layers
    expect(prefillAttentionScoreFlops(LLAMA_31_8B, 100)).toBe(16_384 * 5050 * 32);
  });

  it('a sliding window caps the prefill scores: sum_{p=1}^{S} min(p, w)', () => {
    const m = { ...MISTRAL_7B_V01, sliding_window: 10 };
    // S = 25, w = 10: 1+..+10 = 55, then 15 positions x 10 = 150 -> 205 keys per layer
    expect(prefillAttentionScoreFlops(m, 25)).toBe(16_384 * 205 * 32);
    // brute force for a mixed global/local model
    const mixed = { ...m, sliding_window_pattern: 4 }; // 8 global, 24 local
    let keys = 0;
    for (let p = 1; p <= 25; p++) keys += 8 * p + 24 * Math.min(p, 10);
    expect(prefillAttentionScoreFlops(mixed, 25)).toBe(16_384 * keys);
  });
});
