import fc from 'fast-check';
import {
  calculate,
  capacityLimits,
  decodeFlopsPerToken,
  estimatePerformance,
  memoryBreakdown,
  parameterCounts,
  prefillFlops,
  validateArchitecture,
  weightBytesTouched,
  WEIGHT_FORMATS,
} from '../index';
import type { GpuSpec, InferenceOptions, ModelArchitecture } from '../index';

/**
 * Invariants that must hold for every valid architecture, GPU and option set, not just the
 * fixtures. The generators stay modest (small models, short contexts) to keep the suite fast.
 */

const arbArchitecture: fc.Arbitrary<ModelArchitecture> = fc
  .record({
    kvHeads: fc.constantFrom(1, 2, 4, 8),
    group: fc.constantFrom(1, 2, 4),
    headDim: fc.constantFrom(32, 64, 128),
    hiddenExtra: fc.integer({ min: 0, max: 8 }),
    intermediate: fc.integer({ min: 16, max: 8192 }),
    layers: fc.integer({ min: 1, max: 40 }),
    vocab: fc.integer({ min: 256, max: 150_000 }),
    tied: fc.boolean(),
    ffnType: fc.constantFrom('gated' as const, 'plain' as const),
    moe: fc.option(
      fc.record({
        experts: fc.integer({ min: 2, max: 64 }),
        perTokenFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        expertSize: fc.integer({ min: 16, max: 4096 }),
        shared: fc.integer({ min: 0, max: 2 }),
        firstDenseFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { nil: null },
    ),
    mla: fc.option(fc.record({ rank: fc.integer({ min: 16, max: 512 }), rope: fc.constantFrom(8, 16, 32) }), { nil: null }),
    window: fc.option(
      fc.record({ size: fc.integer({ min: 1, max: 4096 }), pattern: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }) }),
      {
        nil: null,
      },
    ),
    biases: fc.boolean(),
    layernorm: fc.boolean(),
  })
  .map((r): ModelArchitecture => {
    const heads = r.kvHeads * r.group;
    const hidden = heads * r.headDim + 64 * r.hiddenExtra;
    const experts = r.moe?.experts ?? 1;
    return {
      name: 'random',
      hidden_size: hidden,
      intermediate_size: r.intermediate,
      num_layers: r.layers,
      num_attention_heads: heads,
      num_kv_heads: r.mla ? heads : r.kvHeads,
      head_dim: r.headDim,
      vocab_size: r.vocab,
      tie_word_embeddings: r.tied,
      ffn_type: r.ffnType,
      num_experts: experts,
      experts_per_token: r.moe ? 1 + Math.floor(r.moe.perTokenFraction * (experts - 1)) : 1,
      expert_intermediate_size: r.moe?.expertSize ?? r.intermediate,
      num_shared_experts: r.moe?.shared ?? 0,
      first_dense_layers: r.moe ? Math.floor(r.moe.firstDenseFraction * r.layers) : 0,
      kv_lora_rank: r.mla?.rank ?? null,
      qk_rope_head_dim: r.mla ? Math.min(r.mla.rope, r.headDim / 2) : null,
      sliding_window: r.window?.size ?? null,
      sliding_window_pattern: r.window?.pattern ?? null,
      attention_bias: r.biases,
      mlp_bias: r.biases,
      norm_type: r.layernorm ? 'layernorm' : 'rmsnorm',
    };
  });

/** A GPU that can run every weight format, with plausible but random figures. */
const arbGpu: fc.Arbitrary<GpuSpec> = fc
  .record({
    memory: fc.double({ min: 4e9, max: 200e9, noNaN: true }),
    bandwidth: fc.double({ min: 100e9, max: 8e12, noNaN: true }),
    dense16: fc.double({ min: 10e12, max: 2500e12, noNaN: true }),
    link: fc.constantFrom(0, 32e9, 450e9),
  })
  .map((g) => ({
    name: 'random GPU',
    memory_bytes: g.memory,
    memory_bandwidth_bytes_per_second: g.bandwidth,
    peak_flops: {
      fp32: g.dense16 / 15,
      tf32: g.dense16 / 2,
      fp16: g.dense16,
      bf16: g.dense16,
      fp8: 2 * g.dense16,
      int8: 2 * g.dense16,
      fp4: 4 * g.dense16,
    },
    interconnect_bandwidth_bytes_per_second: g.link,
  }));

const arbOptions: fc.Arbitrary<InferenceOptions> = fc
  .record({
    promptTokens: fc.integer({ min: 1, max: 8192 }),
    outputTokens: fc.integer({ min: 0, max: 4096 }),
    batchSize: fc.integer({ min: 1, max: 64 }),
    weightFormat: fc.constantFrom(...WEIGHT_FORMATS),
    kvCacheFormat: fc.constantFrom('fp32' as const, 'fp16' as const, 'bf16' as const, 'fp8' as const, 'int8' as const),
    tensorParallel: fc.constantFrom(1, 2, 4, 8),
    pipelineParallel: fc.constantFrom(1, 2),
    replicas: fc.integer({ min: 1, max: 3 }),
    computeEfficiency: fc.double({ min: 0.01, max: 1, noNaN: true }),
    memoryEfficiency: fc.double({ min: 0.01, max: 1, noNaN: true }),
    flashAttention: fc.boolean(),
    keepAllLogits: fc.boolean(),
  })
  .map(({ replicas, ...o }) => ({ ...o, numGpus: o.tensorParallel * o.pipelineParallel * replicas }));

// FC_RUNS raises the count for a deeper local search (e.g. FC_RUNS=20000).
const RUNS = { numRuns: Number(process.env['FC_RUNS'] ?? 200) };

describe('generators', () => {
  it('produce valid architectures', () => {
    fc.assert(
      fc.property(arbArchitecture, (m) => {
        validateArchitecture(m);
      }),
      RUNS,
    );
  });
});

describe('memory invariants', () => {
  it('more batch never means less memory (total and per GPU)', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, fc.integer({ min: 1, max: 64 }), (m, o, more) => {
        const a = memoryBreakdown(m, o);
        const b = memoryBreakdown(m, { ...o, batchSize: o.batchSize + more });
        return b.totalBytes >= a.totalBytes && b.perGpu.totalBytes >= a.perGpu.totalBytes && b.kvCacheBytes >= a.kvCacheBytes;
      }),
      RUNS,
    );
  });

  it('a longer prompt or output never means less memory', () => {
    fc.assert(
      fc.property(
        arbArchitecture,
        arbOptions,
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 4096 }),
        (m, o, morePrompt, moreOutput) => {
          const a = memoryBreakdown(m, o);
          const p = memoryBreakdown(m, { ...o, promptTokens: o.promptTokens + morePrompt });
          const q = memoryBreakdown(m, { ...o, outputTokens: o.outputTokens + moreOutput });
          return (
            p.totalBytes >= a.totalBytes &&
            p.perGpu.totalBytes >= a.perGpu.totalBytes &&
            q.totalBytes >= a.totalBytes &&
            q.perGpu.totalBytes >= a.perGpu.totalBytes
          );
        },
      ),
      RUNS,
    );
  });

  it('tensor parallelism never raises per-GPU weights or per-GPU total (t = 2^k vs 1)', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, fc.integer({ min: 1, max: 4 }), (m, o, k) => {
        const one = memoryBreakdown(m, { ...o, tensorParallel: 1 });
        const many = memoryBreakdown(m, { ...o, tensorParallel: 2 ** k });
        return many.perGpu.weightsBytes <= one.perGpu.weightsBytes && many.perGpu.totalBytes <= one.perGpu.totalBytes;
      }),
      RUNS,
    );
  });

  it('per-GPU parts never exceed the whole, and the whole is the sum plus 5%', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, (m, o) => {
        const mb = memoryBreakdown(m, o);
        const sum = mb.weightsBytes + mb.kvCacheBytes + mb.activationsBytes;
        return mb.perGpu.totalBytes <= mb.totalBytes * (1 + 1e-12) && Math.abs(mb.totalBytes / (sum * 1.05) - 1) < 1e-12;
      }),
      RUNS,
    );
  });

  it('capacity: maxBatchSize fits and one more does not; maxSequenceLength likewise', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, arbGpu, (m, o, g) => {
        const counts = parameterCounts(m);
        const c = capacityLimits(m, o, g.memory_bytes, counts);
        const fits = (x: InferenceOptions) => memoryBreakdown(m, x, counts).perGpu.totalBytes <= g.memory_bytes;
        if (c.maxBatchSize > 0 && !fits({ ...o, batchSize: c.maxBatchSize })) return false;
        if (fits({ ...o, batchSize: c.maxBatchSize + 1 })) return false;
        if (c.maxSequenceLength > 0 && !fits({ ...o, promptTokens: c.maxSequenceLength })) return false;
        if (c.maxSequenceLength < 1 << 30 && fits({ ...o, promptTokens: c.maxSequenceLength + 1 })) return false;
        return true;
      }),
      RUNS,
    );
  });

  it('capacity: minGpus (when the search stays at or below 16) is the smallest t dividing the heads that fits', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, arbGpu, (m, o, g) => {
        const counts = parameterCounts(m);
        const { minGpus } = capacityLimits(m, o, g.memory_bytes, counts);
        fc.pre(minGpus != null && minGpus <= 16);
        const at = (t: number) => memoryBreakdown(m, { ...o, tensorParallel: t, pipelineParallel: 1 }, counts).perGpu.totalBytes;
        if (m.num_attention_heads % (minGpus as number) !== 0) return false;
        if (at(minGpus as number) > g.memory_bytes) return false;
        for (let t = 1; t < (minGpus as number); t++) if (m.num_attention_heads % t === 0 && at(t) <= g.memory_bytes) return false;
        return true;
      }),
      RUNS,
    );
  });
});

describe('FLOP invariants', () => {
  it('a causal prefill costs the sum of per-position decode FLOPs (head counted once)', () => {
    fc.assert(
      fc.property(arbArchitecture, fc.integer({ min: 1, max: 300 }), (m, s) => {
        const counts = parameterCounts(m);
        let sum = 0;
        for (let p = 1; p <= s; p++) sum += decodeFlopsPerToken(m, p, counts);
        sum -= (s - 1) * 2 * counts.headMatmul;
        return Math.abs(prefillFlops(m, s, 1, false, counts).totalFlops / sum - 1) < 1e-9;
      }),
      RUNS,
    );
  });

  it('active parameters never exceed the total', () => {
    fc.assert(
      fc.property(arbArchitecture, (m) => {
        const c = parameterCounts(m);
        return c.active <= c.total && c.blockMatmulActive <= c.active && c.perExpert >= 0;
      }),
      RUNS,
    );
  });
});

describe('performance invariants', () => {
  it('a decode step never beats its roofline: seconds >= memory time, >= compute time, >= the weight-read bound', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, arbGpu, (m, o, g) => {
        const counts = parameterCounts(m);
        const p = estimatePerformance(m, g, o, counts);
        const weightBound =
          weightBytesTouched(m, o, o.batchSize, counts) / o.tensorParallel / (g.memory_bandwidth_bytes_per_second * o.memoryEfficiency);
        const eps = 1 + 1e-12;
        return (
          p.decode.seconds * eps >= p.decode.memorySeconds &&
          p.decode.seconds * eps >= p.decode.computeSeconds &&
          p.perTokenLatencySeconds * eps >= weightBound &&
          p.tokensPerSecond <= (1 / weightBound) * eps &&
          p.prefill.seconds * eps >= Math.max(p.prefill.memorySeconds, p.prefill.computeSeconds) &&
          p.decode.bound === (p.decode.computeSeconds >= p.decode.memorySeconds ? 'compute' : 'memory')
        );
      }),
      RUNS,
    );
  });

  it('more compute efficiency never makes prefill (or decode) slower', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, arbGpu, fc.double({ min: 0, max: 1, noNaN: true }), (m, o, g, f) => {
        const higher = o.computeEfficiency + f * (1 - o.computeEfficiency);
        const a = estimatePerformance(m, g, o);
        const b = estimatePerformance(m, g, { ...o, computeEfficiency: higher });
        return (
          b.prefill.seconds <= a.prefill.seconds &&
          b.decode.seconds <= a.decode.seconds &&
          b.totalLatencySeconds <= a.totalLatencySeconds * (1 + 1e-12)
        );
      }),
      RUNS,
    );
  });

  it('more memory efficiency never makes decode slower', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, arbGpu, fc.double({ min: 0, max: 1, noNaN: true }), (m, o, g, f) => {
        const higher = o.memoryEfficiency + f * (1 - o.memoryEfficiency);
        const a = estimatePerformance(m, g, o);
        const b = estimatePerformance(m, g, { ...o, memoryEfficiency: higher });
        return b.decode.seconds <= a.decode.seconds && b.prefill.seconds <= a.prefill.seconds;
      }),
      RUNS,
    );
  });

  it('more output tokens never shorten the total latency', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, arbGpu, fc.integer({ min: 1, max: 500 }), (m, o, g, more) => {
        const a = estimatePerformance(m, g, o);
        const b = estimatePerformance(m, g, { ...o, outputTokens: o.outputTokens + more });
        return b.totalLatencySeconds >= a.totalLatencySeconds;
      }),
      RUNS,
    );
  });
});

/** Every number in a result, with its path. */
function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

describe('calculate invariants', () => {
  it('every figure is finite and non-negative (headroom aside) and fits === perGpu.totalBytes <= gpu memory', () => {
    fc.assert(
      fc.property(arbArchitecture, arbOptions, arbGpu, (m, o, g) => {
        const r = calculate({ model: m, gpu: g, options: o });
        for (const [path, v] of numbers(r)) {
          if (!Number.isFinite(v)) throw new Error(`${path} = ${v}`);
          if (path !== '.memory.headroomBytes' && v < 0) throw new Error(`${path} = ${v}`);
        }
        expect(r.memory.fits).toBe(r.memory.perGpu.totalBytes <= g.memory_bytes);
        expect(r.memory.headroomBytes).toBe(g.memory_bytes - r.memory.perGpu.totalBytes);
      }),
      RUNS,
    );
  });
});
