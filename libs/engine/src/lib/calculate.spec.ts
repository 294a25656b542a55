import {
  calculate,
  capacityLimits,
  decodeFlopsPerToken,
  estimatePerformance,
  memoryBreakdown,
  parameterCounts,
  prefillFlops,
} from '../index';
import type { InferenceOptions } from '../index';
import { DEEPSEEK_V3, DEFAULT_OPTIONS, GEMMA_2_9B, H100_SXM, LLAMA_31_8B, MIXTRAL_8X7B } from '../testing/fixtures';

const opts = (o: Partial<InferenceOptions> = {}): InferenceOptions => ({ ...DEFAULT_OPTIONS, ...o });

describe('calculate', () => {
  it('assembles the parts for Llama 3.1 8B bf16 on one H100', () => {
    const o = opts();
    const r = calculate({ model: LLAMA_31_8B, gpu: H100_SXM, options: o });
    expect(r.parameters).toEqual(parameterCounts(LLAMA_31_8B));
    expect(r.attentionType).toBe('GQA');
    expect(r.isMoe).toBe(false);
    const mb = memoryBreakdown(LLAMA_31_8B, o);
    expect(r.memory.totalBytes).toBe(mb.totalBytes);
    expect(r.memory.perGpu).toEqual(mb.perGpu);
    expect(r.memory.gpuMemoryBytes).toBe(80e9);
    expect(r.memory.fits).toBe(true);
    expect(r.memory.headroomBytes).toBe(80e9 - mb.perGpu.totalBytes);
    expect(r.memory.bytesPerWeight).toBe(2);
    expect(r.memory.bytesPerKvElement).toBe(2);
    // 2048 elements * 32 layers * 2 bytes = 131,072 bytes per token
    expect(r.memory.kvCacheBytesPerToken).toBe(131_072);
    expect(r.capacity).toEqual(capacityLimits(LLAMA_31_8B, o, 80e9));
    const pf = prefillFlops(LLAMA_31_8B, 4096, 1);
    expect(r.compute.prefillFlops).toBe(pf.totalFlops);
    expect(r.compute.attentionFlops).toBe(pf.attentionFlops);
    expect(r.compute.feedforwardFlops).toBe(pf.feedforwardFlops);
    expect(r.compute.headFlops).toBe(pf.headFlops);
    // per-token FLOPs at the final context 4096 + 1000
    expect(r.compute.perTokenFlops).toBe(decodeFlopsPerToken(LLAMA_31_8B, 5096));
    expect(r.performance).toEqual(estimatePerformance(LLAMA_31_8B, H100_SXM, o));
    expect(r.warnings).toEqual([]);
  });

  it('fits is perGpu.totalBytes <= gpu memory', () => {
    const big = calculate({ model: MIXTRAL_8X7B, gpu: H100_SXM, options: opts() });
    // 46.7e9 * 2 * 1.05 = 98 GB of weights alone
    expect(big.memory.fits).toBe(false);
    const split = calculate({ model: MIXTRAL_8X7B, gpu: H100_SXM, options: opts({ numGpus: 2, tensorParallel: 2 }) });
    expect(split.memory.fits).toBe(true);
  });

  it('warns when the context exceeds the trained context', () => {
    const r = calculate({ model: GEMMA_2_9B, gpu: H100_SXM, options: opts({ promptTokens: 8000, outputTokens: 500 }) });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('8500');
    expect(r.warnings[0]).toContain('8192');
  });

  it('warns when tensor parallelism exceeds the KV heads (not for MLA)', () => {
    const r = calculate({ model: LLAMA_31_8B, gpu: H100_SXM, options: opts({ numGpus: 16, tensorParallel: 16 }) });
    expect(r.warnings.some((w) => w.includes('KV heads'))).toBe(true);
    const d = calculate({ model: DEEPSEEK_V3, gpu: H100_SXM, options: opts({ weightFormat: 'fp8', numGpus: 16, tensorParallel: 16 }) });
    expect(d.warnings.some((w) => w.includes('KV heads'))).toBe(false);
    expect(d.attentionType).toBe('MLA');
    expect(d.isMoe).toBe(true);
  });
});
