import { attentionType, calculate, EngineError, isMla, validateArchitecture, validateGpu, validateOptions } from '../index';
import type { GpuSpec, InferenceOptions, ModelArchitecture } from '../index';
import { DEEPSEEK_V3, DEFAULT_OPTIONS, GEMMA_2_9B, H100_SXM, LLAMA_31_8B, MIXTRAL_8X7B, V100 } from '../testing/fixtures';

/** The EngineError a call throws (fails the test when it throws nothing or something else). */
function engineError(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

const opts = (o: Partial<InferenceOptions>): InferenceOptions => ({ ...DEFAULT_OPTIONS, ...o });

describe('validateOptions', () => {
  it.each<[string, Partial<InferenceOptions>, string]>([
    ['batch_size 0', { batchSize: 0 }, 'batch_size'],
    ['batch_size 1.5', { batchSize: 1.5 }, 'batch_size'],
    ['efficiency 0', { computeEfficiency: 0 }, 'efficiency'],
    ['efficiency 1.5', { computeEfficiency: 1.5 }, 'efficiency'],
    ['efficiency NaN', { computeEfficiency: Number.NaN }, 'efficiency'],
    ['memory_efficiency 0', { memoryEfficiency: 0 }, 'memory_efficiency'],
    ['memory_efficiency 1.5', { memoryEfficiency: 1.5 }, 'memory_efficiency'],
    ['num_gpus 3 with t = 2', { numGpus: 3, tensorParallel: 2 }, 'num_gpus'],
    ['num_gpus 4 with t = 2, p = 3', { numGpus: 4, tensorParallel: 2, pipelineParallel: 3 }, 'num_gpus'],
    ['sequence_length 0', { promptTokens: 0 }, 'sequence_length'],
    ['output_tokens -1', { outputTokens: -1 }, 'output_tokens'],
    ['tensor_parallel 0', { tensorParallel: 0 }, 'tensor_parallel'],
    ['pipeline_parallel 0', { pipelineParallel: 0 }, 'pipeline_parallel'],
    ['unknown precision', { weightFormat: 'int3' as InferenceOptions['weightFormat'] }, 'precision'],
    ['unknown kv precision', { kvCacheFormat: 'int4' as InferenceOptions['kvCacheFormat'] }, 'kv_cache_precision'],
  ])('%s -> EngineError on %s', (_label, patch, field) => {
    const e = engineError(() => validateOptions(opts(patch)));
    expect(e.field).toBe(field);
    expect(e.message.startsWith(field)).toBe(true);
    expect(e.name).toBe('EngineError');
  });

  it('accepts the defaults, efficiency 1 and output 0', () => {
    expect(() => validateOptions(opts({}))).not.toThrow();
    expect(() => validateOptions(opts({ computeEfficiency: 1, memoryEfficiency: 1, outputTokens: 0 }))).not.toThrow();
    expect(() => validateOptions(opts({ numGpus: 8, tensorParallel: 2, pipelineParallel: 2 }))).not.toThrow();
  });
});

describe('validateArchitecture', () => {
  it.each<[string, ModelArchitecture, string]>([
    ['kv heads not dividing heads', { ...LLAMA_31_8B, num_kv_heads: 5 }, 'custom_model.num_kv_heads'],
    ['more kv heads than heads', { ...LLAMA_31_8B, num_kv_heads: 64 }, 'custom_model.num_kv_heads'],
    ['experts_per_token > num_experts', { ...MIXTRAL_8X7B, experts_per_token: 9 }, 'custom_model.experts_per_token'],
    ['sliding_window_pattern without sliding_window', { ...GEMMA_2_9B, sliding_window: null }, 'custom_model.sliding_window_pattern'],
    ['hidden_size 0', { ...LLAMA_31_8B, hidden_size: 0 }, 'custom_model.hidden_size'],
    ['first_dense_layers > num_layers', { ...DEEPSEEK_V3, first_dense_layers: 62 }, 'custom_model.first_dense_layers'],
    ['MLA without qk_rope_head_dim', { ...DEEPSEEK_V3, qk_rope_head_dim: null }, 'custom_model.qk_rope_head_dim'],
    // One reading of kv_lora_rank everywhere (isMla): set means latent attention, and 0 is an invalid rank.
    ['kv_lora_rank 0', { ...DEEPSEEK_V3, kv_lora_rank: 0 }, 'custom_model.kv_lora_rank'],
    ['sliding_window 0', { ...LLAMA_31_8B, sliding_window: 0 }, 'custom_model.sliding_window'],
    ['unknown ffn_type', { ...LLAMA_31_8B, ffn_type: 'swish' as ModelArchitecture['ffn_type'] }, 'custom_model.ffn_type'],
  ])('%s -> EngineError on %s', (_label, m, field) => {
    expect(engineError(() => validateArchitecture(m)).field).toBe(field);
  });

  it('reads kv_lora_rank 0 as latent attention, as parameters, KV size and the TP split do', () => {
    expect(isMla({ ...DEEPSEEK_V3, kv_lora_rank: 0 })).toBe(true);
    expect(isMla({ ...LLAMA_31_8B, kv_lora_rank: null })).toBe(false);
    expect(attentionType({ ...DEEPSEEK_V3, kv_lora_rank: 0 })).toBe('MLA');
  });

  it('uses the given prefix', () => {
    expect(engineError(() => validateArchitecture({ ...LLAMA_31_8B, num_kv_heads: 5 }, 'model')).field).toBe('model.num_kv_heads');
  });

  it('accepts every fixture', () => {
    for (const m of [LLAMA_31_8B, MIXTRAL_8X7B, DEEPSEEK_V3, GEMMA_2_9B]) expect(() => validateArchitecture(m)).not.toThrow();
  });
});

describe('validateGpu', () => {
  it.each<[string, GpuSpec, string]>([
    ['memory 0', { ...H100_SXM, memory_bytes: 0 }, 'custom_gpu.memory_bytes'],
    ['bandwidth NaN', { ...H100_SXM, memory_bandwidth_bytes_per_second: Number.NaN }, 'custom_gpu.memory_bandwidth_bytes_per_second'],
    [
      'negative interconnect',
      { ...H100_SXM, interconnect_bandwidth_bytes_per_second: -1 },
      'custom_gpu.interconnect_bandwidth_bytes_per_second',
    ],
    ['no peak flops', { ...H100_SXM, peak_flops: {} }, 'custom_gpu.peak_flops'],
    ['negative fp16 peak', { ...H100_SXM, peak_flops: { fp16: -1 } }, 'custom_gpu.peak_flops.fp16'],
  ])('%s -> EngineError on %s', (_label, g, field) => {
    expect(engineError(() => validateGpu(g)).field).toBe(field);
  });
});

describe('calculate validates before computing', () => {
  it('rejects bf16 on V100 with a message naming the precision and the GPU', () => {
    const e = engineError(() => calculate({ model: LLAMA_31_8B, gpu: V100, options: DEFAULT_OPTIONS }));
    expect(e.field).toBe('precision');
    expect(e.message).toContain('bf16');
    expect(e.message).toContain('V100');
  });

  it('rejects an invalid batch size', () => {
    expect(engineError(() => calculate({ model: LLAMA_31_8B, gpu: H100_SXM, options: opts({ batchSize: 0 }) })).field).toBe('batch_size');
  });

  it('"does not fit" is a result, not an error', () => {
    const r = calculate({ model: DEEPSEEK_V3, gpu: H100_SXM, options: opts({ weightFormat: 'fp8' }) });
    expect(r.memory.fits).toBe(false);
    expect(r.memory.headroomBytes).toBeLessThan(0);
  });
});

// validateArchitecture and validateGpu test every field by name and only walk the field lists on
// failure (a speed-up): the field they name must still be the first bad one in list order.
describe('validation names the first bad field in order', () => {
  const INTEGER_FIELDS = [
    'hidden_size',
    'intermediate_size',
    'num_layers',
    'num_attention_heads',
    'num_kv_heads',
    'head_dim',
    'vocab_size',
    'num_experts',
    'experts_per_token',
    'expert_intermediate_size',
  ] as const;
  const BAD_INTEGERS = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, null];

  it.each(INTEGER_FIELDS.map((k, i) => [k, i] as const))('%s: each bad value is named, before any later bad field', (key, i) => {
    for (const bad of BAD_INTEGERS) {
      const m = { ...MIXTRAL_8X7B, [key]: bad } as unknown as ModelArchitecture;
      const e = engineError(() => validateArchitecture(m));
      expect(e.field).toBe(`custom_model.${key}`);
      expect(e.message).toContain(`(got ${bad})`);
      // A later field broken too: this one is still named first.
      const later = INTEGER_FIELDS[i + 1];
      if (later) expect(engineError(() => validateArchitecture({ ...m, [later]: 0 })).field).toBe(`custom_model.${key}`);
    }
  });

  const PRECISIONS = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8', 'fp4'] as const;
  it.each(PRECISIONS.map((f, i) => [f, i] as const))('peak_flops.%s: a bad peak is named, before any later bad one', (f, i) => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, null]) {
      const peak = { ...H100_SXM.peak_flops, [f]: bad } as unknown as GpuSpec['peak_flops'];
      expect(engineError(() => validateGpu({ ...H100_SXM, peak_flops: peak })).field).toBe(`custom_gpu.peak_flops.${f}`);
      const later = PRECISIONS[i + 1];
      if (later) {
        const both = { ...peak, [later]: -1 } as unknown as GpuSpec['peak_flops'];
        expect(engineError(() => validateGpu({ ...H100_SXM, peak_flops: both })).field).toBe(`custom_gpu.peak_flops.${f}`);
      }
    }
  });

  it.each(PRECISIONS)('peak_flops with only %s listed is valid', (f) => {
    expect(() => validateGpu({ ...H100_SXM, peak_flops: { [f]: 1e15 } })).not.toThrow();
  });
});
