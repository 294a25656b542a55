import { globalLayerCount, kvElementsPerTokenPerLayer, localLayerCount } from '../attention';
import { assert, assertFraction, assertPositiveInteger } from '../errors';
import { bytesPerActivation, bytesPerKvElement, chooseComputeFormat } from '../formats';
import { kvTensorSplit } from '../memory';
import { FALLBACK_INTERCONNECT_BYTES_PER_SECOND } from '../parallelism';
import { parameterCounts, qkHeadDim, vHeadDim, type ParameterCounts } from '../parameters';
import { DEQUANT_OPS_PER_WEIGHT, vectorFlopsPerSecond, weightParamsTouched } from '../performance';
import { stepsBelow, sumMaxOfLinear } from '../roofline';
import { memoryKindOf, runtimeWeightBits, type RuntimeProfile } from '../runtime';
import { allocatableBytes, profileMemoryFunction, usableBytes } from '../runtime-memory';
import { allReduceLatency, gemmEfficiency } from '../runtime-performance';
import type { GpuSpec, InferenceOptions, ModelArchitecture } from '../types';
import type { KvPool, KvPoolOptions, StepBatch, StepCostModel, StepCostOptions } from './step-cost';

/**
 * The step-cost model of a runtime profile (runtime-performance.ts, issue 12) for continuous
 * batching: the same terms as the profile's decode and prefill, applied to each mixed batch —
 * the runtime's bandwidth share by memory kind (weights of quantized formats at its read
 * factor), a compute efficiency that follows the GEMM shape of the step's tokens, the per-step
 * fixed cost and per-layer launches, unfused dequantization, and tensor-parallel all-reduces with
 * the runtime's latency for the GPU's link, and the host work per sequence of Python-scheduled
 * servers (serving-traits.ts). Explicit efficiencies replace the profile's, as in
 * POST /api/calculate. Constants hoisted: a step costs a few dozen operations.
 */
export function profileStepCost(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: StepCostOptions & {
    computeEfficiencyOverride?: number;
    memoryEfficiencyOverride?: number;
    hostSecondsPerSequence?: number;
    fp8ComputeFactor?: number;
  },
  profile: RuntimeProfile,
  counts: ParameterCounts = parameterCounts(m),
): StepCostModel {
  const t = o.tensorParallel;
  const choice = chooseComputeFormat(o.weightFormat, gpu);
  const peak =
    profile.fp16Accumulate && choice.format === 'fp16' && gpu.fp16_accumulate_flops ? gpu.fp16_accumulate_flops : choice.peakFlopsPerSecond;
  const bw = gpu.memory_bandwidth_bytes_per_second;
  const memEff = o.memoryEfficiencyOverride ?? profile.fitted.memoryEfficiency[memoryKindOf(gpu)];
  const weightEff = memEff * (choice.weightOnly ? profile.fitted.quantizedReadFactor : 1);
  const bpw = runtimeWeightBits(profile, o.weightFormat) / 8;
  const ba = bytesPerActivation(o.weightFormat);
  const vector = vectorFlopsPerSecond(gpu);
  // FP8 steps of a serving batch: the factor fitted on the serving measurements (serving-traits.ts)
  // when given, else the profile's (fitted on batch-1 prefill, shared by int8 and fp4).
  const lowPrecision =
    choice.format === 'fp8' && o.fp8ComputeFactor != null
      ? o.fp8ComputeFactor
      : choice.format === 'fp8' || choice.format === 'int8' || choice.format === 'fp4'
        ? profile.fitted.lowPrecisionComputeFactor
        : 1;
  const effC = (tokens: number) =>
    o.computeEfficiencyOverride ?? lowPrecision * gemmEfficiency(profile, tokens, m.hidden_size, vector / peak);
  const L = m.num_layers;
  const launchPerStep = profile.fitted.perLayerSeconds * L * (choice.weightOnly ? (profile.fitted.quantizedLaunchFactor ?? 1) : 1);
  const fixedPerStep = (o.stepOverheadSeconds ?? profile.stepFixedSeconds) + launchPerStep;
  // Eager runtimes' launches overlap the GPU's work (RuntimeProfile.launchOverlapsGpu): they
  // count only where they exceed it, as in the batch-1 estimate (runtime-performance.ts).
  const overlapPerStep = profile.launchOverlapsGpu ? launchPerStep : 0;
  // Host work per sequence in the step (serving-traits.ts): serial with the GPU step.
  const hostPerSeq = o.hostSecondsPerSequence ?? 0;
  const dequantPerParam = !profile.fusedDequant && choice.weightOnly && vector > 0 ? DEQUANT_OPS_PER_WEIGHT / (t * vector) : 0;
  const link =
    gpu.interconnect_bandwidth_bytes_per_second > 0 ? gpu.interconnect_bandwidth_bytes_per_second : FALLBACK_INTERCONNECT_BYTES_PER_SECOND;
  const arLatency = allReduceLatency(profile, gpu, t);
  const comm = (tokens: number) => (t > 1 ? 2 * L * (arLatency + (((2 * (t - 1)) / t) * tokens * m.hidden_size * ba) / link) : 0);
  const kvBytesPerTokenLayer = kvElementsPerTokenPerLayer(m) * bytesPerKvElement(o.kvCacheFormat);
  const kvSplit = kvTensorSplit(m, t);
  const matmulFlopsPerToken = 2 * counts.blockMatmulActive;
  const headFlopsPerSeq = 2 * counts.headMatmul;
  const flopsPerKeyLayer = 2 * m.num_attention_heads * (qkHeadDim(m) + vHeadDim(m));
  const activationBytesPerToken = 2 * m.hidden_size * L * ba;
  const global = globalLayerCount(m);
  const local = localLayerCount(m);
  const window = m.sliding_window ?? Infinity;
  const sumTo = (n: number) => (n * (n + 1)) / 2;
  const sumMin = (n: number) => (n <= window ? sumTo(n) : sumTo(window) + (n - window) * window);
  const contextLayers = (c: number) => global * c + local * Math.min(c, window);

  const fixed = (tokens: number) => {
    const params = weightParamsTouched(m, tokens, counts);
    const dequant = params * dequantPerParam;
    return {
      weightSeconds: (params * bpw) / t / (bw * weightEff),
      extra: dequant + fixedPerStep + comm(tokens) - overlapPerStep,
      // max(compute, memory) is at least this (launches beyond the GPU's dequantization and
      // GEMMs); with the launches taken out of `extra` the step adds up as batch-1 does.
      floor: overlapPerStep - dequant,
      flopsRate: t * peak * effC(tokens),
    };
  };

  // The GEMM-shape curve saturates at e_max (or the explicit efficiency).
  const bestRate = t * peak * (o.computeEfficiencyOverride ?? lowPrecision * profile.fitted.computeEfficiencyMax);
  const model: StepCostModel = {
    peakFlopsPerSecond: Math.max(bestRate, fixed(1).flopsRate),
    matmulFlopsPerToken,
    headFlopsPerToken: headFlopsPerSeq,
    minStepSeconds: 0,
    stepSeconds(b: StepBatch): number {
      const tokens = b.decodeSeqs + b.prefillTokens;
      if (tokens <= 0) return 0;
      const f = fixed(tokens);
      const flops =
        matmulFlopsPerToken * tokens +
        headFlopsPerSeq * (b.decodeSeqs + b.prefillSeqs) +
        flopsPerKeyLayer * (b.decodeKeyLayers + b.prefillKeyLayers);
      const kvTokenLayers = b.decodeKeyLayers + b.prefillCachedLayers + b.prefillTokens * L;
      const memory =
        f.weightSeconds + ((kvTokenLayers * kvBytesPerTokenLayer) / kvSplit + (tokens * activationBytesPerToken) / t) / (bw * memEff);
      return Math.max(flops / f.flopsRate, memory, f.floor) + f.extra + hostPerSeq * (b.decodeSeqs + b.prefillSeqs);
    },
    decodeStretchSeconds(n: number, keyLayers0: number, slope: number, k: number): number {
      if (k <= 0 || n <= 0) return 0;
      const f = fixed(n);
      const baseFlops = (matmulFlopsPerToken + headFlopsPerSeq) * n;
      const baseMemory = f.weightSeconds + (n * activationBytesPerToken) / t / (bw * memEff);
      const compute = (i: number) => (baseFlops + flopsPerKeyLayer * (keyLayers0 + slope * i)) / f.flopsRate;
      const memory = (i: number) => baseMemory + ((keyLayers0 + slope * i) * kvBytesPerTokenLayer) / kvSplit / (bw * memEff);
      // Steps under the launch floor come first (both lines rise with the context).
      const c0 = compute(0);
      const m0 = memory(0);
      const floored =
        overlapPerStep > 0
          ? Math.min(stepsBelow(c0, k > 1 ? compute(1) - c0 : 0, f.floor, k), stepsBelow(m0, k > 1 ? memory(1) - m0 : 0, f.floor, k))
          : 0;
      return floored * f.floor + sumMaxOfLinear(compute, memory, floored, k) + k * (f.extra + hostPerSeq * n);
    },
    contextLayers,
    chunkKeyLayers(start: number, count: number): number {
      return global * (sumTo(start + count) - sumTo(start)) + local * (sumMin(start + count) - sumMin(start));
    },
    layersPerToken(c: number): number {
      return global + (c < window ? local : 0);
    },
  };
  return { ...model, minStepSeconds: model.decodeStretchSeconds(1, contextLayers(1), 0, 1) };
}

/**
 * The KV pool under a runtime profile (runtime-memory.ts): the allocatable capacity (unified
 * memory: the GPU's share), the weights at the runtime's bits per weight and overhead, the
 * activations of its largest step (a max_num_batched_tokens chunk, fp32 logits for max_num_seqs)
 * and its context, workspaces and CUDA-graph pools; vLLM/SGLang take utilization x capacity for
 * all of it, TensorRT-LLM a fraction of what is free after loading; runtimes without a pool may
 * use the whole capacity.
 */
export function profileKvPool(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: KvPoolOptions,
  profile: RuntimeProfile,
  counts: ParameterCounts = parameterCounts(m),
): KvPool {
  assertPositiveInteger(o.tensorParallel, 'tensor_parallel');
  assertFraction(o.gpuMemoryUtilization, 'scheduler.gpu_memory_utilization');
  assert(o.maxBatchedTokens >= 1, 'scheduler.max_num_batched_tokens', 'must be >= 1');
  const t = o.tensorParallel;
  const options: InferenceOptions = {
    promptTokens: o.maxBatchedTokens,
    outputTokens: 0,
    batchSize: 1,
    weightFormat: o.weightFormat,
    kvCacheFormat: o.kvCacheFormat,
    numGpus: t,
    tensorParallel: t,
    pipelineParallel: 1,
    computeEfficiency: 1,
    memoryEfficiency: 1,
  };
  const f = profileMemoryFunction(m, options, counts, profile, gpu);
  const weightsBytes = f.weights / t;
  const activationBytes = f.activations(1, o.maxBatchedTokens) / t + o.maxNumSeqs * m.vocab_size * 4;
  const reservedBytes = f.overhead;
  const nonKv = weightsBytes + activationBytes + reservedBytes;
  const usable = usableBytes(profile, allocatableBytes(gpu), nonKv, o.gpuMemoryUtilization);
  const poolBytes = Math.max(0, usable - nonKv);
  const bytesPerToken = (kvElementsPerTokenPerLayer(m) * m.num_layers * bytesPerKvElement(o.kvCacheFormat)) / kvTensorSplit(m, t);
  return {
    capacityTokens: Math.floor(poolBytes / bytesPerToken),
    poolBytes,
    weightsBytes,
    activationBytes,
    reservedBytes,
    usableBytes: usable,
    bytesPerToken,
  };
}
