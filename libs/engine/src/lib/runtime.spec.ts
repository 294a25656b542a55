import fc from 'fast-check';
import {
  calculate,
  decodeFlopsPerToken,
  EngineError,
  estimatePerformance,
  expectedExpertsHit,
  parameterCounts,
  prefillFlops,
  rowsPerExpert,
  type GpuSpec,
  type InferenceOptions,
  type RuntimeProfile,
} from '../index';
import { DEFAULT_OPTIONS, H100_SXM, LLAMA_31_8B, LLAMA_31_70B, MIXTRAL_8X7B, TEST_POOL_PROFILE, TEST_PROFILE } from '../testing/fixtures';

const opts = (o: Partial<InferenceOptions> = {}): InferenceOptions => ({ ...DEFAULT_OPTIONS, runtime: TEST_PROFILE, ...o });
const GIB = 2 ** 30;
const H100_BINARY: GpuSpec = { ...H100_SXM, memory_bytes: 80 * GIB, memory_kind: 'HBM', interconnect_kind: 'nvlink' };
const M3_MAX: GpuSpec = {
  name: 'Apple M3 Max',
  memory_bytes: 128 * GIB,
  memory_bandwidth_bytes_per_second: 400e9,
  peak_flops: { fp32: 14.2e12, fp16: 14.2e12, bf16: 14.2e12 },
  interconnect_bandwidth_bytes_per_second: 0,
  memory_kind: 'unified',
  interconnect_kind: 'none',
};

function thrown(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

describe('runtime profiles in calculate', () => {
  it('a roofline-kind runtime (or none) gives the seed roofline unchanged', () => {
    const roofline: RuntimeProfile = { ...TEST_PROFILE, id: 'roofline', kind: 'roofline' };
    const plain = calculate({ model: LLAMA_31_8B, gpu: H100_SXM, options: DEFAULT_OPTIONS });
    const named = calculate({ model: LLAMA_31_8B, gpu: H100_SXM, options: { ...DEFAULT_OPTIONS, runtime: roofline } });
    expect(named.performance).toEqual(plain.performance);
    expect(named.memory.totalBytes).toBe(plain.memory.totalBytes);
    expect(plain.performance).toEqual(estimatePerformance(LLAMA_31_8B, H100_SXM, DEFAULT_OPTIONS));
    expect(plain.runtime).toBe('roofline');
    expect(plain.ranges).toBeNull();
    expect(named.ranges?.tokensPerSecond.low).toBeLessThanOrEqual(named.performance.tokensPerSecond);
  });

  it('batch-1 decode is bandwidth-bound at the profile share, plus per-layer and fixed step costs', () => {
    const o = opts({ promptTokens: 1024, outputTokens: 2, weightFormat: 'bf16' });
    const r = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: o });
    const c = parameterCounts(LLAMA_31_8B);
    const weightBytes = (c.total - c.embedding - c.head + c.headMatmul) * 2;
    // the one decode step runs at context 1025: 1025 tokens x 131,072 KV bytes per token
    const kvBytes = 1025 * 131_072;
    const memory = (weightBytes + kvBytes) / (3.35e12 * 0.8);
    const d = r.stepCosts?.decode;
    expect(d?.memorySeconds).toBeCloseTo(memory, 12);
    expect(d?.fixedSeconds).toBeCloseTo(1e-4 + 32 * 10e-6, 15);
    expect(d?.seconds).toBeCloseTo(memory + 1e-4 + 32 * 10e-6, 12);
    expect(r.performance.perTokenLatencySeconds).toBe(d?.seconds);
    // the prefill gives the first token: 2 output tokens = prefill + 1 step
    expect(r.performance.totalLatencySeconds).toBeCloseTo(r.performance.prefillLatencySeconds + (d?.seconds ?? 0), 12);
  });

  it("an eager runtime's launches overlap the GPU's work: a step takes the longer of the two, plus the fixed cost", () => {
    const eager = (perLayerSeconds: number): RuntimeProfile => ({
      ...TEST_PROFILE,
      launchOverlapsGpu: true,
      fitted: { ...TEST_PROFILE.fitted, perLayerSeconds },
    });
    const o = (runtime: RuntimeProfile) => opts({ promptTokens: 16, outputTokens: 5, weightFormat: 'bf16', runtime });
    const gpuBound = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: o(eager(20e-6)) }).stepCosts?.decode;
    // 32 layers x 20 us = 0.64 ms of launches hide under ~6 ms of weight reads.
    expect(gpuBound?.overlappedLaunchSeconds).toBeCloseTo(32 * 20e-6, 15);
    expect(gpuBound?.seconds).toBeCloseTo((gpuBound?.memorySeconds ?? 0) + 1e-4, 12);
    // 32 x 1 ms of launches: the GPU waits for the host; the weight reads hide under them.
    const r = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: o(eager(1e-3)) });
    const d = r.stepCosts?.decode;
    expect(d?.memorySeconds).toBeLessThan(32e-3);
    expect(d?.seconds).toBeCloseTo(32e-3 + 1e-4, 12);
    // every one of the 4 decode steps is launch-bound
    expect(r.performance.totalLatencySeconds - r.performance.prefillLatencySeconds).toBeCloseTo(4 * (32e-3 + 1e-4), 12);
    // without the overlap the launches add to the reads
    const serial = calculate({
      model: LLAMA_31_8B,
      gpu: H100_BINARY,
      options: o({ ...TEST_PROFILE, fitted: { ...TEST_PROFILE.fitted, perLayerSeconds: 1e-3 } }),
    }).stepCosts?.decode;
    expect(serial?.seconds).toBeCloseTo((serial?.memorySeconds ?? 0) + 32e-3 + 1e-4, 12);
    // weight-only quantized layers launch at the fitted factor of the 16-bit ones; 16-bit unchanged
    const quantized: RuntimeProfile = { ...eager(1e-3), fitted: { ...eager(1e-3).fitted, quantizedLaunchFactor: 1.5 } };
    const q = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: { ...o(quantized), weightFormat: 'int4' } }).stepCosts?.decode;
    expect(q?.overlappedLaunchSeconds).toBeCloseTo(32 * 1.5e-3, 15);
    expect(q?.seconds).toBeCloseTo(48e-3 + 1e-4, 12);
    expect(calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: o(quantized) }).stepCosts?.decode.seconds).toBeCloseTo(
      32e-3 + 1e-4,
      12,
    );
  });

  it('compute efficiency follows the GEMM shape and saturates at e_max', () => {
    const short = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: opts({ promptTokens: 16, outputTokens: 0 }) });
    const long = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: opts({ promptTokens: 4096, outputTokens: 0 }) });
    // 512-token chunks: x = 512 * 4096 / 4096 = 512, 0.6 * 512 / (512 + 64)
    expect(long.stepCosts?.prefill.computeEfficiency).toBeCloseTo((0.6 * 512) / 576, 12);
    expect(short.stepCosts?.prefill.computeEfficiency).toBeCloseTo((0.6 * 16) / 80, 12);
  });

  it('refuses tensor parallelism across GPUs with no interconnect, naming tensor_parallel', () => {
    const e = thrown(() => calculate({ model: LLAMA_31_8B, gpu: M3_MAX, options: opts({ numGpus: 2, tensorParallel: 2 }) }));
    expect(e.field).toBe('tensor_parallel');
    expect(e.message).toMatch(/no GPU-to-GPU interconnect/);
    // also under the plain roofline
    expect(
      thrown(() => calculate({ model: LLAMA_31_8B, gpu: M3_MAX, options: { ...DEFAULT_OPTIONS, numGpus: 2, tensorParallel: 2 } })).field,
    ).toBe('tensor_parallel');
    // two separate machines as data-parallel replicas stay allowed
    expect(() => calculate({ model: LLAMA_31_8B, gpu: M3_MAX, options: opts({ numGpus: 2 }) })).not.toThrow();
  });

  it('refuses formats the runtime has no kernels for, naming the field and the runtime', () => {
    const w = thrown(() => calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: opts({ weightFormat: 'q8_0' }) }));
    expect(w.field).toBe('precision');
    expect(w.message).toMatch(/Test runtime/);
    const kv = thrown(() => calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: opts({ kvCacheFormat: 'q4_0' }) }));
    expect(kv.field).toBe('kv_cache_precision');
  });

  it('stores a runtime format at its real bits per weight (MLX-style int4 = 4.5)', () => {
    const r = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: opts({ weightFormat: 'int4' }) });
    const c = parameterCounts(LLAMA_31_8B);
    // int4 checkpoints keep the embedding and the head in 16 bits
    expect(r.memory.weightsBytes).toBeCloseTo((c.total - c.embedding - c.head) * (4.5 / 8) + (c.embedding + c.head) * 2, 3);
    expect(r.memory.bytesPerWeight).toBe(4.5 / 8);
  });

  it('llama.cpp-style q8_0 KV cache: 34 bytes per 32 elements', () => {
    const r = calculate({
      model: LLAMA_31_8B,
      gpu: H100_BINARY,
      options: opts({ kvCacheFormat: 'q8_0', promptTokens: 4096, outputTokens: 0 }),
    });
    // 4096 tokens x 32 layers x 2 x 8 x 128 elements x 34/32 bytes
    expect(r.memory.kvCacheBytes).toBe(4096 * 32 * 2 * 8 * 128 * (34 / 32));
  });

  it('a pool server reserves utilization x capacity and reports the KV pool beside what is needed', () => {
    const o = opts({ runtime: TEST_POOL_PROFILE, promptTokens: 4096, outputTokens: 1000 });
    const r = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: o });
    expect(r.memory.reservedBytes).toBe(0.9 * 80 * GIB);
    const nonKv = r.memory.perGpu.weightsBytes + r.memory.perGpu.activationsBytes + r.memory.runtimeOverheadBytes;
    expect(r.memory.kvPoolBytes).toBeCloseTo(0.9 * 80 * GIB - nonKv, 3);
    expect(r.memory.kvPoolTokens).toBe(Math.floor((r.memory.kvPoolBytes as number) / 131_072));
    expect(r.memory.fits).toBe(true);
    const half = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: { ...o, gpuMemoryUtilization: 0.5 } });
    expect(half.memory.reservedBytes).toBe(0.5 * 80 * GIB);
  });

  it('partial offload: host layers are read at host bandwidth and the capacity says how many layers fit', () => {
    const gpu: GpuSpec = { ...H100_BINARY, memory_bytes: 24 * GIB, memory_bandwidth_bytes_per_second: 1008e9, memory_kind: 'GDDR' };
    const o = opts({ weightFormat: 'q4_k_m', promptTokens: 512, outputTokens: 2, gpuLayers: 40, hostMemoryBandwidthBytesPerSecond: 75e9 });
    const r = calculate({ model: LLAMA_31_70B, gpu, options: o });
    const c = parameterCounts(LLAMA_31_70B);
    const blocks = c.total - c.embedding - c.head;
    // 40 of 80 layers on the host, and the head with them; decode at context 513
    const hostBytes = (blocks / 2 + c.headMatmul) * (4.85 / 8) + (513 * 80 * 2 * 8 * 128 * 2) / 2;
    expect(r.stepCosts?.decode.hostSeconds).toBeCloseTo(
      hostBytes / (75e9 * 0.8) + (decodeFlopsPerToken(LLAMA_31_70B, 513, c) * 0.5) / 1e12,
      9,
    );
    expect(r.memory.hostBytes).toBeGreaterThan((blocks / 2) * (4.85 / 8));
    expect(r.capacity.maxGpuLayers).toBeGreaterThan(0);
    expect(r.capacity.maxGpuLayers).toBeLessThan(80);
    expect(r.warnings.some((w) => w.includes('40 of 80 layers run from host memory'))).toBe(true);
    expect(thrown(() => calculate({ model: LLAMA_31_70B, gpu, options: { ...o, gpuLayers: 81 } })).field).toBe('gpu_layers');
  });

  it('max context is prompt + output, capped at the context window', () => {
    const r = calculate({ model: LLAMA_31_8B, gpu: H100_BINARY, options: opts({ promptTokens: 1000, outputTokens: 1000 }) });
    expect(r.capacity.maxContextTokens).toBe(LLAMA_31_8B.max_position_embeddings);
    expect(r.capacity.maxSequenceLength).toBe((LLAMA_31_8B.max_position_embeddings as number) - 1000);
    const plain = calculate({ model: LLAMA_31_8B, gpu: H100_SXM, options: { ...DEFAULT_OPTIONS, promptTokens: 1000, outputTokens: 1000 } });
    expect(plain.capacity.maxContextTokens).toBe(LLAMA_31_8B.max_position_embeddings);
  });

  it('MoE: routed experts are grouped GEMMs over the tokens routed to each, at their own (thinner) GEMM efficiency', () => {
    // Mixtral: 8 experts, 2 per token. A 512-token chunk hits all 8: 512 * 2 / 8 = 128 rows each.
    expect(rowsPerExpert(MIXTRAL_8X7B, 512)).toBeCloseTo((512 * 2) / expectedExpertsHit(8, 2, 512), 12);
    expect(rowsPerExpert(MIXTRAL_8X7B, 512)).toBeCloseTo(128, 6);
    // One token goes to k experts as one row each; a dense model's rows are its tokens.
    expect(rowsPerExpert(MIXTRAL_8X7B, 1)).toBeCloseTo(1, 12);
    expect(rowsPerExpert(LLAMA_31_8B, 512)).toBe(512);
    const gpu = { ...H100_BINARY, memory_bytes: 160 * GIB };
    const r = calculate({ model: MIXTRAL_8X7B, gpu, options: opts({ promptTokens: 4096, outputTokens: 1 }) });
    const counts = parameterCounts(MIXTRAL_8X7B);
    const total = prefillFlops(MIXTRAL_8X7B, 4096, 1, false, counts).totalFlops;
    const routed = 2 * counts.moeLayers * 2 * counts.perExpert * 4096;
    const peak = H100_BINARY.peak_flops.bf16 as number;
    // hidden 4096: x = rows; e(x) = 0.6 x / (x + 64)
    const dense = (0.6 * 512) / (512 + 64);
    const expert = (0.6 * 128) / (128 + 64);
    expect(r.stepCosts?.prefill.computeSeconds).toBeCloseTo((total - routed) / (peak * dense) + routed / (peak * expert), 9);
  });

  it('MoE: only the experts a batch touches are read, and fused dequantization adds no separate term', () => {
    const r = calculate({
      model: MIXTRAL_8X7B,
      gpu: { ...H100_BINARY, memory_bytes: 160 * GIB },
      options: opts({ weightFormat: 'int4', batchSize: 1 }),
    });
    expect(r.stepCosts?.decode.dequantSeconds).toBe(0);
    expect(r.stepCosts?.prefill.dequantSeconds).toBe(0);
    const int4 = r.performance.tokensPerSecond;
    const fp8 = calculate({
      model: MIXTRAL_8X7B,
      gpu: { ...H100_BINARY, memory_bytes: 160 * GIB },
      options: opts({ weightFormat: 'fp8', batchSize: 1 }),
    }).performance.tokensPerSecond;
    expect(int4).toBeGreaterThan(fp8);
  });
});

const arbCase = fc.record({
  prompt: fc.integer({ min: 1, max: 8192 }),
  output: fc.integer({ min: 0, max: 2048 }),
  batch: fc.integer({ min: 1, max: 32 }),
  format: fc.constantFrom('fp16' as const, 'bf16' as const, 'int4' as const, 'q4_k_m' as const),
  tp: fc.constantFrom(1, 2, 4),
  pool: fc.boolean(),
});

describe('runtime invariants', () => {
  it('every range holds its point estimate', () => {
    fc.assert(
      fc.property(arbCase, ({ prompt, output, batch, format, tp, pool }) => {
        const r = calculate({
          model: LLAMA_31_8B,
          gpu: H100_BINARY,
          options: opts({
            runtime: pool ? TEST_POOL_PROFILE : TEST_PROFILE,
            promptTokens: prompt,
            outputTokens: output,
            batchSize: batch,
            weightFormat: format,
            numGpus: tp,
            tensorParallel: tp,
          }),
        });
        const g = r.ranges;
        if (!g) return false;
        const p = r.performance;
        const inside = (x: number, band: { low: number; high: number }) => band.low <= x * (1 + 1e-12) && x <= band.high * (1 + 1e-12);
        return (
          inside(p.tokensPerSecond, g.tokensPerSecond) &&
          inside(p.aggregateTokensPerSecond, g.aggregateTokensPerSecond) &&
          inside(p.perTokenLatencySeconds, g.perTokenLatencySeconds) &&
          inside(p.prefillLatencySeconds, g.prefillLatencySeconds) &&
          inside(p.timeFor1000TokensSeconds, g.timeFor1000TokensSeconds) &&
          inside(p.totalLatencySeconds, g.totalLatencySeconds) &&
          inside(r.memory.totalBytes, g.memoryTotalBytes)
        );
      }),
      { numRuns: 200 },
    );
  });

  it('more offloaded layers are never faster (decode or prefill) and never need more GPU memory', () => {
    const gpu: GpuSpec = { ...H100_BINARY, memory_kind: 'GDDR', memory_bandwidth_bytes_per_second: 1008e9 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.constantFrom(20e9, 45e9, 75e9),
        (a, b, prompt, host) => {
          const [fewer, more] = a <= b ? [a, b] : [b, a];
          const at = (g: number) =>
            calculate({
              model: LLAMA_31_8B,
              gpu,
              options: opts({
                weightFormat: 'q4_k_m',
                gpuLayers: g,
                promptTokens: prompt,
                outputTokens: 64,
                hostMemoryBandwidthBytesPerSecond: host,
              }),
            });
          const x = at(fewer);
          const y = at(more);
          return (
            x.performance.perTokenLatencySeconds >= y.performance.perTokenLatencySeconds &&
            x.performance.prefillLatencySeconds >= y.performance.prefillLatencySeconds * (1 - 1e-12) &&
            x.memory.perGpu.totalBytes <= y.memory.perGpu.totalBytes
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('tensor parallelism over a GPU without a link always throws, naming tensor_parallel', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 4, 8), fc.boolean(), (tp, profile) => {
        try {
          calculate({
            model: LLAMA_31_8B,
            gpu: M3_MAX,
            options: { ...DEFAULT_OPTIONS, ...(profile ? { runtime: TEST_PROFILE } : {}), numGpus: tp, tensorParallel: tp },
          });
          return false;
        } catch (e) {
          return e instanceof EngineError && e.field === 'tensor_parallel';
        }
      }),
    );
  });

  it('a faster link never makes tensor-parallel decode slower', () => {
    const at = (kind: 'nvlink' | 'pcie-p2p' | 'pcie') =>
      calculate({
        model: LLAMA_31_70B,
        gpu: { ...H100_BINARY, interconnect_kind: kind },
        options: opts({ numGpus: 4, tensorParallel: 4, promptTokens: 128, outputTokens: 128 }),
      }).performance.tokensPerSecond;
    expect(at('nvlink')).toBeGreaterThan(at('pcie-p2p'));
    expect(at('pcie-p2p')).toBeGreaterThan(at('pcie'));
  });
});
