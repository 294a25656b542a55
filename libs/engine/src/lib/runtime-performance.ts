import { kvElementsPerSequence } from './attention';
import { decodeFlopsPerToken, prefillFlops } from './flops';
import { bytesPerActivation, bytesPerKvElement, chooseComputeFormat, type ComputeFormatChoice } from './formats';
import { kvTensorSplit } from './memory';
import {
  DEQUANT_OPS_PER_WEIGHT,
  expectedExpertsHit,
  vectorFlopsPerSecond,
  weightParamsTouched,
  type PerformanceEstimate,
} from './performance';
import { FALLBACK_INTERCONNECT_BYTES_PER_SECOND } from './parallelism';
import type { ParameterCounts } from './parameters';
import { stepsBelow, sumMaxOfLines } from './roofline';
import {
  DEFAULT_HOST_MEMORY_BANDWIDTH,
  HOST_TO_GPU_BYTES_PER_SECOND,
  linkKindOf,
  memoryKindOf,
  runtimeWeightBits,
  type RuntimeProfile,
} from './runtime';
import type { GpuSpec, InferenceOptions, ModelArchitecture, PhaseRoofline } from './types';

/**
 * Performance under a runtime profile: the roofline of performance.ts with the runtime's
 * bandwidth share by memory kind, a compute efficiency that depends on the GEMM shape, the
 * per-step fixed costs, the tensor-parallel collectives with a latency by link kind, separate or
 * fused dequantization of only the weights a pass touches, and llama.cpp's partial offload.
 */

/** Host (CPU) matmul rate for offloaded layers at batch > 1: a desktop CPU with AVX2/AVX-512, ~1 TFLOP/s fp32. */
export const HOST_FLOPS_PER_SECOND = 1e12;

/** The terms of one forward step, seconds (base units). seconds = max(compute, memory) + the rest. */
export interface StepCost {
  /** GEMMs and attention at the runtime's compute efficiency for this GEMM shape. */
  computeSeconds: number;
  /** Weight and KV-cache reads from GPU memory at the runtime's bandwidth share. */
  memorySeconds: number;
  /** Separate unpacking of quantized weights (runtimes without fused dequantizing GEMMs). */
  dequantSeconds: number;
  /** Kernel launches per layer and the per-step fixed cost (sampling, scheduling). */
  fixedSeconds: number;
  /**
   * The part of fixedSeconds that is per-layer launches and overlaps the GPU's work (eager
   * runtimes, RuntimeProfile.launchOverlapsGpu): it counts only where it exceeds that work. 0 otherwise.
   */
  overlappedLaunchSeconds: number;
  /** Tensor-parallel all-reduces and pipeline hand-offs. */
  communicationSeconds: number;
  /** Offloaded layers: host-memory reads in decode, host-to-GPU weight copies in prefill. */
  hostSeconds: number;
  seconds: number;
  /** Compute efficiency used (fraction of the dense peak). */
  computeEfficiency: number;
  /** Memory-bandwidth efficiency used for KV reads (weights of quantized formats: times quantizedReadFactor). */
  memoryEfficiency: number;
}

export interface ProfilePerformance extends PerformanceEstimate {
  /** The prefill's FLOPs by part (computed once, reused by the result's compute section). */
  prefillFlops: ReturnType<typeof prefillFlops>;
  prefillCost: StepCost;
  /** The decode step at the mean context of the generation. */
  decodeCost: StepCost;
}

/**
 * Compute efficiency of a GEMM with `tokens` rows and hidden size d: e_max * x / (x + x_half),
 * x = tokens * d / 4096 (matrix units idle on thin GEMMs), but never below the share of the peak
 * that the vector units give (`vectorShare` = vector FLOP/s / matrix peak): a GEMV runs on them.
 */
export function gemmEfficiency(profile: RuntimeProfile, tokens: number, hiddenSize: number, vectorShare = 0): number {
  const x = (tokens * hiddenSize) / 4096;
  return profile.fitted.computeEfficiencyMax * Math.max(x / (x + profile.computeHalfTokens), Math.min(1, vectorShare));
}

/** FLOPs of the routed experts over `tokens` tokens (k experts per token; 0 for a dense model). */
function routedExpertFlops(m: ModelArchitecture, counts: ParameterCounts, tokens: number): number {
  return m.num_experts > 1 ? 2 * counts.moeLayers * m.experts_per_token * counts.perExpert * tokens : 0;
}

/** Mean rows of one routed expert's GEMM when `tokens` tokens are routed (k each over the experts hit). */
export function rowsPerExpert(m: ModelArchitecture, tokens: number): number {
  if (m.num_experts <= 1) return tokens;
  return (tokens * m.experts_per_token) / expectedExpertsHit(m.num_experts, m.experts_per_token, tokens);
}

/** All-reduce latency at t GPUs over this GPU's link: NVLink base * link factor * log2(t). */
export function allReduceLatency(profile: RuntimeProfile, gpu: GpuSpec, tensorParallel: number): number {
  if (tensorParallel <= 1) return 0;
  const kind = linkKindOf(gpu);
  const factor = kind === 'none' ? Infinity : profile.linkLatencyFactor[kind];
  return profile.fitted.allReduceLatencySeconds * factor * Math.log2(tensorParallel);
}

/** Ring all-reduces and pipeline hand-offs of `passes` forward passes over `tokens` tokens in total. */
function communicationSeconds(
  profile: RuntimeProfile,
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  tokens: number,
  passes: number,
): number {
  const t = o.tensorParallel;
  const p = o.pipelineParallel;
  const link =
    gpu.interconnect_bandwidth_bytes_per_second > 0 ? gpu.interconnect_bandwidth_bytes_per_second : FALLBACK_INTERCONNECT_BYTES_PER_SECOND;
  const bytes = tokens * m.hidden_size * bytesPerActivation(o.weightFormat);
  let total = 0;
  if (t > 1) total += 2 * m.num_layers * (passes * allReduceLatency(profile, gpu, t) + (((2 * (t - 1)) / t) * bytes) / link);
  if (p > 1) total += (p - 1) * (passes * profile.fitted.allReduceLatencySeconds + bytes / link);
  return total;
}

/** Weights and KV of the model kept on the GPU vs the host under llama.cpp's -ngl. */
interface Placement {
  /** Share of the transformer layers on the GPU. */
  gpuShare: number;
  /** The output head sits on the GPU only when every layer does (llama.cpp offloads it last). */
  headOnGpu: boolean;
}

function placement(m: ModelArchitecture, o: InferenceOptions): Placement {
  const g = o.gpuLayers ?? m.num_layers;
  return { gpuShare: g / m.num_layers, headOnGpu: g >= m.num_layers };
}

/** Touched weight count split GPU / host. */
function splitParams(touched: number, counts: ParameterCounts, pl: Placement): { gpu: number; host: number } {
  const blocks = touched - counts.headMatmul;
  const gpu = blocks * pl.gpuShare + (pl.headOnGpu ? counts.headMatmul : 0);
  return { gpu, host: touched - gpu };
}

function peakFor(profile: RuntimeProfile, gpu: GpuSpec, choice: ComputeFormatChoice): number {
  if (profile.fp16Accumulate && choice.format === 'fp16' && gpu.fp16_accumulate_flops) return gpu.fp16_accumulate_flops;
  return choice.peakFlopsPerSecond;
}

function stepCost(parts: Omit<StepCost, 'seconds'>): StepCost {
  // Fields listed one by one: an object spread here takes V8's slow clone path.
  return {
    computeSeconds: parts.computeSeconds,
    memorySeconds: parts.memorySeconds,
    dequantSeconds: parts.dequantSeconds,
    fixedSeconds: parts.fixedSeconds,
    overlappedLaunchSeconds: parts.overlappedLaunchSeconds,
    communicationSeconds: parts.communicationSeconds,
    hostSeconds: parts.hostSeconds,
    seconds:
      Math.max(parts.computeSeconds + parts.dequantSeconds, parts.memorySeconds + parts.dequantSeconds, parts.overlappedLaunchSeconds) +
      parts.fixedSeconds -
      parts.overlappedLaunchSeconds +
      parts.communicationSeconds +
      parts.hostSeconds,
    computeEfficiency: parts.computeEfficiency,
    memoryEfficiency: parts.memoryEfficiency,
  };
}

function phase(flops: number, bytes: number, cost: StepCost): PhaseRoofline {
  return {
    flops,
    bytes,
    computeSeconds: cost.computeSeconds,
    memorySeconds: cost.memorySeconds,
    communicationSeconds: cost.communicationSeconds,
    seconds: cost.seconds,
    bound: cost.computeSeconds >= cost.memorySeconds ? 'compute' : 'memory',
    arithmeticIntensity: bytes > 0 ? flops / bytes : 0,
  };
}

/** A decode segment's start: the step's terms there and (once needed) their slopes per token. */
interface Segment {
  a: number;
  compute: number;
  memory: number;
  host: number;
  /** NaN until a sum of more than one step needs it. */
  computeSlope: number;
  memorySlope: number;
}

/**
 * Prefill and decode under a runtime profile. The prefill produces the first output token, so a
 * generation of n tokens is the prefill plus n - 1 decode steps, and "time for 1000 tokens" is the
 * prefill plus 999 steps (the roofline runtime keeps the seed's prefill + n steps).
 */
export function estimateProfilePerformance(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  counts: ParameterCounts,
  profile: RuntimeProfile,
): ProfilePerformance {
  const choice = chooseComputeFormat(o.weightFormat, gpu);
  const t = o.tensorParallel;
  const b = o.batchSize;
  const L = m.num_layers;
  const bpw = runtimeWeightBits(profile, o.weightFormat) / 8;
  const kvBytes = bytesPerKvElement(o.kvCacheFormat);
  const kvSplit = kvTensorSplit(m, t);
  const memEff = o.memoryEfficiencyOverride ?? profile.fitted.memoryEfficiency[memoryKindOf(gpu)];
  const weightEff = memEff * (choice.weightOnly ? profile.fitted.quantizedReadFactor : 1);
  const bw = gpu.memory_bandwidth_bytes_per_second;
  const peak = peakFor(profile, gpu, choice);
  const vector = vectorFlopsPerSecond(gpu);
  const pl = placement(m, o);
  const hostBw = (o.hostMemoryBandwidthBytesPerSecond ?? DEFAULT_HOST_MEMORY_BANDWIDTH) * profile.hostMemoryEfficiency;
  const launchPerPass = profile.fitted.perLayerSeconds * L * (choice.weightOnly ? (profile.fitted.quantizedLaunchFactor ?? 1) : 1);
  const fixedPerPass = profile.stepFixedSeconds + launchPerPass;
  const overlapPerPass = profile.launchOverlapsGpu ? launchPerPass : 0;
  const dequantPerParam = !profile.fusedDequant && choice.weightOnly && vector > 0 ? DEQUANT_OPS_PER_WEIGHT / (t * vector) : 0;
  const lowPrecision =
    choice.format === 'fp8' || choice.format === 'int8' || choice.format === 'fp4' ? profile.fitted.lowPrecisionComputeFactor : 1;
  const effC = (tokens: number) =>
    o.computeEfficiencyOverride ?? lowPrecision * gemmEfficiency(profile, tokens, m.hidden_size, vector / peak);

  // Prefill: B*S tokens in chunks; each chunk reads the weights it touches once.
  const s = o.promptTokens;
  const tokens = b * s;
  const chunkTokens = Math.min(tokens, profile.prefillChunkTokens ?? tokens);
  const chunks = Math.ceil(tokens / chunkTokens);
  const prefillParts = prefillFlops(m, s, b, profile.memory.allPromptLogits, counts);
  const pf = prefillParts.totalFlops;
  const prefillTouched = weightParamsTouched(m, chunkTokens, counts);
  const prefillParams = splitParams(prefillTouched, counts, pl);
  const kvWritten = b * kvElementsPerSequence(m, s) * kvBytes;
  const activationTraffic = 2 * tokens * m.hidden_size * L * bytesPerActivation(o.weightFormat);
  const prefillEff = effC(chunkTokens);
  // Routed experts run as grouped GEMMs, each expert over the tokens routed to it (k / E of the
  // chunk when all experts are hit): thin GEMMs at their own, lower, efficiency.
  const routedPrefill = routedExpertFlops(m, counts, tokens);
  const prefillCost = stepCost({
    computeSeconds: (pf - routedPrefill) / (t * peak * prefillEff) + routedPrefill / (t * peak * effC(rowsPerExpert(m, chunkTokens))),
    memorySeconds:
      (chunks * prefillParams.gpu * bpw) / t / (bw * weightEff) +
      (kvWritten * pl.gpuShare) / kvSplit / (bw * memEff) +
      activationTraffic / t / (bw * memEff),
    dequantSeconds: chunks * prefillTouched * dequantPerParam,
    fixedSeconds: chunks * fixedPerPass,
    overlappedLaunchSeconds: chunks * overlapPerPass,
    communicationSeconds: communicationSeconds(profile, m, gpu, o, tokens, chunks),
    // llama.cpp copies offloaded layers' weights to the GPU for each large batch (ubatch).
    hostSeconds: (chunks * prefillParams.host * bpw) / HOST_TO_GPU_BYTES_PER_SECOND,
    computeEfficiency: prefillEff,
    memoryEfficiency: memEff,
  });
  const prefill = phase(pf, chunks * (prefillParams.gpu + prefillParams.host) * bpw + kvWritten + activationTraffic, prefillCost);

  // Decode: one token for each of B sequences per step; everything linear in the context c
  // between sliding-window breakpoints.
  const decodeEff = effC(b);
  const touchedDecode = weightParamsTouched(m, b, counts);
  const decodeParams = splitParams(touchedDecode, counts, pl);
  const flops = (c: number) => b * decodeFlopsPerToken(m, c, counts);
  const routedDecode = routedExpertFlops(m, counts, b);
  const expertRateFactor = routedDecode > 0 ? decodeEff / effC(rowsPerExpert(m, b)) - 1 : 0;
  const kv = (c: number) => b * kvElementsPerSequence(m, c) * kvBytes;
  // The context-independent parts evaluated once (the same operations in the same order).
  const decodeFlopRate = t * peak * decodeEff;
  const weightReadSeconds = (decodeParams.gpu * bpw) / t / (bw * weightEff);
  const kvReadRate = bw * memEff;
  const compute = (c: number) => ((flops(c) + routedDecode * expertRateFactor) * pl.gpuShare) / decodeFlopRate;
  const memory = (c: number) => weightReadSeconds + (kv(c) * pl.gpuShare) / kvSplit / kvReadRate;
  const host = (c: number) =>
    pl.gpuShare >= 1
      ? 0
      : (decodeParams.host * bpw + kv(c) * (1 - pl.gpuShare)) / hostBw + (flops(c) * (1 - pl.gpuShare)) / HOST_FLOPS_PER_SECOND;
  const dequantDecode = touchedDecode * dequantPerParam;
  const extra = dequantDecode + fixedPerPass + communicationSeconds(profile, m, gpu, o, b, 1);
  // Overlapped launches (eager runtimes): a step's max(compute, memory) is at least this floor,
  // and `extra` then carries the launches only through it.
  const launchFloor = overlapPerPass - dequantDecode;
  const window = m.sliding_window;
  // Both sums (1000 tokens, the whole output) start at s + 1 and cut at the window: the lines'
  // values at a segment's start are computed once for both (the same numbers sumMaxOfLinear
  // and sumLinearRange would compute again).
  const starts: Segment[] = [];
  const segment = (a: number): Segment => {
    for (const x of starts) if (x.a === a) return x;
    const x: Segment = { a, compute: compute(a), memory: memory(a), host: host(a), computeSlope: NaN, memorySlope: NaN };
    starts.push(x);
    return x;
  };
  const sumSegment = (a: number, z: number): number => {
    const count = z - a;
    if (count <= 0) return 0;
    const x = segment(a);
    if (count > 1 && Number.isNaN(x.computeSlope)) {
      x.computeSlope = compute(a + 1) - x.compute;
      x.memorySlope = memory(a + 1) - x.memory;
    }
    const cs = count > 1 ? x.computeSlope : 0;
    const ms = count > 1 ? x.memorySlope : 0;
    // Steps whose GPU work stays under the overlapped launches take the launches (both lines
    // rise with the context, so those steps come first).
    const floored =
      overlapPerPass > 0 ? Math.min(stepsBelow(x.compute, cs, launchFloor, count), stepsBelow(x.memory, ms, launchFloor, count)) : 0;
    const steps =
      floored * (launchFloor - overlapPerPass) +
      sumMaxOfLines(x.compute + cs * floored, cs, x.memory + ms * floored, ms, a + floored, count - floored) -
      (count - floored) * overlapPerPass;
    return steps + (count * (x.host + host(z - 1))) / 2;
  };
  const sumSteps = (from: number, to: number): number => {
    if (to <= from) return 0;
    const total = (to - from) * extra;
    if (window == null || !(window > from && window < to)) return total + sumSegment(from, to);
    return total + sumSegment(from, window) + sumSegment(window, to);
  };
  const n = o.outputTokens;
  const mean = n > 1 ? s + n / 2 : s;
  const decodeCost = stepCost({
    computeSeconds: compute(mean),
    memorySeconds: memory(mean),
    dequantSeconds: dequantDecode,
    fixedSeconds: fixedPerPass,
    overlappedLaunchSeconds: overlapPerPass,
    communicationSeconds: extra - dequantDecode - fixedPerPass,
    hostSeconds: host(mean),
    computeEfficiency: decodeEff,
    memoryEfficiency: memEff,
  });
  const decode = phase(flops(mean), (decodeParams.gpu + decodeParams.host) * bpw + kv(mean), decodeCost);
  const replicas = o.numGpus / (t * o.pipelineParallel);
  const perToken = decodeCost.seconds;
  return {
    computeFormat: choice,
    prefill,
    decode,
    perTokenLatencySeconds: perToken,
    tokensPerSecond: 1 / perToken,
    aggregateTokensPerSecond: (b * replicas) / perToken,
    prefillLatencySeconds: prefillCost.seconds,
    timeFor1000TokensSeconds: prefillCost.seconds + sumSteps(s + 1, s + 1000),
    totalLatencySeconds: prefillCost.seconds + (n > 1 ? sumSteps(s + 1, s + n) : 0),
    ridgePointFlopsPerByte: (peak * decodeEff) / (bw * memEff),
    prefillCost,
    decodeCost,
    prefillFlops: prefillParts,
  };
}

/**
 * Mean decode rate of one sequence over `steps` single-token steps starting at context `from`
 * (llama-bench tgN: from 0), tokens/s: the calibration's measure of batch-1 decode.
 */
export function profileDecodeRate(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  counts: ParameterCounts,
  profile: RuntimeProfile,
  from: number,
  steps: number,
): number {
  // The decode sum of a run with prompt `from` and steps + 1 outputs is exactly those steps.
  const r = estimateProfilePerformance(m, gpu, { ...o, promptTokens: Math.max(1, from), outputTokens: steps + 1 }, counts, profile);
  return steps / (r.totalLatencySeconds - r.prefillLatencySeconds);
}
