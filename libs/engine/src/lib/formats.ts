import { EngineError } from './errors';
import type { ComputeFormat, GpuSpec, KvCacheFormat, WeightFormat } from './types';

/**
 * Effective bits per stored weight, scales included (calculation-model.md "Bytes per element").
 * GGUF: q8_0 = 32 int8 + one fp16 scale per block = 8.5; k-quants as llama.cpp reports them.
 * int4 is GPTQ/AWQ with group size 128 (fp16 scale + packed zero per group) = about 4.15.
 */
export const WEIGHT_BITS: Readonly<Record<WeightFormat, number>> = {
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
  // NVFP4 (Blackwell): e2m1 values + one fp8 (e4m3) scale per 16 = 4.5 (plus a per-tensor fp32 scale).
  fp4: 4.5,
};

export const KV_BYTES: Readonly<Record<KvCacheFormat, number>> = {
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  // llama.cpp block formats: q8_0 = 32 int8 + fp16 scale = 34 bytes / 32; q4_0 = 16 + 2 = 18 bytes / 32.
  q8_0: 34 / 32,
  q4_0: 18 / 32,
};

/**
 * WEIGHT_BITS[format]. A switch over named reads: a keyed read with a dozen different keys goes
 * megamorphic in V8 and cost a few percent of every calculation (it is read several times each).
 */
export function weightBits(format: WeightFormat): number {
  switch (format) {
    case 'fp32':
      return WEIGHT_BITS.fp32;
    case 'fp16':
      return WEIGHT_BITS.fp16;
    case 'bf16':
      return WEIGHT_BITS.bf16;
    case 'fp8':
      return WEIGHT_BITS.fp8;
    case 'int8':
      return WEIGHT_BITS.int8;
    case 'int4':
      return WEIGHT_BITS.int4;
    case 'q8_0':
      return WEIGHT_BITS.q8_0;
    case 'q6_k':
      return WEIGHT_BITS.q6_k;
    case 'q5_k_m':
      return WEIGHT_BITS.q5_k_m;
    case 'q4_k_m':
      return WEIGHT_BITS.q4_k_m;
    case 'q4_0':
      return WEIGHT_BITS.q4_0;
    case 'fp4':
      return WEIGHT_BITS.fp4;
    default:
      return WEIGHT_BITS[format as WeightFormat];
  }
}

/** Bytes per stored weight (fractional for packed formats). */
export function bytesPerWeight(format: WeightFormat): number {
  return weightBits(format) / 8;
}

/** Bytes per KV-cache element (KV_BYTES[format], read by name as in weightBits). */
export function bytesPerKvElement(format: KvCacheFormat): number {
  switch (format) {
    case 'fp32':
      return KV_BYTES.fp32;
    case 'fp16':
      return KV_BYTES.fp16;
    case 'bf16':
      return KV_BYTES.bf16;
    case 'fp8':
      return KV_BYTES.fp8;
    case 'int8':
      return KV_BYTES.int8;
    case 'q8_0':
      return KV_BYTES.q8_0;
    case 'q4_0':
      return KV_BYTES.q4_0;
    default:
      return KV_BYTES[format as KvCacheFormat];
  }
}

/** Activations are 16-bit unless the whole model runs in fp32. */
export function bytesPerActivation(format: WeightFormat): number {
  return format === 'fp32' ? 4 : 2;
}

/** Formats stored quantized but multiplied at a 16-bit rate after dequantization. */
export function isWeightOnlyQuantized(format: WeightFormat): boolean {
  return format === 'int4' || format.startsWith('q');
}

export interface ComputeFormatChoice {
  /** The format the matrix units run. */
  format: ComputeFormat;
  /** Dense peak FLOP/s of that format on one GPU. */
  peakFlopsPerSecond: number;
  /** True when weights are dequantized to 16-bit before the multiply. */
  weightOnly: boolean;
}

function sixteenBit(gpu: GpuSpec): ComputeFormat | undefined {
  if (gpu.peak_flops.fp16) return 'fp16';
  if (gpu.peak_flops.bf16) return 'bf16';
  return undefined;
}

/**
 * Which matrix format a weight format computes in on this GPU (calculation-model.md
 * "Peak FLOPs"): fp32/fp16/bf16/fp8 natively; int8 at the int8 rate where the GPU has one
 * (W8A8), else 16-bit (weight-only); int4 and GGUF weight-only at the 16-bit rate.
 * Throws EngineError('precision', ...) naming the GPU when it cannot run the format.
 */
export function chooseComputeFormat(format: WeightFormat, gpu: GpuSpec): ComputeFormatChoice {
  // No closures or keyed reads: this runs on every calculation (and on every format of every GPU
  // in the catalogue's support checks).
  const peak = gpu.peak_flops;
  let choice: ComputeFormatChoice | undefined;
  switch (format) {
    case 'fp32':
      choice = native('fp32', peak.fp32);
      break;
    case 'fp16':
      choice = native('fp16', peak.fp16);
      break;
    case 'bf16':
      choice = native('bf16', peak.bf16);
      break;
    case 'fp8':
      choice = native('fp8', peak.fp8);
      break;
    case 'fp4':
      choice = native('fp4', peak.fp4);
      break;
    case 'int8':
      choice = native('int8', peak.int8) ?? viaSixteenBit(gpu);
      break;
    default:
      choice = viaSixteenBit(gpu);
  }
  if (!choice) {
    throw new EngineError('precision', `'${format}' is not supported on ${gpu.name}`);
  }
  return choice;
}

function native(format: ComputeFormat, p: number | undefined): ComputeFormatChoice | undefined {
  return p ? { format, peakFlopsPerSecond: p, weightOnly: false } : undefined;
}

/** Weight-only formats: the 16-bit rate (fp16, else bf16), or undefined without one. */
function viaSixteenBit(gpu: GpuSpec): ComputeFormatChoice | undefined {
  const f = sixteenBit(gpu);
  const p = f === 'fp16' ? gpu.peak_flops.fp16 : f === 'bf16' ? gpu.peak_flops.bf16 : undefined;
  return f && p ? { format: f, peakFlopsPerSecond: p, weightOnly: true } : undefined;
}

/** Whether the GPU can run this weight format at all. */
export function supportsWeightFormat(format: WeightFormat, gpu: GpuSpec): boolean {
  try {
    chooseComputeFormat(format, gpu);
    return true;
  } catch {
    return false;
  }
}
