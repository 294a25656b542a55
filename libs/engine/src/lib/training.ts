import { prefillAttentionScoreFlops } from './attention';
import { fail, assertFraction, assertPositiveInteger } from './errors';
import { parameterCounts } from './parameters';
import type { ComputeFormat, GpuSpec, ModelArchitecture } from './types';

/**
 * Training estimates (calculation-model.md "Training"; Kaplan et al. 2020 for 6ND, Korthikanti
 * et al. 2022 for activation memory, Rajbhandari et al. 2020 for ZeRO).
 */
export const ACTIVATION_RECOMPUTE = ['none', 'selective', 'full'] as const;
export type ActivationRecompute = (typeof ACTIVATION_RECOMPUTE)[number];

export const TRAINING_PRECISIONS = ['fp32', 'bf16', 'fp16', 'fp8'] as const;
export type TrainingPrecision = (typeof TRAINING_PRECISIONS)[number];

export interface TrainingOptions {
  numGpus: number;
  trainingTokens: number;
  sequenceLength: number;
  microBatchSize: number;
  precision: TrainingPrecision;
  /** 0: replicated; 1: optimizer states sharded; 2: + gradients; 3: + weights. */
  zeroStage: 0 | 1 | 2 | 3;
  activationRecompute: ActivationRecompute;
  /** Model FLOPs utilization in (0, 1]. */
  mfu: number;
}

export interface TrainingEstimate {
  /** Forward + backward (+ recomputed forward) FLOPs over all tokens, attention included. */
  totalFlops: number;
  /** 6 (8 with full recompute) * active parameters. */
  flopsPerTokenMatmul: number;
  timeSeconds: number;
  gpuHours: number;
  perGpu: {
    weightsBytes: number;
    gradientsBytes: number;
    optimizerStatesBytes: number;
    activationsBytes: number;
    totalBytes: number;
  };
  gpuMemoryBytes: number;
  fits: boolean;
}

/** Bytes per weight/gradient in the training format; fp8 training keeps 16-bit master copies' work in bf16 gradients. */
function trainingBytes(precision: TrainingPrecision): { weight: number; gradient: number; activation: number } {
  switch (precision) {
    case 'fp32':
      return { weight: 4, gradient: 4, activation: 4 };
    case 'fp8':
      return { weight: 1, gradient: 2, activation: 1 };
    default:
      return { weight: 2, gradient: 2, activation: 2 };
  }
}

/**
 * Adam optimizer states per parameter: fp32 momentum and variance (8 bytes), plus an fp32 master
 * copy (4 bytes) when the weights train in a lower precision — the "16 bytes per parameter" of
 * mixed-precision Adam with the 2-byte weights and 2-byte gradients.
 */
function optimizerBytesPerParam(precision: TrainingPrecision): number {
  return precision === 'fp32' ? 8 : 12;
}

/**
 * Activation memory of one layer for one micro-batch (Korthikanti et al. 2022, eq. 1-2, with the
 * 2-byte factor of 16-bit activations folded in): s*b*h*(34 + 5*a*s/h) without recomputation,
 * 34*s*b*h with selective recomputation (attention scores recomputed), 2*s*b*h with full
 * recomputation (only each layer's input is kept). Scaled by bytes/2 for other formats.
 */
export function trainingActivationBytesPerLayer(
  m: ModelArchitecture,
  sequenceLength: number,
  microBatch: number,
  recompute: ActivationRecompute,
  bytesPerActivation: number,
): number {
  const sbh = sequenceLength * microBatch * m.hidden_size;
  const scale = bytesPerActivation / 2;
  switch (recompute) {
    case 'full':
      return 2 * sbh * scale;
    case 'selective':
      return 34 * sbh * scale;
    default:
      return sbh * (34 + (5 * m.num_attention_heads * sequenceLength) / m.hidden_size) * scale;
  }
}

function computeFormatFor(precision: TrainingPrecision, gpu: GpuSpec): ComputeFormat {
  const f: ComputeFormat = precision;
  if (!gpu.peak_flops[f]) fail('precision', `'${precision}' is not supported on ${gpu.name}`);
  return f;
}

/** Time, FLOPs and per-GPU memory of a training run under data parallelism with ZeRO. */
export function estimateTraining(m: ModelArchitecture, gpu: GpuSpec, o: TrainingOptions): TrainingEstimate {
  assertPositiveInteger(o.numGpus, 'num_gpus');
  assertPositiveInteger(o.sequenceLength, 'sequence_length');
  assertPositiveInteger(o.microBatchSize, 'micro_batch_size');
  if (!(Number.isFinite(o.trainingTokens) && o.trainingTokens >= 1)) fail('training_tokens', 'must be a number >= 1');
  assertFraction(o.mfu, 'mfu');
  const format = computeFormatFor(o.precision, gpu);
  const counts = parameterCounts(m);
  const fwdBwd = o.activationRecompute === 'full' ? 4 : 3;
  const flopsPerTokenMatmul = 2 * fwdBwd * (counts.blockMatmulActive + counts.headMatmul);
  // Causal attention scores: forward cost per sequence, times forward+backward(+recompute).
  const attentionPerToken = (prefillAttentionScoreFlops(m, o.sequenceLength) / o.sequenceLength) * fwdBwd;
  const totalFlops = o.trainingTokens * (flopsPerTokenMatmul + attentionPerToken);
  const timeSeconds = totalFlops / (o.numGpus * (gpu.peak_flops[format] as number) * o.mfu);

  const bytes = trainingBytes(o.precision);
  const n = o.numGpus;
  const shard = (stage: number) => (o.zeroStage >= stage ? n : 1);
  const weightsBytes = (counts.total * bytes.weight) / shard(3);
  const gradientsBytes = (counts.total * bytes.gradient) / shard(2);
  const optimizerStatesBytes = (counts.total * optimizerBytesPerParam(o.precision)) / shard(1);
  const activationsBytes =
    m.num_layers * trainingActivationBytesPerLayer(m, o.sequenceLength, o.microBatchSize, o.activationRecompute, bytes.activation) +
    o.sequenceLength * o.microBatchSize * m.vocab_size * 4;
  const totalBytes = weightsBytes + gradientsBytes + optimizerStatesBytes + activationsBytes;
  return {
    totalFlops,
    flopsPerTokenMatmul,
    timeSeconds,
    gpuHours: (timeSeconds / 3600) * n,
    perGpu: { weightsBytes, gradientsBytes, optimizerStatesBytes, activationsBytes, totalBytes },
    gpuMemoryBytes: gpu.memory_bytes,
    fits: totalBytes <= gpu.memory_bytes,
  };
}
