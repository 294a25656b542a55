import { globalLayerCount, kvElementsPerTokenPerLayer, localLayerCount } from '../attention';
import { assert, assertFraction, assertPositiveInteger } from '../errors';
import { bytesPerActivation, bytesPerKvElement, bytesPerWeight, chooseComputeFormat, type ComputeFormatChoice } from '../formats';
import { activeFfnWidth, kvTensorSplit } from '../memory';
import { allocatableBytes } from '../runtime-memory';
import { forwardCommunicationSeconds } from '../parallelism';
import { parameterCounts, qkHeadDim, vHeadDim, type ParameterCounts } from '../parameters';
import { DEQUANT_OPS_PER_WEIGHT, DEQUANT_TILE_TOKENS, expectedExpertsHit } from '../performance';
import { sumMaxOfLinear } from '../roofline';
import type { GpuSpec, KvCacheFormat, ModelArchitecture, WeightFormat } from '../types';

/**
 * The time of one continuous-batching step (calculation-model.md "Serving under load"): the
 * roofline of the mixed batch the scheduler formed, i.e. the weights read once, every decoding
 * sequence's KV read, the prefill chunks' compute, plus the tensor-parallel collectives, the
 * dequantization of weight-only formats and a per-step fixed cost (launches, sampling,
 * scheduling). The scheduler only talks to this interface, so a runtime profile can replace it.
 */

/** What one step runs. "Token-layers" count one token's KV in one layer (see contextLayers). */
export interface StepBatch {
  /** Sequences that decode one token this step. */
  decodeSeqs: number;
  /** Sum over decoding sequences of the token-layers each one's new token attends to (KV read). */
  decodeKeyLayers: number;
  /** Prompt (or recomputed) tokens of the prefill chunks this step. */
  prefillTokens: number;
  /** Sequences with a prefill chunk this step. */
  prefillSeqs: number;
  /** Sum over prefill tokens of the token-layers each one attends to (causal). */
  prefillKeyLayers: number;
  /** Token-layers of KV the chunks read back from the cache (earlier chunks of the same prompt). */
  prefillCachedLayers: number;
}

export interface StepCostModel {
  /** Seconds of one step. */
  stepSeconds(batch: StepBatch): number;
  /**
   * Seconds of k decode-only steps of n sequences whose KV token-layers start at keyLayers0 and
   * grow by keyLayersSlope per step (closed form: the roofline terms are linear in the step).
   */
  decodeStretchSeconds(n: number, keyLayers0: number, keyLayersSlope: number, k: number): number;
  /** Token-layers one token at position `contextTokens` (1-based) attends to. */
  contextLayers(contextTokens: number): number;
  /** Sum of contextLayers(p) for p = start+1 .. start+count (a causal chunk). */
  chunkKeyLayers(start: number, count: number): number;
  /** Token-layers added per step by one decoding sequence at this context (window layers stop growing). */
  layersPerToken(contextTokens: number): number;
  /** The highest FLOP rate any step reaches (all GPUs of the replica), for throughput bounds. */
  readonly peakFlopsPerSecond: number;
  /** FLOPs per token of the block matmuls, and of the output head per sampled token. */
  readonly matmulFlopsPerToken: number;
  readonly headFlopsPerToken: number;
  /** The cheapest possible step: one token at context 1 (weights read once, fixed costs). */
  readonly minStepSeconds: number;
}

/** Per-step fixed cost without a runtime profile: CUDA-graph launch, sampling and scheduling (vLLM V1, TensorRT-LLM: a few hundred µs). */
export const DEFAULT_STEP_OVERHEAD_SECONDS = 3e-4;

export interface StepCostOptions {
  weightFormat: WeightFormat;
  kvCacheFormat: KvCacheFormat;
  tensorParallel: number;
  computeEfficiency: number;
  memoryEfficiency: number;
  stepOverheadSeconds?: number;
}

function vectorFlopsPerSecond(gpu: GpuSpec): number {
  return gpu.peak_flops.fp32 ?? (gpu.peak_flops.fp16 ?? gpu.peak_flops.bf16 ?? 0) / 4;
}

/**
 * The roofline step-cost model from the engine's building blocks, with every per-configuration
 * constant hoisted so that a step costs a few dozen arithmetic operations.
 * Throws EngineError('precision') when the GPU cannot run the format.
 */
export function rooflineStepCost(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: StepCostOptions,
  counts: ParameterCounts = parameterCounts(m),
): StepCostModel {
  const t = o.tensorParallel;
  const choice: ComputeFormatChoice = chooseComputeFormat(o.weightFormat, gpu);
  const flopsRate = t * choice.peakFlopsPerSecond * o.computeEfficiency;
  const byteRate = gpu.memory_bandwidth_bytes_per_second * o.memoryEfficiency;
  const bpw = bytesPerWeight(o.weightFormat);
  const ba = bytesPerActivation(o.weightFormat);
  const kvBytesPerTokenLayer = kvElementsPerTokenPerLayer(m) * bytesPerKvElement(o.kvCacheFormat);
  const kvSplit = kvTensorSplit(m, t);
  const overhead = o.stepOverheadSeconds ?? DEFAULT_STEP_OVERHEAD_SECONDS;
  const expertParams = counts.moeLayers * counts.perExpert;
  const denseTouchedParams = counts.total - counts.embedding - counts.head + counts.headMatmul - expertParams * m.num_experts;
  const weightParams = (tokens: number) =>
    denseTouchedParams + (counts.moeLayers > 0 ? expertParams * expectedExpertsHit(m.num_experts, m.experts_per_token, tokens) : 0);
  const matmulFlopsPerToken = 2 * counts.blockMatmulActive;
  const headFlopsPerSeq = 2 * counts.headMatmul;
  const flopsPerKeyLayer = 2 * m.num_attention_heads * (qkHeadDim(m) + vHeadDim(m));
  const activationBytesPerToken = 2 * m.hidden_size * m.num_layers * ba;
  const global = globalLayerCount(m);
  const local = localLayerCount(m);
  const window = m.sliding_window ?? Infinity;
  const vector = vectorFlopsPerSecond(gpu);
  const dequantPerTile = choice.weightOnly && vector > 0 ? DEQUANT_OPS_PER_WEIGHT / (t * vector) : 0;
  const comm = (tokens: number) =>
    forwardCommunicationSeconds({
      tokens,
      hiddenSize: m.hidden_size,
      numLayers: m.num_layers,
      bytesPerActivation: ba,
      tensorParallel: t,
      pipelineParallel: 1,
      linkBytesPerSecond: gpu.interconnect_bandwidth_bytes_per_second,
    });

  /** Everything of a step but the KV/attention terms, for `tokens` tokens of `seqs` sequences. */
  const fixed = (tokens: number) => {
    const params = weightParams(tokens);
    return {
      weightSeconds: (params * bpw) / t / byteRate,
      extra: comm(tokens) + (dequantPerTile > 0 ? params * dequantPerTile * Math.ceil(tokens / DEQUANT_TILE_TOKENS) : 0) + overhead,
    };
  };

  const contextLayers = (c: number) => global * c + local * Math.min(c, window);
  const sumTo = (n: number) => (n * (n + 1)) / 2;
  const sumMin = (n: number) => (n <= window ? sumTo(n) : sumTo(window) + (n - window) * window);

  const model: StepCostModel = {
    peakFlopsPerSecond: flopsRate,
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
      const kvTokenLayers = b.decodeKeyLayers + b.prefillCachedLayers + b.prefillTokens * m.num_layers;
      const memory =
        f.weightSeconds + ((kvTokenLayers * kvBytesPerTokenLayer) / kvSplit + (tokens * activationBytesPerToken) / t) / byteRate;
      return Math.max(flops / flopsRate, memory) + f.extra;
    },
    decodeStretchSeconds(n: number, keyLayers0: number, slope: number, k: number): number {
      if (k <= 0 || n <= 0) return 0;
      const f = fixed(n);
      const baseFlops = (matmulFlopsPerToken + headFlopsPerSeq) * n;
      const baseMemory = f.weightSeconds + (n * activationBytesPerToken) / t / byteRate;
      const compute = (i: number) => (baseFlops + flopsPerKeyLayer * (keyLayers0 + slope * i)) / flopsRate;
      const memory = (i: number) => baseMemory + ((keyLayers0 + slope * i) * kvBytesPerTokenLayer) / kvSplit / byteRate;
      return sumMaxOfLinear(compute, memory, 0, k) + k * f.extra;
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

/** Bytes the server reserves outside its KV pool per GPU: CUDA context, cuBLAS/NCCL workspaces (vLLM's non-torch memory, about 0.5-1 GiB). */
export const NON_TORCH_RESERVED_BYTES = 0.75 * 2 ** 30;

export interface KvPoolOptions {
  weightFormat: WeightFormat;
  kvCacheFormat: KvCacheFormat;
  tensorParallel: number;
  /** Fraction of GPU memory the server may take (vLLM gpu_memory_utilization), (0, 1]. */
  gpuMemoryUtilization: number;
  /** The largest step in tokens (max_num_batched_tokens): sizes the activation workspace. */
  maxBatchedTokens: number;
  /** Sequences per step (max_num_seqs): sizes the fp32 logits the sampler holds. */
  maxNumSeqs: number;
}

export interface KvPool {
  /** Tokens of KV the pool holds (every layer), 0 when the weights leave no room. */
  capacityTokens: number;
  /** Per GPU. */
  poolBytes: number;
  weightsBytes: number;
  activationBytes: number;
  reservedBytes: number;
  usableBytes: number;
  /** KV bytes of one token on one GPU (all layers, after the tensor-parallel split). */
  bytesPerToken: number;
}

/**
 * The KV pool a pool-based server (vLLM, SGLang, TensorRT-LLM) reserves per GPU without a runtime
 * profile: utilization x the capacity, less the weights it loaded (raw bytes / t), the peak activations of its
 * largest step (the profiling run: max_num_batched_tokens through the FFN, fp32 logits for
 * max_num_seqs), and the non-torch reservation; divided by one token's KV bytes per GPU. All
 * layers are counted at full context (sliding-window layers are not pooled separately).
 */
export function kvPool(m: ModelArchitecture, gpu: GpuSpec, o: KvPoolOptions, counts: ParameterCounts = parameterCounts(m)): KvPool {
  assertPositiveInteger(o.tensorParallel, 'tensor_parallel');
  assertFraction(o.gpuMemoryUtilization, 'scheduler.gpu_memory_utilization');
  assert(o.maxBatchedTokens >= 1, 'scheduler.max_num_batched_tokens', 'must be >= 1');
  const t = o.tensorParallel;
  // memory_bytes is already the binary capacity (an "80 GB" H100 holds 80 GiB); unified memory: the GPU's share.
  const usableBytes = allocatableBytes(gpu) * o.gpuMemoryUtilization;
  const weightsBytes = (counts.total * bytesPerWeight(o.weightFormat)) / t;
  const ba = bytesPerActivation(o.weightFormat);
  const activationBytes = (o.maxBatchedTokens * (2 * m.hidden_size + 2 * activeFfnWidth(m)) * ba) / t + o.maxNumSeqs * m.vocab_size * 4;
  const reservedBytes = NON_TORCH_RESERVED_BYTES;
  const poolBytes = Math.max(0, usableBytes - weightsBytes - activationBytes - reservedBytes);
  const bytesPerToken = (kvElementsPerTokenPerLayer(m) * m.num_layers * bytesPerKvElement(o.kvCacheFormat)) / kvTensorSplit(m, t);
  return {
    capacityTokens: Math.floor(poolBytes / bytesPerToken),
    poolBytes,
    weightsBytes,
    activationBytes,
    reservedBytes,
    usableBytes,
    bytesPerToken,
  };
}
