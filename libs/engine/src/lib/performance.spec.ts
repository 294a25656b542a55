import fc from 'fast-check';
import {
  allReduceSeconds,
  COLLECTIVE_LATENCY_SECONDS,
  decodeFlopsPerToken,
  estimatePerformance,
  expectedExpertsHit,
  forwardCommunicationSeconds,
  memoryBreakdown,
  parameterCounts,
  pipelineTransferSeconds,
  prefillFlops,
  rawWeightsBytes,
  weightBytesTouched,
} from '../index';
import type { InferenceOptions, ModelArchitecture } from '../index';
import { DEEPSEEK_V3, DEFAULT_OPTIONS, GEMMA_2_9B, H100_SXM, LLAMA_2_7B, LLAMA_31_8B, MIXTRAL_8X7B } from '../testing/fixtures';

function relErr(actual: number, expected: number): number {
  return Math.abs(actual / expected - 1);
}

const opts = (o: Partial<InferenceOptions> = {}): InferenceOptions => ({ ...DEFAULT_OPTIONS, ...o });
const MISTRAL_7B_V01: ModelArchitecture = { ...LLAMA_31_8B, vocab_size: 32000, sliding_window: 4096, sliding_window_pattern: null };

/** One decode step at context c, as the engine times it: a calculation whose only step is at c. */
const stepSeconds = (m: ModelArchitecture, o: InferenceOptions, c: number) =>
  estimatePerformance(m, H100_SXM, { ...o, promptTokens: c, outputTokens: 1 }).decode.seconds;

/** prefill + sum of the decode steps at contexts s, s+1, ..., s+n-1, by a loop. */
function bruteTotalLatency(m: ModelArchitecture, o: InferenceOptions): number {
  let t = estimatePerformance(m, H100_SXM, o).prefillLatencySeconds;
  for (let c = o.promptTokens; c < o.promptTokens + o.outputTokens; c++) t += stepSeconds(m, o, c);
  return t;
}

describe('decode, Llama 3.1 8B bf16 on H100, batch 1', () => {
  // Bytes one step reads: every weight except the embedding table, which a lookup reads a few
  // rows of, but with the head: (8,030,261,248 - 2 * 525,336,576 + 525,336,576) * 2 bytes
  //   = 7,504,924,672 * 2 = 15,009,849,344 bytes.
  // Mean context of 1000 tokens after a 4096 prompt: 4096 + 999/2 = 4595.5; KV read
  //   = 4595.5 * 32 layers * 2048 elements * 2 bytes = 602,341,376 bytes.
  // Memory time = 15,612,190,720 / (3.35e12 * 0.75) = 6.2138 ms -> 160.93 tokens/s.
  const o = opts();
  const p = estimatePerformance(LLAMA_31_8B, H100_SXM, o);

  it('reads the weights it touches', () => {
    expect(weightBytesTouched(LLAMA_31_8B, o, 1, parameterCounts(LLAMA_31_8B))).toBe(15_009_849_344);
    expect(p.decode.bytes).toBe(15_009_849_344 + 602_341_376);
  });

  it('is memory-bound and runs at the bandwidth bound', () => {
    expect(p.decode.bound).toBe('memory');
    expect(p.decode.memorySeconds).toBeGreaterThan(p.decode.computeSeconds);
    expect(relErr(p.tokensPerSecond, (3.35e12 * 0.75) / (15_009_849_344 + 602_341_376))).toBeLessThan(1e-12);
    expect(relErr(p.tokensPerSecond, 160.93)).toBeLessThan(1e-4);
    // at a 1-token context the KV read is negligible: 2.5125e12 / 15,009,849,344 = 167.39 tokens/s
    const short = estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ promptTokens: 1, outputTokens: 1 }));
    expect(relErr(short.tokensPerSecond, 167.39)).toBeLessThan(0.01);
  });

  it('computes 2 * active + scores per token at the mean context', () => {
    expect(p.decode.flops).toBe(decodeFlopsPerToken(LLAMA_31_8B, 4595.5));
    expect(relErr(p.decode.computeSeconds, p.decode.flops / (989.5e12 * 0.42))).toBeLessThan(1e-12);
  });

  it('reports latency, aggregate rate and the ridge point', () => {
    expect(p.perTokenLatencySeconds).toBe(p.decode.seconds);
    expect(p.aggregateTokensPerSecond).toBe(p.tokensPerSecond);
    // (989.5e12 * 0.42) / (3.35e12 * 0.75) = 165.41 FLOPs per byte
    expect(relErr(p.ridgePointFlopsPerByte, 415.59e12 / 2.5125e12)).toBeLessThan(1e-12);
    expect(p.decode.arithmeticIntensity).toBeLessThan(p.ridgePointFlopsPerByte);
  });
});

describe('prefill', () => {
  it('4096 tokens of Llama 3.1 8B on H100 is compute-bound with FLOPs from prefillFlops', () => {
    const o = opts();
    const p = estimatePerformance(LLAMA_31_8B, H100_SXM, o);
    expect(p.prefill.bound).toBe('compute');
    expect(p.prefill.flops).toBe(prefillFlops(LLAMA_31_8B, 4096, 1).totalFlops);
    // about 6.6e13 FLOPs / 415.6e12 FLOP/s = 0.158 s
    expect(relErr(p.prefill.computeSeconds, p.prefill.flops / (989.5e12 * 0.42))).toBeLessThan(1e-12);
    expect(p.prefill.computeSeconds).toBeGreaterThan(0.1);
    expect(p.prefill.computeSeconds).toBeLessThan(0.2);
    expect(p.prefillLatencySeconds).toBe(p.prefill.seconds);
    expect(p.prefill.arithmeticIntensity).toBeGreaterThan(p.ridgePointFlopsPerByte);
  });

  it('a one-token prompt is memory-bound (it reads all weights for one token)', () => {
    expect(estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ promptTokens: 1 })).prefill.bound).toBe('memory');
  });
});

describe('total latency = prefill + the sum of the decode steps', () => {
  it.each([
    ['Llama 3.1 8B batch 1', LLAMA_31_8B, opts({ promptTokens: 100, outputTokens: 37 })],
    // batch 512: compute-bound at short context (18.5 ms) until the KV read overtakes near c = 470
    ['Llama 3.1 8B batch 512 (compute -> memory crossover)', LLAMA_31_8B, opts({ batchSize: 512, promptTokens: 400, outputTokens: 137 })],
    ['Mistral window crossing 4096', MISTRAL_7B_V01, opts({ promptTokens: 4080, outputTokens: 37 })],
    ['Gemma 2 window crossing 4096, batch 64', GEMMA_2_9B, opts({ batchSize: 64, promptTokens: 4070, outputTokens: 61 })],
    ['Mixtral batch 4', MIXTRAL_8X7B, opts({ batchSize: 4, promptTokens: 50, outputTokens: 37 })],
    ['DeepSeek-V3 fp8 t=8', DEEPSEEK_V3, opts({ weightFormat: 'fp8', numGpus: 8, tensorParallel: 8, promptTokens: 200, outputTokens: 37 })],
    ['Llama 3.1 8B q4_k_m (dequantization)', LLAMA_31_8B, opts({ weightFormat: 'q4_k_m', promptTokens: 10, outputTokens: 37 })],
    ['Llama 2 7B t=2 p=2', LLAMA_2_7B, opts({ numGpus: 4, tensorParallel: 2, pipelineParallel: 2, promptTokens: 10, outputTokens: 37 })],
  ])('%s: matches a loop over the steps (relative 1e-9)', (_label, m, o) => {
    const p = estimatePerformance(m, H100_SXM, o);
    expect(relErr(p.totalLatencySeconds, bruteTotalLatency(m, o))).toBeLessThanOrEqual(1e-9);
  });

  it('the batch-512 case really crosses from compute- to memory-bound', () => {
    const o = opts({ batchSize: 512 });
    expect(estimatePerformance(LLAMA_31_8B, H100_SXM, { ...o, promptTokens: 400, outputTokens: 1 }).decode.bound).toBe('compute');
    expect(estimatePerformance(LLAMA_31_8B, H100_SXM, { ...o, promptTokens: 536, outputTokens: 1 }).decode.bound).toBe('memory');
  });

  it('holds for random models, batches and lengths (fast-check)', () => {
    const models = [LLAMA_31_8B, MISTRAL_7B_V01, GEMMA_2_9B, MIXTRAL_8X7B, { ...MISTRAL_7B_V01, sliding_window: 64 }];
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom<InferenceOptions['weightFormat']>('bf16', 'fp8', 'q4_k_m'),
        (m, batchSize, promptTokens, outputTokens, weightFormat) => {
          const o = opts({ batchSize, promptTokens, outputTokens, weightFormat });
          const p = estimatePerformance(m, H100_SXM, o);
          return relErr(p.totalLatencySeconds, bruteTotalLatency(m, o)) <= 1e-9;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('with no output the total is the prefill', () => {
    const p = estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ outputTokens: 0 }));
    expect(p.totalLatencySeconds).toBe(p.prefillLatencySeconds);
  });

  it('time for 1000 tokens is not one step times 1000: it grows with context', () => {
    const o = opts({ promptTokens: 1000, outputTokens: 1000 });
    const p = estimatePerformance(LLAMA_31_8B, H100_SXM, o);
    expect(relErr(p.timeFor1000TokensSeconds, p.totalLatencySeconds)).toBeLessThan(1e-12);
    const first = stepSeconds(LLAMA_31_8B, o, 1000);
    expect(p.timeFor1000TokensSeconds - p.prefillLatencySeconds).toBeGreaterThan(1000 * first);
  });
});

describe('tensor, pipeline and data parallelism', () => {
  it('t = 2 adds communication and halves the per-GPU weights', () => {
    const one = estimatePerformance(LLAMA_31_8B, H100_SXM, opts());
    const two = estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ numGpus: 2, tensorParallel: 2 }));
    expect(one.decode.communicationSeconds).toBe(0);
    // decode: 2 all-reduces x 32 layers of B*d*b_a = 8192 bytes: 64 * (8192/450e9 + 5 us) = 321.2 us
    expect(relErr(two.decode.communicationSeconds, 64 * (8192 / 450e9 + 5e-6))).toBeLessThan(1e-12);
    expect(two.prefill.communicationSeconds).toBeGreaterThan(0);
    const w1 = memoryBreakdown(LLAMA_31_8B, opts()).perGpu.weightsBytes;
    const w2 = memoryBreakdown(LLAMA_31_8B, opts({ numGpus: 2, tensorParallel: 2 })).perGpu.weightsBytes;
    expect(relErr(w2, w1 / 2)).toBeLessThan(1e-12);
    // the memory time of a step halves too (weights and KV split across 2 GPUs)
    expect(relErr(two.decode.memorySeconds, one.decode.memorySeconds / 2)).toBeLessThan(1e-12);
  });

  it('all-reduce and pipeline transfer formulas', () => {
    // ring: 2 (t-1)/t * bytes / bw + latency
    expect(allReduceSeconds(1e9, 1, 1e11)).toBe(0);
    expect(relErr(allReduceSeconds(1e9, 4, 1e11), 1.5 * 0.01 + COLLECTIVE_LATENCY_SECONDS)).toBeLessThan(1e-12);
    // unknown interconnect (0) falls back to PCIe 4 x16, 32e9 B/s
    expect(relErr(allReduceSeconds(32e9, 2, 0), 1 + COLLECTIVE_LATENCY_SECONDS)).toBeLessThan(1e-12);
    expect(pipelineTransferSeconds(1e9, 1, 1e11)).toBe(0);
    expect(relErr(pipelineTransferSeconds(1e9, 3, 1e11), 2 * (0.01 + COLLECTIVE_LATENCY_SECONDS))).toBeLessThan(1e-12);
    const fwd = forwardCommunicationSeconds({
      tokens: 10,
      hiddenSize: 100,
      numLayers: 3,
      bytesPerActivation: 2,
      tensorParallel: 2,
      pipelineParallel: 2,
      linkBytesPerSecond: 1e9,
    });
    // message 2000 bytes: 6 * (1 * 2e-6 + 5e-6) + 1 * (2e-6 + 5e-6) = 49e-6
    expect(relErr(fwd, 49e-6)).toBeLessThan(1e-12);
  });

  it('pipeline parallelism does not speed up a single stream', () => {
    const one = estimatePerformance(LLAMA_31_8B, H100_SXM, opts());
    const p2 = estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ numGpus: 2, pipelineParallel: 2 }));
    expect(p2.decode.seconds).toBeGreaterThanOrEqual(one.decode.seconds);
    expect(p2.decode.communicationSeconds).toBeGreaterThan(0);
  });

  it('data-parallel replicas multiply the aggregate rate: 4 GPUs at t = 2 give twice 2 GPUs at t = 2', () => {
    const two = estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ numGpus: 2, tensorParallel: 2, batchSize: 8 }));
    const four = estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ numGpus: 4, tensorParallel: 2, batchSize: 8 }));
    expect(four.tokensPerSecond).toBe(two.tokensPerSecond);
    expect(relErr(four.aggregateTokensPerSecond, 2 * two.aggregateTokensPerSecond)).toBeLessThan(1e-12);
    expect(relErr(two.aggregateTokensPerSecond, 8 * two.tokensPerSecond)).toBeLessThan(1e-12);
  });
});

describe('MoE decode', () => {
  it('expected experts hit: E * (1 - (1 - k/E)^n)', () => {
    expect(expectedExpertsHit(8, 2, 1)).toBeCloseTo(2, 12);
    // 2 tokens: 8 * (1 - 0.75^2) = 3.5
    expect(expectedExpertsHit(8, 2, 2)).toBeCloseTo(3.5, 12);
    expect(expectedExpertsHit(8, 2, 1000)).toBeCloseTo(8, 12);
    expect(expectedExpertsHit(1, 1, 5)).toBe(1);
  });

  it('Mixtral at batch 1 reads 2 of 8 experts per layer', () => {
    // params read: 46,702,792,704 - 131,072,000 (embedding) - 32 * 6 * 176,160,768 (idle experts)
    //   = 12,748,853,248 -> 25,497,706,496 bytes in bf16, well under all 93.4e9 weight bytes
    const counts = parameterCounts(MIXTRAL_8X7B);
    const touched = weightBytesTouched(MIXTRAL_8X7B, opts(), 1, counts);
    expect(relErr(touched, 25_497_706_496)).toBeLessThan(1e-12);
    const p = estimatePerformance(MIXTRAL_8X7B, H100_SXM, opts());
    expect(p.decode.bytes).toBeLessThan(rawWeightsBytes(MIXTRAL_8X7B, opts()));
    // large batches touch (almost) every expert
    const all = weightBytesTouched(MIXTRAL_8X7B, opts(), 10_000, counts);
    expect(relErr(all, (46_702_792_704 - 131_072_000) * 2)).toBeLessThan(1e-9);
  });
});

describe('weight-only formats pay dequantization', () => {
  it('q4_k_m at batch 1: 10 ops per weight on the fp32 vector units', () => {
    // params read 7,504,924,672 * 10 * ceil(1/64) / 67e12 = 1.1201 ms, added after the max()
    const p = estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ weightFormat: 'q4_k_m' }));
    expect(p.computeFormat).toEqual({ format: 'fp16', peakFlopsPerSecond: 989.5e12, weightOnly: true });
    expect(relErr(p.decode.communicationSeconds, (7_504_924_672 * 10) / 67e12)).toBeLessThan(1e-9);
    expect(estimatePerformance(LLAMA_31_8B, H100_SXM, opts({ weightFormat: 'fp8' })).decode.communicationSeconds).toBe(0);
  });
});
