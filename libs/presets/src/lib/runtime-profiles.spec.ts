import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculate, parameterCounts, type InferenceOptions, type RuntimeProfile } from '@llm-calc/engine';
import { findGpuPreset, findModelPreset } from './lookup';
import { legacyTensorrt, legacyTransformers, legacyVllm, measuredCases, type MeasuredEntry } from './measured';
import { BAND_QUANTILE, calibrateRuntimes, rangeCoverage, summarize } from './runtime-calibration';
import { RUNTIME_FIT } from './runtime-fit.generated';
import { findRuntimeProfile, RUNTIME_PROFILES, runtimeFormats } from './runtime-profiles';

const GIB = 2 ** 30;
const model = (id: string) =>
  findModelPreset(id) ??
  (() => {
    throw new Error(id);
  })();
const gpu = (id: string) =>
  findGpuPreset(id) ??
  (() => {
    throw new Error(id);
  })();
const runtime = (id: string): RuntimeProfile =>
  findRuntimeProfile(id) ??
  (() => {
    throw new Error(id);
  })();

const base: InferenceOptions = {
  promptTokens: 4096,
  outputTokens: 1000,
  batchSize: 1,
  weightFormat: 'bf16',
  kvCacheFormat: 'bf16',
  numGpus: 1,
  tensorParallel: 1,
  pipelineParallel: 1,
  computeEfficiency: 0.42,
  memoryEfficiency: 0.75,
};

describe('runtime profiles', () => {
  it('lists the required runtimes, each cited, with its formats', () => {
    for (const id of ['roofline', 'llama.cpp', 'vllm', 'sglang', 'tensorrt-llm', 'transformers', 'mlx'])
      expect(findRuntimeProfile(id)).toBeDefined();
    for (const r of RUNTIME_PROFILES) {
      expect(r.sources.length).toBeGreaterThan(0);
      expect(runtimeFormats(r).weights.length).toBeGreaterThan(0);
    }
    expect(runtimeFormats(runtime('llama.cpp')).weights).toContain('q4_k_m');
    expect(runtimeFormats(runtime('vllm')).weights).not.toContain('q4_k_m');
    expect(runtimeFormats(runtime('vllm')).weights).toEqual(expect.arrayContaining(['int4', 'fp8', 'fp4']));
    expect(runtimeFormats(runtime('llama.cpp')).kvCache).toEqual(expect.arrayContaining(['q8_0', 'q4_0']));
    expect(runtime('mlx').weightFormats.int4?.bitsPerWeight).toBe(4.5);
  });

  it('vLLM on an H100 with Llama 3.1 8B: the KV pool inside gpu_memory_utilization 0.9', () => {
    const r = calculate({ model: model('llama-3.1-8b'), gpu: gpu('h100-sxm'), options: { ...base, runtime: runtime('vllm') } });
    // capacity 80 GiB = 85,899,345,920 B; reserved 0.9 x that = 77,309,411,328 B
    expect(r.memory.reservedBytes).toBe(0.9 * 80 * GIB);
    // weights 8,030,261,248 x 2 B = 16,060,522,496 B
    expect(r.memory.perGpu.weightsBytes).toBe(8_030_261_248 * 2);
    // activations of one 4,096-token chunk: 4096 x (2 x 4096 + 2 x 14336) x 2 B = 301,989,888
    //   + fp32 logits of the last position 128,256 x 4 = 513,024  -> 302,502,912 B
    expect(r.memory.perGpu.activationsBytes).toBe(302_502_912);
    // CUDA context 0.5 GiB + workspaces 0.25 GiB + CUDA graphs 0.5 GiB = 1,342,177,280 B
    expect(r.memory.runtimeOverheadBytes).toBe(1.25 * GIB);
    // pool = 77,309,411,328 - 16,060,522,496 - 302,502,912 - 1,342,177,280 = 59,604,208,640 B
    expect(r.memory.kvPoolBytes).toBe(59_604_208_640);
    // at 131,072 KV bytes per token (bf16, 8 KV heads x 128 x 2 x 32 layers): 454,744 tokens
    expect(r.memory.kvPoolTokens).toBe(454_744);
    // needed for this request: 5,096 tokens rounded up to 16-token blocks = 5,104 x 131,072 B
    expect(r.memory.perGpu.kvCacheBytes).toBe(5104 * 131_072);
    expect(r.memory.fits).toBe(true);
    expect(r.memory.perGpu.totalBytes).toBeLessThan(r.memory.reservedBytes as number);
  });

  it('TensorRT-LLM: the pool takes 90% of what is free after loading', () => {
    const r = calculate({ model: model('llama-3.1-8b'), gpu: gpu('h100-sxm'), options: { ...base, runtime: runtime('tensorrt-llm') } });
    const nonKv = r.memory.perGpu.weightsBytes + r.memory.perGpu.activationsBytes + r.memory.runtimeOverheadBytes;
    expect(r.memory.reservedBytes).toBeCloseTo(nonKv + 0.9 * (80 * GIB - nonKv), 0);
  });

  it('llama.cpp: context, compute buffer of one 512-token ubatch, KV padded to 256 cells', () => {
    const r = calculate({
      model: model('llama-3.1-8b'),
      gpu: gpu('rtx-4090'),
      options: { ...base, weightFormat: 'q4_k_m', kvCacheFormat: 'fp16', runtime: runtime('llama.cpp') },
    });
    // 5,096 tokens -> 5,120 cells x 131,072 B
    expect(r.memory.perGpu.kvCacheBytes).toBe(5120 * 131_072);
    // 512 x (2 x 4096 + 2 x 14336) x 2 B + 128,256 x 4 B
    expect(r.memory.perGpu.activationsBytes).toBe(512 * 36_864 * 2 + 128_256 * 4);
    expect(r.memory.runtimeOverheadBytes).toBe(0.4 * GIB + 64 * 2 ** 20 + 16 * 2 ** 20);
    expect(r.memory.reservedBytes).toBeNull();
  });

  it('HF transformers (>= 4.45): the last position logits, SDPA (no scores kept), and the cache copied on append (2x KV at peak)', () => {
    const o = {
      ...base,
      weightFormat: 'fp16' as const,
      kvCacheFormat: 'fp16' as const,
      promptTokens: 512,
      outputTokens: 512,
      runtime: runtime('transformers'),
    };
    const r = calculate({ model: model('llama-2-13b'), gpu: gpu('a100-sxm-80gb'), options: o });
    // KV: 2 copies x 1,024 tokens x 40 layers x 2 x 5,120 x 2 B
    expect(r.memory.kvCacheBytes).toBe(2 * 1024 * 40 * 2 * 5120 * 2);
    // activations: 512 x (2 x 5120 + 2 x 13824) x 2 + 1 x 32,000 x 4 logits (last position only)
    expect(r.memory.activationsBytes).toBe(512 * 37_888 * 2 + 1 * 32_000 * 4);
  });

  it('Llama 3.1 70B q4_k_m on 2 x RTX 4090 at 8k context fits under llama.cpp (binary 24 GiB cards)', () => {
    const o = {
      ...base,
      weightFormat: 'q4_k_m' as const,
      kvCacheFormat: 'fp16' as const,
      promptTokens: 7168,
      outputTokens: 1024,
      numGpus: 2,
      pipelineParallel: 2,
    };
    const r = calculate({ model: model('llama-3.1-70b'), gpu: gpu('rtx-4090'), options: { ...o, runtime: runtime('llama.cpp') } });
    expect(gpu('rtx-4090').memory_bytes).toBe(24 * GIB);
    expect(r.memory.fits).toBe(true);
    expect(r.memory.perGpu.totalBytes).toBeLessThan(24 * GIB);
    // The seed's decimal 24e9 with +5% on everything said "does not fit".
    const seed = calculate({ model: model('llama-3.1-70b'), gpu: { ...gpu('rtx-4090'), memory_bytes: 24e9 }, options: o });
    expect(seed.memory.fits).toBe(false);
  });

  it('offload worked example: Llama 3.1 70B q4_k_m on one RTX 4090 with DDR5 (75 GB/s)', () => {
    const m = model('llama-3.1-70b');
    const o = {
      ...base,
      weightFormat: 'q4_k_m' as const,
      kvCacheFormat: 'fp16' as const,
      promptTokens: 2048,
      outputTokens: 256,
      runtime: runtime('llama.cpp'),
    };
    const all = calculate({ model: m, gpu: gpu('rtx-4090'), options: o });
    expect(all.memory.fits).toBe(false);
    const layers = all.capacity.maxGpuLayers as number;
    // 80 layers x ~0.53 GB each at 4.85 bits: about 40 fit beside the context and buffers
    expect(layers).toBeGreaterThan(30);
    expect(layers).toBeLessThan(50);
    const off = calculate({
      model: m,
      gpu: gpu('rtx-4090'),
      options: { ...o, gpuLayers: layers, hostMemoryBandwidthBytesPerSecond: 75e9 },
    });
    expect(off.memory.fits).toBe(true);
    const c = parameterCounts(m);
    const blocks = c.total - c.embedding - c.head;
    const hostWeights = (blocks * (80 - layers)) / 80 + c.headMatmul;
    // decode is dominated by the host part: host weights at 75 GB/s x 0.8
    expect(off.stepCosts?.decode.hostSeconds).toBeGreaterThan((hostWeights * 4.85) / 8 / (75e9 * 0.8));
    expect(off.performance.tokensPerSecond).toBeLessThan(3);
    expect(off.performance.tokensPerSecond).toBeGreaterThan(1);
  });

  it('refuses tensor parallelism on Apple silicon and GGUF under vLLM', () => {
    expect(() =>
      calculate({
        model: model('llama-3.1-8b'),
        gpu: gpu('apple-m3-max'),
        options: { ...base, numGpus: 2, tensorParallel: 2, runtime: runtime('mlx') },
      }),
    ).toThrow(/tensor_parallel/);
    expect(() =>
      calculate({
        model: model('llama-3.1-8b'),
        gpu: gpu('h100-sxm'),
        options: { ...base, weightFormat: 'q4_k_m', runtime: runtime('vllm') },
      }),
    ).toThrow(/precision 'q4_k_m' is not supported by vLLM/);
    expect(() =>
      calculate({
        model: model('llama-3.1-8b'),
        gpu: gpu('h100-sxm'),
        options: { ...base, weightFormat: 'fp4', runtime: runtime('vllm') },
      }),
    ).toThrow(/fp4/);
    expect(() =>
      calculate({
        model: model('llama-3.1-8b'),
        gpu: gpu('b200'),
        options: { ...base, weightFormat: 'fp4', kvCacheFormat: 'fp8', runtime: runtime('vllm') },
      }),
    ).not.toThrow();
  });
});

describe('llama.cpp quantized prompt batches', () => {
  it('dequantize inside the kernel (Metal mat-mat, CUDA MMQ): no fp16 copy of the weights in the prefill', () => {
    const q4 = { ...base, weightFormat: 'q4_0' as const, runtime: runtime('llama.cpp') };
    for (const g of ['rtx-4090', 'apple-m2-ultra']) {
      const r = calculate({ model: model('llama-2-7b'), gpu: gpu(g), options: q4 });
      expect(r.stepCosts?.prefill.dequantSeconds).toBe(0);
      expect(r.stepCosts?.prefill.computeSeconds).toBeGreaterThan(0);
    }
  });
});

describe('HF transformers int8 (bitsandbytes LLM.int8)', () => {
  it('warns that its 8-bit path is not the weight-only kernel estimated; other formats and runtimes get no such warning', () => {
    const warned = (r: string, f: 'int8' | 'bf16') =>
      calculate({
        model: model('llama-3.1-8b'),
        gpu: gpu('h100-sxm'),
        options: { ...base, weightFormat: f, runtime: runtime(r) },
      }).warnings.some((w) => /LLM\.int8/.test(w));
    expect(warned('transformers', 'int8')).toBe(true);
    expect(warned('transformers', 'bf16')).toBe(false);
    expect(warned('vllm', 'int8')).toBe(false);
  });
});

describe('HF transformers on MoE models', () => {
  it('says its per-expert Python loop is not modelled; dense models and other runtimes get no such warning', () => {
    const warned = (m: string, r: string) =>
      calculate({ model: model(m), gpu: gpu('h100-sxm'), options: { ...base, runtime: runtime(r) } }).warnings.some((w) =>
        /loop over the experts/.test(w),
      );
    expect(warned('mixtral-8x7b', 'transformers')).toBe(true);
    expect(warned('llama-3.1-8b', 'transformers')).toBe(false);
    expect(warned('mixtral-8x7b', 'vllm')).toBe(false);
  });
});

describe('llama.cpp on AMD Instinct', () => {
  it('says the HIP-on-CDNA backend is not calibrated; on an H100 or a Radeon it does not', () => {
    const q4 = { ...base, weightFormat: 'q4_k_m' as const, runtime: runtime('llama.cpp') };
    const warned = (g: string) =>
      calculate({ model: model('llama-3.1-8b'), gpu: gpu(g), options: q4 }).warnings.some((w) => /Instinct/.test(w));
    expect(warned('mi300x')).toBe(true);
    expect(warned('h100-sxm')).toBe(false);
    expect(warned('rx-7900-xtx')).toBe(false);
  });
});

describe('runtime calibration (leave-one-source-out)', () => {
  // reference/measured.json + reference/measured-more/*.json, as tools/measured-data.ts reads them.
  const dir = join(__dirname, '../../reference');
  const files = [
    join(dir, 'measured.json'),
    ...readdirSync(join(dir, 'measured-more'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, 'measured-more', f)),
  ];
  const entries = files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as MeasuredEntry[]);
  const { cases, excluded } = measuredCases(entries);
  const result = calibrateRuntimes(cases);
  const regime = (r: string) => summarize(result.cv.filter((x) => x.c.regime === r).map((x) => x.error));

  it('maps the measured figures and says why the others are left out', () => {
    expect(cases.length + excluded.length).toBe(entries.length);
    expect(cases.length).toBeGreaterThanOrEqual(73);
    for (const x of excluded) expect(x.reason.length).toBeGreaterThan(10);
    // mlx-lm of early 2024 is not the MLX the profile models; later mlx-lm runs stay in.
    const early = excluded.filter((x) => /mlx-lm of early 2024/.test(x.reason));
    expect(early.length).toBeGreaterThan(0);
    expect(cases.some((c) => c.runtime === 'mlx' && c.regime === 'decode')).toBe(true);
  });

  it('the generated fit is the fit of the current data (npm run calibration -- --write)', () => {
    for (const [id, fit] of Object.entries(result.fits)) {
      const stored = RUNTIME_FIT[id];
      expect(stored).toBeDefined();
      expect(stored?.fitted.memoryEfficiency.HBM).toBeCloseTo(fit.fitted.memoryEfficiency.HBM, 4);
      expect(stored?.fitted.perLayerSeconds).toBeCloseTo(fit.fitted.perLayerSeconds, 9);
      expect(stored?.spreads.decode.upper).toBeCloseTo(fit.spreads.decode.upper, 4);
    }
  });

  // The targets reached (README "Accuracy"); a regression fails here. The targets are
  // decode <= 10%, prefill <= 20%, memory <= 8% and >= 85% within 25%. On 427 figures from 70
  // sources (reference/measured.json + measured-more/) memory meets them (3.2%, 98% within 25%);
  // decode (17.7%, 63% within) and prefill (27.4%, 46% within) do not (see the README for why: the spread between
  // documents). These bounds are the measured values with a small margin, and every regime must
  // beat the plain roofline.
  const roofline = (r: string) => summarize(result.roofline.filter((x) => x.c.regime === r).map((x) => x.error));

  it('batch-1 decode: median error <= 18.5% and >= 61% within 25%, better than the plain roofline', () => {
    const s = regime('decode');
    expect(s.medianAbsError).toBeLessThanOrEqual(0.185);
    expect(s.within25).toBeGreaterThanOrEqual(0.61);
    expect(s.medianAbsError).toBeLessThan(roofline('decode').medianAbsError);
  });

  it('llama.cpp batch-1 decode (75 figures): median error <= 15%', () => {
    const s = summarize(result.cv.filter((x) => x.c.runtime === 'llama.cpp' && x.c.regime === 'decode').map((x) => x.error));
    expect(s.n).toBeGreaterThanOrEqual(70);
    expect(s.medianAbsError).toBeLessThanOrEqual(0.15);
  });

  // Shared figures: median 10.6%, 82% within 25% (10.9% / 76% on 68 documents, 13.0% / 84% on 57).
  it('the 80 shared figures (reference/measured.json), each predicted without its document: decode <= 12% and >= 78% within 25%', () => {
    const shared = new Set((JSON.parse(readFileSync(join(dir, 'measured.json'), 'utf8')) as MeasuredEntry[]).map((e) => e.id));
    const s = summarize(result.cv.filter((x) => shared.has(x.c.id) && x.c.regime === 'decode').map((x) => x.error));
    expect(s.n).toBeGreaterThanOrEqual(35);
    expect(s.medianAbsError).toBeLessThanOrEqual(0.12);
    expect(s.within25).toBeGreaterThanOrEqual(0.78);
  });

  it('prefill: median error <= 29% and >= 43% within 25%, better than the plain roofline', () => {
    expect(regime('prefill').medianAbsError).toBeLessThanOrEqual(0.29);
    expect(regime('prefill').within25).toBeGreaterThanOrEqual(0.43);
    expect(regime('prefill').medianAbsError).toBeLessThan(roofline('prefill').medianAbsError);
  });

  it('memory: median error <= 8% and >= 85% within 25%', () => {
    expect(regime('memory').medianAbsError).toBeLessThanOrEqual(0.08);
    expect(regime('memory').within25).toBeGreaterThanOrEqual(0.85);
  });

  it('the bands are honest about unseen setups: built without a document, they hold >= 70% of its decode and prefill figures', () => {
    // An 80% band (BAND_QUANTILE 0.05 each side): measured 83% decode, 83% prefill, 85% memory on
    // 427 figures (81 / 86 / 84% on 409) (78 / 80 / 72% on 331); the 10th-90th percentile held 62-68%.
    expect(BAND_QUANTILE).toBe(0.05);
    const coverage = rangeCoverage(result.cv);
    for (const r of ['decode', 'prefill'] as const) {
      expect(coverage[r].n).toBeGreaterThanOrEqual(80);
      expect(coverage[r].inside / coverage[r].n).toBeGreaterThanOrEqual(0.7);
      expect(coverage[r].inside / coverage[r].n).toBeLessThanOrEqual(0.95);
    }
    expect(coverage.memory.inside / coverage.memory.n).toBeGreaterThanOrEqual(0.6);
  });

  it('a TTFT a benchmark client took through a server includes one fitted per-request overhead', () => {
    const client = cases.filter((c) => c.metric === 'client-ttft');
    expect(client.length).toBeGreaterThanOrEqual(5);
    expect(client.every((c) => ['vllm', 'sglang', 'tensorrt-llm'].includes(c.runtime))).toBe(true);
    const overhead = result.fits['vllm']?.fitted.requestOverheadSeconds ?? 0;
    // HTTP, tokenization, scheduling and the first streamed token: milliseconds, not seconds.
    expect(overhead).toBeGreaterThan(0.002);
    expect(overhead).toBeLessThan(0.2);
  });

  it('vLLM runs before 0.8 (the V0 engine) carry a fitted extra per-step cost; the profile is the V1 engine', () => {
    expect(legacyVllm('vLLM 0.6.3 (offline LLM.generate)')).toBe(true);
    expect(legacyVllm('vLLM v0.11.0 (vllm serve, defaults)')).toBe(false);
    expect(legacyVllm('vLLM (ROCm build; version not stated)')).toBe(false);
    const legacy = cases.filter((c) => c.legacyEngine);
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy.every((c) => c.runtime === 'vllm' || c.runtime === 'tensorrt-llm')).toBe(true);
    // TensorRT-LLM 0.5 (larger fixed cost per pass) shares the fitted legacy step cost; 0.9 is today's.
    expect(legacyTensorrt('TensorRT-LLM 0.5 (gptSessionBenchmark)')).toBe(true);
    expect(legacyTensorrt('TensorRT-LLM 0.5.0 (TensorRT 9.1.0.4)')).toBe(true);
    expect(legacyTensorrt('TensorRT-LLM 0.9.0')).toBe(false);
    expect(legacyTensorrt('TensorRT-LLM 1.0 (trtllm-bench, PyTorch backend)')).toBe(false);
    expect(legacy.some((c) => c.runtime === 'tensorrt-llm')).toBe(true);
    const extra = result.fits['vllm']?.fitted.legacyStepSeconds ?? 0;
    // Python scheduling and sampling between graph replays: milliseconds per step.
    expect(extra).toBeGreaterThan(2e-4);
    expect(extra).toBeLessThan(2e-2);
  });

  it("transformers runs before 4.45 keep every prompt position's logits; the profile is today's stack", () => {
    expect(legacyTransformers('HF transformers + optimum/AutoGPTQ (2023)')).toBe(true);
    expect(legacyTransformers('HF transformers 4.36.2 (generate)')).toBe(true);
    expect(legacyTransformers('HF transformers 4.46.0 (generate, flash_attention_2 2.5.8, PyTorch 2.3.1)')).toBe(false);
    expect(runtime('transformers').memory.allPromptLogits).toBe(false);
    // A 6,144-token prompt on Qwen2.5 0.5B: fp32 logits of every position would be 3.7 GB.
    const legacy = cases.filter((c) => c.legacyActivations);
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy.every((c) => c.runtime === 'transformers')).toBe(true);
  });
});
