import { globalLayerCount, kvElementsPerSequence, kvElementsPerTokenPerLayer } from './attention';
import { bytesPerActivation, bytesPerKvElement, bytesPerWeight } from './formats';
import { isMla, isMoe, parameterCounts, type ParameterCounts } from './parameters';
import { largestNonPositive } from './runtime-search';
import type { InferenceOptions, ModelArchitecture } from './types';

/**
 * Inference memory (calculation-model.md "Memory"). The seed product's overheads are part of
 * the contract: weights +5%, KV cache +5%, activations +10%, then 5% system overhead on the sum.
 */
export const WEIGHTS_OVERHEAD = 0.05;
export const KV_CACHE_OVERHEAD = 0.05;
export const ACTIVATIONS_OVERHEAD = 0.1;
export const SYSTEM_OVERHEAD = 0.05;

/** Raw bytes of the stored weights (no overhead): what a forward pass reads. */
export function rawWeightsBytes(m: ModelArchitecture, o: Pick<InferenceOptions, 'weightFormat'>, counts = parameterCounts(m)): number {
  return counts.total * bytesPerWeight(o.weightFormat);
}

/** Weights memory = params_total * bytes per weight * 1.05. */
export function weightsBytes(m: ModelArchitecture, o: Pick<InferenceOptions, 'weightFormat'>, counts = parameterCounts(m)): number {
  return rawWeightsBytes(m, o, counts) * (1 + WEIGHTS_OVERHEAD);
}

/** Raw KV-cache bytes for `batchSize` sequences of `contextTokens` tokens. */
export function rawKvCacheBytes(
  m: ModelArchitecture,
  o: Pick<InferenceOptions, 'kvCacheFormat'>,
  contextTokens: number,
  batchSize: number,
): number {
  return kvElementsPerSequence(m, contextTokens) * batchSize * bytesPerKvElement(o.kvCacheFormat);
}

/**
 * KV cache = 2 * L * h_kv * d_h * S_total * B * b_kv * 1.05 with S_total = prompt + output,
 * using MLA's latent size and sliding-window caps where the architecture has them.
 */
export function kvCacheBytes(
  m: ModelArchitecture,
  o: Pick<InferenceOptions, 'kvCacheFormat' | 'promptTokens' | 'outputTokens' | 'batchSize'>,
): number {
  return rawKvCacheBytes(m, o, o.promptTokens + o.outputTokens, o.batchSize) * (1 + KV_CACHE_OVERHEAD);
}

/** The widest FFN inner activation one token produces (dense layers or active experts). */
export function activeFfnWidth(m: ModelArchitecture): number {
  const dense = m.num_layers - (isMoe(m) ? Math.max(0, m.num_layers - m.first_dense_layers) : 0) > 0 ? m.intermediate_size : 0;
  if (!isMoe(m)) return m.intermediate_size;
  const shared = m.num_shared_experts * (m.shared_expert_intermediate_size ?? m.expert_intermediate_size);
  return Math.max(dense, m.experts_per_token * m.expert_intermediate_size + shared);
}

/**
 * Peak transient working set of one forward pass at the largest chunk (the prefill), one layer
 * live at a time (Korthikanti et al. 2022, adapted to inference):
 * B*S*(2d + 2*d_ff_active)*b_a for the FFN step, + fp32 logits (B*V*4 for the last position,
 * B*S*V*4 when all positions' logits are kept), + B*h*S^2*b_a scores without flash attention;
 * all * 1.10.
 */
export function activationsBytes(
  m: ModelArchitecture,
  o: Pick<InferenceOptions, 'promptTokens' | 'batchSize' | 'weightFormat' | 'flashAttention' | 'keepAllLogits'>,
): number {
  const b = bytesPerActivation(o.weightFormat);
  const tokens = o.batchSize * o.promptTokens;
  const ffn = tokens * (2 * m.hidden_size + 2 * activeFfnWidth(m)) * b;
  const logits = (o.keepAllLogits ? tokens : o.batchSize) * m.vocab_size * 4;
  const flash = o.flashAttention ?? true;
  const scores = flash ? 0 : o.batchSize * m.num_attention_heads * o.promptTokens * o.promptTokens * b;
  return (ffn + logits + scores) * (1 + ACTIVATIONS_OVERHEAD);
}

export interface MemoryBreakdown {
  weightsBytes: number;
  kvCacheBytes: number;
  activationsBytes: number;
  systemOverheadBytes: number;
  totalBytes: number;
  perGpu: {
    weightsBytes: number;
    kvCacheBytes: number;
    activationsBytes: number;
    systemOverheadBytes: number;
    totalBytes: number;
  };
}

/**
 * How far the KV cache splits under tensor parallelism: by t up to the number of KV heads
 * (beyond that heads are replicated, as vLLM and TensorRT-LLM do); an MLA latent is shared by
 * all heads and is replicated on every tensor-parallel rank. A deviation from the seed's plain
 * "divide by t", which overstated the savings for GQA/MLA models.
 */
export function kvTensorSplit(m: ModelArchitecture, tensorParallel: number): number {
  if (isMla(m)) return 1;
  return Math.min(tensorParallel, m.num_kv_heads);
}

/** Total and per-GPU memory: weights and KV divide by t*p, activations by t; +5% system. */
export function memoryBreakdown(m: ModelArchitecture, o: InferenceOptions, counts: ParameterCounts = parameterCounts(m)): MemoryBreakdown {
  const w = weightsBytes(m, o, counts);
  const kv = kvCacheBytes(m, o);
  const act = activationsBytes(m, o);
  const sum = w + kv + act;
  const t = o.tensorParallel;
  const p = o.pipelineParallel;
  const perW = w / (t * p);
  const perKv = kv / (kvTensorSplit(m, t) * p);
  const perAct = act / t;
  const perSum = perW + perKv + perAct;
  return {
    weightsBytes: w,
    kvCacheBytes: kv,
    activationsBytes: act,
    systemOverheadBytes: sum * SYSTEM_OVERHEAD,
    totalBytes: sum * (1 + SYSTEM_OVERHEAD),
    perGpu: {
      weightsBytes: perW,
      kvCacheBytes: perKv,
      activationsBytes: perAct,
      systemOverheadBytes: perSum * SYSTEM_OVERHEAD,
      totalBytes: perSum * (1 + SYSTEM_OVERHEAD),
    },
  };
}

export interface CapacityLimits {
  /** Largest batch at this context that fits (0 when none). */
  maxBatchSize: number;
  /** Longest prompt (sequence_length) at this batch and output length that fits (0 when none). */
  maxSequenceLength: number;
  /**
   * Longest context (prompt + output) at this batch that fits, capped at the model's context
   * window (max_position_embeddings); 0 when none.
   */
  maxContextTokens: number;
  /**
   * Fewest GPUs that hold this batch and context with tensor parallelism (pipeline 1), counting
   * only degrees that divide the attention heads (vLLM, TGI and TensorRT-LLM refuse others);
   * null when no such degree up to min(heads, MAX_GPUS) fits (pipeline parallelism is then needed).
   */
  minGpus: number | null;
}

const MAX_SEARCH_TOKENS = 1 << 30;
/** The largest GPU count the engine searches for min_gpus. */
export const MAX_GPUS = 1024;

/**
 * Per-GPU total bytes as a function of (batch, prompt tokens, tensor parallel), with everything
 * else fixed: the same formulas as memoryBreakdown, with the constants hoisted so that the
 * capacity searches cost a few multiplications per probe.
 */
function perGpuBytesFunction(m: ModelArchitecture, o: InferenceOptions, counts: ParameterCounts) {
  const weights = weightsBytes(m, o, counts);
  const kvPerToken = kvElementsPerTokenPerLayer(m) * bytesPerKvElement(o.kvCacheFormat) * (1 + KV_CACHE_OVERHEAD);
  const global = globalLayerCount(m);
  const local = m.num_layers - global;
  const window = m.sliding_window ?? Infinity;
  const b = bytesPerActivation(o.weightFormat);
  const ffnPerToken = (2 * m.hidden_size + 2 * activeFfnWidth(m)) * b;
  const logitsPerToken = m.vocab_size * 4;
  const flash = o.flashAttention ?? true;
  const p = o.pipelineParallel;
  return (batch: number, prompt: number, t: number): number => {
    const context = prompt + o.outputTokens;
    const kv = batch * kvPerToken * (global * context + local * Math.min(context, window));
    const tokens = batch * prompt;
    const act =
      (tokens * ffnPerToken +
        (o.keepAllLogits ? tokens : batch) * logitsPerToken +
        (flash ? 0 : batch * m.num_attention_heads * prompt * prompt * b)) *
      (1 + ACTIVATIONS_OVERHEAD);
    return (weights / (t * p) + kv / (kvTensorSplit(m, t) * p) + act / t) * (1 + SYSTEM_OVERHEAD);
  };
}

/**
 * The largest batch, the longest prompt and the fewest GPUs that fit `gpuMemoryBytes` per GPU.
 * Memory grows linearly with batch (closed form) and monotonically with context (bisection).
 */
export function capacityLimits(
  m: ModelArchitecture,
  o: InferenceOptions,
  gpuMemoryBytes: number,
  counts = parameterCounts(m),
): CapacityLimits {
  const perGpu = perGpuBytesFunction(m, o, counts);
  const t = o.tensorParallel;
  const atBatch0 = perGpu(0, o.promptTokens, t);
  const perSequence = perGpu(1, o.promptTokens, t) - atBatch0;
  const maxBatchSize = atBatch0 > gpuMemoryBytes ? 0 : Math.max(0, Math.floor((gpuMemoryBytes - atBatch0) / perSequence + 1e-9));

  // Longest prompt: memory is non-decreasing in the prompt (each term is, in floating point too),
  // so the largest fitting prompt is one number whichever exact search finds it; the
  // interpolating search needs a few probes where bisection over [1, 2^30] took 30.
  // (over - capacity > 0 exactly when over > capacity: a difference of finite doubles is 0 only when they are equal.)
  let maxSequenceLength = 0;
  const overPrompt = (s: number) => perGpu(o.batchSize, s, t) - gpuMemoryBytes;
  const at1 = overPrompt(1);
  if (at1 <= 0) {
    const atTop = overPrompt(MAX_SEARCH_TOKENS);
    maxSequenceLength = atTop <= 0 ? MAX_SEARCH_TOKENS : largestNonPositive(overPrompt, 1, MAX_SEARCH_TOKENS, at1, atTop);
  }

  // Fewest GPUs: tensor parallel n dividing the attention heads, pipeline 1. Start from
  // total / capacity, then step up past degrees that do not divide the heads, or that KV
  // replication beyond the KV-head count keeps over capacity.
  const single = o.pipelineParallel === 1 ? perGpu : perGpuBytesFunction(m, { ...o, pipelineParallel: 1 }, counts);
  const heads = m.num_attention_heads;
  const largest = Math.min(MAX_GPUS, heads);
  const usable = (n: number) => heads % n === 0 && single(o.batchSize, o.promptTokens, n) <= gpuMemoryBytes;
  let gpus = Math.max(1, Math.ceil(single(o.batchSize, o.promptTokens, 1) / gpuMemoryBytes));
  while (gpus <= largest && !usable(gpus)) {
    gpus++;
  }
  const window = m.max_position_embeddings ?? Infinity;
  const maxContextTokens = maxSequenceLength > 0 ? Math.min(maxSequenceLength + o.outputTokens, window) : 0;
  return { maxBatchSize, maxSequenceLength, maxContextTokens, minGpus: gpus <= largest ? gpus : null };
}
