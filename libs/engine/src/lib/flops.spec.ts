import { decodeFlopsPerToken, parameterCounts, prefillFlops } from '../index';
import type { ModelArchitecture } from '../index';
import { DEEPSEEK_V3, LLAMA_31_8B, MIXTRAL_8X7B } from '../testing/fixtures';

function expectRelativelyClose(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tol);
}

const MISTRAL_7B_V01: ModelArchitecture = { ...LLAMA_31_8B, vocab_size: 32000, sliding_window: 4096, sliding_window_pattern: null };

describe('decode FLOPs per token', () => {
  it('= 2 * (blockMatmulActive + V*d) + 4*h*d_h*c*L (Llama 3.1 8B at c = 4096)', () => {
    // blockMatmulActive = 32 * (41,943,040 + 176,160,768) = 6,979,321,856
    // head V*d = 128256 * 4096 = 525,336,576
    // matmul = 2 * 7,504,658,432 = 15,009,316,864
    // scores = 4 * 32 * 128 * 4096 * 32 = 2,147,483,648
    // total = 17,156,800,512
    const c = parameterCounts(LLAMA_31_8B);
    expect(c.blockMatmulActive).toBe(6_979_321_856);
    expect(decodeFlopsPerToken(LLAMA_31_8B, 4096)).toBe(17_156_800_512);
  });

  it('MoE decode multiplies only the active experts (Mixtral)', () => {
    const c = parameterCounts(MIXTRAL_8X7B);
    // active blocks: 32 * (41,943,040 + 2*176,160,768 + router 32,768) = 12,617,515,008
    expect(c.blockMatmulActive).toBe(12_617_515_008);
    expect(decodeFlopsPerToken(MIXTRAL_8X7B, 0)).toBe(2 * (12_617_515_008 + 32000 * 4096));
  });

  it('a sliding window caps the decode scores at the window', () => {
    const atWindow = decodeFlopsPerToken(MISTRAL_7B_V01, 4096);
    expect(decodeFlopsPerToken(MISTRAL_7B_V01, 100_000)).toBe(atWindow);
    expect(decodeFlopsPerToken(LLAMA_31_8B, 100_000)).toBeGreaterThan(decodeFlopsPerToken(LLAMA_31_8B, 4096));
  });
});

describe('prefill FLOPs', () => {
  it('Llama 3.1 8B, S = 1000, B = 3: projections, causal scores S(S+1)/2, FFN and the last-position head', () => {
    // tokens = 3000
    // projections = 2 * 32 * 41,943,040 * 3000      = 8,053,063,680,000
    // scores = 16,384 (4*h*d_h) * 500,500 * 32 * 3   =   787,218,432,000
    // FFN = 2 * 32 * 176,160,768 * 3000             = 33,822,867,456,000
    // head = 2 * 525,336,576 * 3 (last position)    =     3,152,019,456
    const f = prefillFlops(LLAMA_31_8B, 1000, 3);
    expect(f.attentionFlops).toBe(8_053_063_680_000 + 787_218_432_000);
    expect(f.feedforwardFlops).toBe(33_822_867_456_000);
    expect(f.headFlops).toBe(3_152_019_456);
    expect(f.totalFlops).toBe(f.attentionFlops + f.feedforwardFlops + f.headFlops);
  });

  it('keepAllLogits runs the head at every position', () => {
    expect(prefillFlops(LLAMA_31_8B, 1000, 3, true).headFlops).toBe(2 * 525_336_576 * 3000);
  });

  it('equals the sum of per-position decode FLOPs over contexts 1..S, apart from the head', () => {
    // position p attends to p keys: sum_p decode(p) - (S-1) heads = prefill (head once)
    const S = 257;
    let sum = 0;
    for (let p = 1; p <= S; p++) sum += decodeFlopsPerToken(LLAMA_31_8B, p);
    sum -= (S - 1) * 2 * 525_336_576;
    expectRelativelyClose(prefillFlops(LLAMA_31_8B, S, 1).totalFlops, sum, 1e-12);
  });

  it('a sliding window caps the prefill attention (Mistral-style, S = 8192, w = 4096)', () => {
    // keys per layer: 4096*4097/2 + 4096*4096 = 8,390,656 + 16,777,216 = 25,167,872 (vs 33,558,528 full)
    const capped = prefillFlops(MISTRAL_7B_V01, 8192, 1);
    const full = prefillFlops({ ...MISTRAL_7B_V01, sliding_window: null }, 8192, 1);
    expect(full.attentionFlops - capped.attentionFlops).toBe(16_384 * 32 * (33_558_528 - 25_167_872));
    expect(capped.feedforwardFlops).toBe(full.feedforwardFlops);
  });

  it('DeepSeek-V3 prefill FFN counts 3 dense + 58 MoE layers with 8 routed + 1 shared expert', () => {
    const expertParams = 3 * 7168 * 2048;
    const ffnActive = 3 * 3 * 7168 * 18432 + 58 * (9 * expertParams + 7168 * 256);
    expect(prefillFlops(DEEPSEEK_V3, 10, 1).feedforwardFlops).toBe(2 * ffnActive * 10);
  });
});
