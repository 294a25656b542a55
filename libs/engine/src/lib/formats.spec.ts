import {
  bytesPerActivation,
  bytesPerKvElement,
  bytesPerWeight,
  chooseComputeFormat,
  EngineError,
  isWeightOnlyQuantized,
  supportsWeightFormat,
  WEIGHT_BITS,
  WEIGHT_FORMATS,
} from '../index';
import type { GpuSpec } from '../index';
import { H100_SXM, V100 } from '../testing/fixtures';

/** An A100-like GPU without int8 units and a bf16-only accelerator. */
const NO_INT8: GpuSpec = { ...H100_SXM, name: 'No-int8 GPU', peak_flops: { fp32: 19.5e12, fp16: 312e12, bf16: 312e12 } };
const BF16_ONLY: GpuSpec = { ...H100_SXM, name: 'bf16-only TPU-like', peak_flops: { bf16: 197e12 } };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('bytes per element', () => {
  it('effective bits per weight carry the quantization scales', () => {
    expect(WEIGHT_BITS).toEqual({
      fp32: 32,
      fp16: 16,
      bf16: 16,
      fp8: 8,
      int8: 8,
      int4: 4.15,
      q8_0: 8.5,
      q6_k: 6.5625,
      q5_k_m: 5.69,
      q4_k_m: 4.85,
      q4_0: 4.5,
      fp4: 4.5,
    });
    expect(bytesPerWeight('q4_k_m')).toBeCloseTo(0.60625, 12);
    expect(bytesPerWeight('q8_0')).toBeCloseTo(1.0625, 12);
    expect(bytesPerWeight('int4')).toBeCloseTo(0.51875, 12);
    expect(bytesPerWeight('bf16')).toBe(2);
    expect(bytesPerWeight('fp32')).toBe(4);
  });

  it('KV and activation bytes', () => {
    expect(bytesPerKvElement('fp32')).toBe(4);
    expect(bytesPerKvElement('fp16')).toBe(2);
    expect(bytesPerKvElement('bf16')).toBe(2);
    expect(bytesPerKvElement('fp8')).toBe(1);
    expect(bytesPerKvElement('int8')).toBe(1);
    expect(bytesPerActivation('fp32')).toBe(4);
    expect(bytesPerActivation('q4_k_m')).toBe(2);
    expect(bytesPerActivation('fp8')).toBe(2);
  });

  it('int4 and GGUF formats are weight-only', () => {
    for (const f of ['int4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'] as const) expect(isWeightOnlyQuantized(f)).toBe(true);
    for (const f of ['fp32', 'fp16', 'bf16', 'fp8', 'int8'] as const) expect(isWeightOnlyQuantized(f)).toBe(false);
  });
});

describe('chooseComputeFormat', () => {
  it('bf16 on V100 throws EngineError(precision) naming bf16 and the GPU', () => {
    const e = thrown(() => chooseComputeFormat('bf16', V100));
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).field).toBe('precision');
    expect((e as EngineError).message).toContain('bf16');
    expect((e as EngineError).message).toContain(V100.name);
  });

  it('fp8 on V100 throws', () => {
    const e = thrown(() => chooseComputeFormat('fp8', V100));
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).field).toBe('precision');
    expect((e as EngineError).message).toContain('fp8');
  });

  it('native formats run at their own peak', () => {
    expect(chooseComputeFormat('bf16', H100_SXM)).toEqual({ format: 'bf16', peakFlopsPerSecond: 989.5e12, weightOnly: false });
    expect(chooseComputeFormat('fp8', H100_SXM)).toEqual({ format: 'fp8', peakFlopsPerSecond: 1979e12, weightOnly: false });
    expect(chooseComputeFormat('fp16', V100)).toEqual({ format: 'fp16', peakFlopsPerSecond: 125e12, weightOnly: false });
    expect(chooseComputeFormat('fp32', V100)).toEqual({ format: 'fp32', peakFlopsPerSecond: 15.7e12, weightOnly: false });
  });

  it('int8 uses the int8 rate where the GPU has one (W8A8)', () => {
    expect(chooseComputeFormat('int8', H100_SXM)).toEqual({ format: 'int8', peakFlopsPerSecond: 1979e12, weightOnly: false });
  });

  it('int8 without int8 units computes in fp16, weight-only', () => {
    expect(chooseComputeFormat('int8', NO_INT8)).toEqual({ format: 'fp16', peakFlopsPerSecond: 312e12, weightOnly: true });
    expect(chooseComputeFormat('int8', V100)).toEqual({ format: 'fp16', peakFlopsPerSecond: 125e12, weightOnly: true });
  });

  it('q4_k_m and int4 compute at fp16, or bf16 when fp16 is absent, weight-only', () => {
    expect(chooseComputeFormat('q4_k_m', H100_SXM)).toEqual({ format: 'fp16', peakFlopsPerSecond: 989.5e12, weightOnly: true });
    expect(chooseComputeFormat('int4', V100)).toEqual({ format: 'fp16', peakFlopsPerSecond: 125e12, weightOnly: true });
    expect(chooseComputeFormat('q4_k_m', BF16_ONLY)).toEqual({ format: 'bf16', peakFlopsPerSecond: 197e12, weightOnly: true });
  });

  it('supportsWeightFormat mirrors chooseComputeFormat', () => {
    expect(supportsWeightFormat('bf16', V100)).toBe(false);
    expect(supportsWeightFormat('fp8', V100)).toBe(false);
    expect(supportsWeightFormat('fp16', V100)).toBe(true);
    // fp4 needs fp4 matrix units (Blackwell): every other format runs on an H100.
    for (const f of WEIGHT_FORMATS) expect(supportsWeightFormat(f, H100_SXM)).toBe(f !== 'fp4');
    expect(chooseComputeFormat('fp4', { ...H100_SXM, peak_flops: { ...H100_SXM.peak_flops, fp4: 9e15 } })).toEqual({
      format: 'fp4',
      peakFlopsPerSecond: 9e15,
      weightOnly: false,
    });
    expect(supportsWeightFormat('fp16', BF16_ONLY)).toBe(false);
  });
});
