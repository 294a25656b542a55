import { kvElementsPerSequence } from './attention';
import { decodeFlopsPerToken, prefillFlops } from './flops';
import { bytesPerActivation, bytesPerKvElement, bytesPerWeight, chooseComputeFormat, type ComputeFormatChoice } from './formats';
import { kvTensorSplit } from './memory';
import { forwardCommunicationSeconds } from './parallelism';
import { parameterCounts, type ParameterCounts } from './parameters';
import { phaseRoofline, sumMaxOfLinear } from './roofline';
import type { GpuSpec, InferenceOptions, ModelArchitecture, PhaseRoofline } from './types';

/**
 * Performance as a roofline per phase (Pope et al. 2022; calculation-model.md "Performance").
 * Prefill runs B*S tokens at once and is usually compute-bound; each decode step produces one
 * token per sequence and is usually memory-bound: it reads the weights it touches and every
 * sequence's KV cache.
 */

/**
 * Dequantization cost of weight-only formats (int4, GGUF, int8 without int8 units): vector ops
 * per weight each time a weight tile is unpacked. Calibrated on the gpt-fast int4 (A100) and
 * llama.cpp Q4_K_M (RTX 4090) batch-1 decode points in reference/calibration.json: the kernels
 * reach well below the bandwidth bound because unpacking does not fully overlap the loads.
 */
export const DEQUANT_OPS_PER_WEIGHT = 10;
/** Tokens that share one unpacked weight tile (the M tile of a weight-only GEMM). */
export const DEQUANT_TILE_TOKENS = 64;

/** Expected distinct experts hit in one MoE layer by n routed tokens: E * (1 - (1 - k/E)^n). */
export function expectedExpertsHit(numExperts: number, expertsPerToken: number, tokens: number): number {
  if (numExperts <= 1) return numExperts;
  return numExperts * (1 - Math.pow(1 - expertsPerToken / numExperts, tokens));
}

/**
 * Raw weight bytes one forward pass over `tokens` tokens reads: the blocks (only the experts the
 * tokens route to), the norms and the output head; the embedding lookup reads a few rows only.
 */
export function weightBytesTouched(m: ModelArchitecture, o: InferenceOptions, tokens: number, counts: ParameterCounts): number {
  return weightParamsTouched(m, tokens, counts) * bytesPerWeight(o.weightFormat);
}

/** Weights (count) one forward pass over `tokens` tokens multiplies: see weightBytesTouched. */
export function weightParamsTouched(m: ModelArchitecture, tokens: number, counts: ParameterCounts): number {
  const untouchedExperts =
    counts.moeLayers * (m.num_experts - expectedExpertsHit(m.num_experts, m.experts_per_token, tokens)) * counts.perExpert;
  return counts.total - counts.embedding - counts.head + counts.headMatmul - untouchedExperts;
}

/** Vector (non-tensor) FLOP/s used for dequantization. */
export function vectorFlopsPerSecond(gpu: GpuSpec): number {
  return gpu.peak_flops.fp32 ?? (gpu.peak_flops.fp16 ?? gpu.peak_flops.bf16 ?? 0) / 4;
}

function dequantSeconds(weightParams: number, tokens: number, o: InferenceOptions, gpu: GpuSpec, choice: ComputeFormatChoice): number {
  if (!choice.weightOnly) return 0;
  const vector = vectorFlopsPerSecond(gpu);
  if (vector <= 0) return 0;
  const tiles = Math.ceil(tokens / DEQUANT_TILE_TOKENS);
  return (weightParams * DEQUANT_OPS_PER_WEIGHT * tiles) / (o.tensorParallel * vector);
}

export interface PerformanceEstimate {
  computeFormat: ComputeFormatChoice;
  prefill: PhaseRoofline;
  /** The decode step at the mean context of the generation. */
  decode: PhaseRoofline;
  /** Seconds per generated token for one sequence (= decode.seconds). */
  perTokenLatencySeconds: number;
  tokensPerSecond: number;
  /** tokens/s across the batch and the data-parallel replicas. */
  aggregateTokensPerSecond: number;
  prefillLatencySeconds: number;
  /** Prefill plus the decode steps of 1000 tokens as the context grows. */
  timeFor1000TokensSeconds: number;
  /** Prefill plus the decode steps of output_tokens. */
  totalLatencySeconds: number;
  /** Effective ridge point: (peak * compute eff) / (bandwidth * memory eff), FLOPs per byte. */
  ridgePointFlopsPerByte: number;
}

/** Everything needed to time a decode step at context c, precomputed once per calculation. */
export interface DecodeModel {
  computeSeconds(c: number): number;
  memorySeconds(c: number): number;
  extraSeconds: number;
  step(c: number): PhaseRoofline;
  /** Context values where the step stops being linear (sliding windows). */
  breakpoints: number[];
}

function decodeModel(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  counts: ParameterCounts,
  choice: ComputeFormatChoice,
): DecodeModel {
  const t = o.tensorParallel;
  const b = o.batchSize;
  const flopsRate = t * choice.peakFlopsPerSecond * o.computeEfficiency;
  const byteRate = gpu.memory_bandwidth_bytes_per_second * o.memoryEfficiency;
  const weights = weightBytesTouched(m, o, b, counts);
  const weightParams = weights / bytesPerWeight(o.weightFormat);
  const kvSplit = kvTensorSplit(m, t);
  const kvBytesPerElement = bytesPerKvElement(o.kvCacheFormat);
  const extraSeconds =
    forwardCommunicationSeconds({
      tokens: b,
      hiddenSize: m.hidden_size,
      numLayers: m.num_layers,
      bytesPerActivation: bytesPerActivation(o.weightFormat),
      tensorParallel: t,
      pipelineParallel: o.pipelineParallel,
      linkBytesPerSecond: gpu.interconnect_bandwidth_bytes_per_second,
    }) + dequantSeconds(weightParams, b, o, gpu, choice);
  const flops = (c: number) => b * decodeFlopsPerToken(m, c, counts);
  const kvBytes = (c: number) => b * kvElementsPerSequence(m, c) * kvBytesPerElement;
  const computeSeconds = (c: number) => flops(c) / flopsRate;
  const memorySeconds = (c: number) => (weights / t + kvBytes(c) / kvSplit) / byteRate;
  return {
    computeSeconds,
    memorySeconds,
    extraSeconds,
    step: (c) =>
      phaseRoofline({
        flops: flops(c),
        bytes: weights + kvBytes(c),
        computeSeconds: computeSeconds(c),
        memorySeconds: memorySeconds(c),
        extraSeconds,
      }),
    breakpoints: m.sliding_window != null ? [m.sliding_window] : [],
  };
}

/** Sum of decode step times for contexts from..to-1 (exact for piecewise-linear steps). */
export function decodeSeconds(model: DecodeModel, from: number, to: number): number {
  const cuts = [from, ...model.breakpoints.filter((x) => x > from && x < to), to];
  let total = (to - from) * model.extraSeconds;
  for (let i = 0; i + 1 < cuts.length; i++) {
    total += sumMaxOfLinear(model.computeSeconds, model.memorySeconds, cuts[i] as number, cuts[i + 1] as number);
  }
  return total;
}

function prefillPhase(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  counts: ParameterCounts,
  choice: ComputeFormatChoice,
): PhaseRoofline {
  const t = o.tensorParallel;
  const tokens = o.batchSize * o.promptTokens;
  const flops = prefillFlops(m, o.promptTokens, o.batchSize, o.keepAllLogits ?? false, counts).totalFlops;
  const weights = weightBytesTouched(m, o, tokens, counts);
  const kvWritten = o.batchSize * kvElementsPerSequence(m, o.promptTokens) * bytesPerKvElement(o.kvCacheFormat);
  // Each layer reads and writes its input/output hidden states once per token.
  const activationTraffic = 2 * tokens * m.hidden_size * m.num_layers * bytesPerActivation(o.weightFormat);
  const perGpuBytes = weights / t + kvWritten / kvTensorSplit(m, t) + activationTraffic / t;
  const extraSeconds =
    forwardCommunicationSeconds({
      tokens,
      hiddenSize: m.hidden_size,
      numLayers: m.num_layers,
      bytesPerActivation: bytesPerActivation(o.weightFormat),
      tensorParallel: t,
      pipelineParallel: o.pipelineParallel,
      linkBytesPerSecond: gpu.interconnect_bandwidth_bytes_per_second,
    }) + dequantSeconds(weights / bytesPerWeight(o.weightFormat), tokens, o, gpu, choice);
  return phaseRoofline({
    flops,
    bytes: weights + kvWritten + activationTraffic,
    computeSeconds: flops / (t * choice.peakFlopsPerSecond * o.computeEfficiency),
    memorySeconds: perGpuBytes / (gpu.memory_bandwidth_bytes_per_second * o.memoryEfficiency),
    extraSeconds,
  });
}

/**
 * Prefill and decode timings. Pipeline stages run one after another for a single batch, so
 * they add capacity, not speed; data-parallel replicas (num_gpus / (t*p)) multiply throughput.
 */
export function estimatePerformance(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  counts: ParameterCounts = parameterCounts(m),
): PerformanceEstimate {
  const choice = chooseComputeFormat(o.weightFormat, gpu);
  const prefill = prefillPhase(m, gpu, o, counts, choice);
  const model = decodeModel(m, gpu, o, counts, choice);
  const s = o.promptTokens;
  const n = o.outputTokens;
  const decode = model.step(n > 0 ? s + (n - 1) / 2 : s);
  const replicas = o.numGpus / (o.tensorParallel * o.pipelineParallel);
  const perToken = decode.seconds;
  return {
    computeFormat: choice,
    prefill,
    decode,
    perTokenLatencySeconds: perToken,
    tokensPerSecond: 1 / perToken,
    aggregateTokensPerSecond: (o.batchSize * replicas) / perToken,
    prefillLatencySeconds: prefill.seconds,
    timeFor1000TokensSeconds: prefill.seconds + decodeSeconds(model, s, s + 1000),
    totalLatencySeconds: prefill.seconds + decodeSeconds(model, s, s + n),
    ridgePointFlopsPerByte:
      (choice.peakFlopsPerSecond * o.computeEfficiency) / (gpu.memory_bandwidth_bytes_per_second * o.memoryEfficiency),
  };
}
