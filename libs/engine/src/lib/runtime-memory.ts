import { globalLayerCount, kvElementsPerTokenPerLayer, localLayerCount } from './attention';
import { bytesPerActivation, bytesPerKvElement } from './formats';
import { activeFfnWidth, kvTensorSplit, MAX_GPUS, type CapacityLimits, type MemoryBreakdown } from './memory';
import { isMla, type ParameterCounts } from './parameters';
import { embeddingsStay16Bit, memoryKindOf, runtimeWeightBits, type RuntimeProfile } from './runtime';
import { largestNonPositive, largestUnbounded } from './runtime-search';
import type { GpuSpec, InferenceOptions, ModelArchitecture } from './types';

export { largestNonPositive } from './runtime-search';

/**
 * Memory under a runtime profile (calculation-model.md "Capacity and runtimes"): the weights at
 * the runtime's real bits per weight, the KV cache in the runtime's block size, the activations of
 * the largest chunk it runs at once, and per GPU the runtime's own overhead (CUDA context,
 * workspaces, CUDA-graph pools). Pool-based servers reserve memory up front: what they need is
 * reported beside what they reserve, and "fits" means the request's KV fits the pool.
 */

export interface ProfileMemory extends MemoryBreakdown {
  /** Per GPU: CUDA context + workspaces + CUDA-graph pools. */
  runtimeOverheadBytes: number;
  /** Per GPU: what a pool-based server takes at start (gpu_memory_utilization); null otherwise. */
  reservedBytes: number | null;
  /** Per GPU: the KV pool left after weights, activations and overheads; null without a pool. */
  kvPoolBytes: number | null;
  /** Tokens the pool holds across all sequences (global-layer view); null without a pool. */
  kvPoolTokens: number | null;
  /** Per GPU: the memory a configuration may use (pool runtimes: the reservation; else the capacity). */
  usableBytes: number;
  /** Host memory taken by offloaded layers (llama.cpp partial offload), bytes. */
  hostBytes: number;
  fits: boolean;
}

/** Per-GPU needed bytes as a function of (batch, prompt, tensor parallel, GPU layers), constants hoisted. */
export function profileMemoryFunction(
  m: ModelArchitecture,
  o: InferenceOptions,
  counts: ParameterCounts,
  profile: RuntimeProfile,
  gpu: GpuSpec,
) {
  const mem = profile.memory;
  const bpw = runtimeWeightBits(profile, o.weightFormat) / 8;
  const embeddingBytes = embeddingsStay16Bit(o.weightFormat) ? 2 : bpw;
  const headAndEmbedding = (counts.embedding + counts.head) * embeddingBytes * (1 + mem.weightsOverheadFraction);
  const weights = (counts.total - counts.embedding - counts.head) * bpw * (1 + mem.weightsOverheadFraction) + headAndEmbedding;
  const blockWeights = weights - headAndEmbedding;
  const kvPerTokenLayer = kvElementsPerTokenPerLayer(m) * bytesPerKvElement(o.kvCacheFormat);
  const block = mem.kvBlockTokens;
  const ba = bytesPerActivation(o.weightFormat);
  const ffnPerToken = (2 * m.hidden_size + 2 * activeFfnWidth(m)) * ba;
  // A unified-memory SoC has no discrete driver context: the OS's share is in its usable capacity.
  const overhead = (memoryKindOf(gpu) === 'unified' ? 0 : mem.contextBytes) + mem.workspaceBytes + mem.cudaGraphBytes;
  const p = o.pipelineParallel;
  const L = m.num_layers;
  const pool = mem.kvPool;
  /** Raw KV bytes of `batch` sequences at `context` tokens (rounded up to whole blocks). */
  const copies = mem.kvCopyOnAppend ? 2 : 1;
  // cachedTokenLayers and kvTensorSplit with the model's constants read once (the capacity
  // searches probe these tens of times a calculation); the same expressions, so the same bits.
  const globalLayers = globalLayerCount(m);
  const localLayers = localLayerCount(m);
  const slidingWindow = m.sliding_window;
  const tokenLayers = (context: number) => globalLayers * context + localLayers * Math.min(context, slidingWindow ?? context);
  const mla = isMla(m);
  const kvHeads = m.num_kv_heads;
  const kvSplit = (t: number) => (mla ? 1 : Math.min(t, kvHeads));
  const kvBytes = (batch: number, context: number) => copies * batch * kvPerTokenLayer * tokenLayers(Math.ceil(context / block) * block);
  /** The transient working set of the largest chunk (one layer live), + logits, + eager scores. */
  const activations = (batch: number, prompt: number) => {
    const tokens = batch * prompt;
    const chunk = Math.min(tokens, profile.prefillChunkTokens ?? tokens);
    const logits = (mem.allPromptLogits ? chunk : Math.min(batch, chunk)) * m.vocab_size * 4;
    const scores = mem.eagerAttention ? batch * m.num_attention_heads * prompt * prompt * ba : 0;
    return chunk * ffnPerToken + logits + scores;
  };
  return {
    weights,
    overhead,
    kvBytes,
    activations,
    /** Per-GPU parts at this batch / prompt / t / gpu layers. */
    parts(batch: number, prompt: number, t: number, gpuLayers: number) {
      const share = gpuLayers / L;
      const headOnGpu = gpuLayers >= L;
      const w = (blockWeights * share + (headOnGpu ? headAndEmbedding : 0)) / (t * p);
      const kv = (kvBytes(batch, prompt + o.outputTokens) * share) / (kvSplit(t) * p);
      const act = activations(batch, prompt) / t;
      const hostBytes =
        blockWeights * (1 - share) + (headOnGpu ? 0 : headAndEmbedding) + kvBytes(batch, prompt + o.outputTokens) * (1 - share);
      return { w, kv, act, hostBytes, nonKv: w + act + overhead, total: w + kv + act + overhead };
    },
    /**
     * needed - allowed per GPU, bytes (<= 0: fits), without building the parts: the capacity
     * searches call it tens of times a calculation. Increasing in batch, prompt and layers.
     */
    slack(batch: number, prompt: number, t: number, gpuLayers: number, capacity: number, utilization: number | undefined): number {
      const share = gpuLayers / L;
      const w = (blockWeights * share + (gpuLayers >= L ? headAndEmbedding : 0)) / (t * p);
      const context = prompt + o.outputTokens;
      const kv = (copies * batch * kvPerTokenLayer * tokenLayers(Math.ceil(context / block) * block) * share) / (kvSplit(t) * p);
      const nonKv = w + activations(batch, prompt) / t + overhead;
      if (!pool) return nonKv + kv - capacity;
      const u = utilization ?? pool.defaultFraction;
      // 'utilization': everything within u x capacity; 'free-fraction': the KV within u of what loading leaves free.
      return pool.kind === 'utilization' ? nonKv + kv - u * capacity : kv - u * Math.max(0, capacity - nonKv);
    },
  };
}

/**
 * Share of unified memory the GPU may wire by default: macOS's recommendedMaxWorkingSetSize is
 * about 3/4 of RAM on machines above 36 GB (2/3 below), which llama.cpp and MLX report and obey.
 */
export const UNIFIED_GPU_FRACTION = 0.75;

/** The capacity a runtime can allocate on this GPU (unified memory: the GPU's default share). */
export function allocatableBytes(gpu: GpuSpec): number {
  return memoryKindOf(gpu) === 'unified' ? gpu.memory_bytes * UNIFIED_GPU_FRACTION : gpu.memory_bytes;
}

/** Usable bytes per GPU for a configuration whose non-KV part is `nonKv`. */
export function usableBytes(profile: RuntimeProfile, capacity: number, nonKv: number, utilization: number | undefined): number {
  const pool = profile.memory.kvPool;
  if (!pool) return capacity;
  const u = utilization ?? pool.defaultFraction;
  return pool.kind === 'utilization' ? u * capacity : nonKv + u * Math.max(0, capacity - nonKv);
}

/** The memory function of a configuration (built once per calculation, shared by memory and capacity). */
export type ProfileMemoryFunction = ReturnType<typeof profileMemoryFunction>;

/**
 * Memory under a runtime profile, in bytes: weights at the runtime's real bits per weight, KV
 * cache rounded to its blocks, one chunk's activations, CUDA context, workspaces and CUDA-graph
 * memory, and for pool servers the KV pool reserved at `gpu_memory_utilization` (reported as
 * reserved beside needed); with llama.cpp offload, the split between GPU and host memory.
 */
export function profileMemory(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  counts: ParameterCounts,
  profile: RuntimeProfile,
  f: ProfileMemoryFunction = profileMemoryFunction(m, o, counts, profile, gpu),
): ProfileMemory {
  const t = o.tensorParallel;
  const p = o.pipelineParallel;
  const g = o.gpuLayers ?? m.num_layers;
  const per = f.parts(o.batchSize, o.promptTokens, t, g);
  const weightsBytes = f.weights;
  const kvCacheBytes = f.kvBytes(o.batchSize, o.promptTokens + o.outputTokens);
  const activationsBytes = f.activations(o.batchSize, o.promptTokens);
  const gpus = t * p;
  const usable = usableBytes(profile, allocatableBytes(gpu), per.nonKv, o.gpuMemoryUtilization);
  const pool = profile.memory.kvPool;
  const kvPoolBytes = pool ? usable - per.nonKv : null;
  const perTokenPerGpu = (kvElementsPerTokenPerLayer(m) * m.num_layers * bytesPerKvElement(o.kvCacheFormat)) / (kvTensorSplit(m, t) * p);
  const hostBytes = per.hostBytes;
  return {
    weightsBytes: weightsBytes * (g / m.num_layers),
    kvCacheBytes,
    activationsBytes,
    systemOverheadBytes: f.overhead * gpus,
    totalBytes: per.w * gpus + kvCacheBytes * (g / m.num_layers) + activationsBytes + f.overhead * gpus,
    perGpu: {
      weightsBytes: per.w,
      kvCacheBytes: per.kv,
      activationsBytes: per.act,
      systemOverheadBytes: f.overhead,
      totalBytes: per.total,
    },
    runtimeOverheadBytes: f.overhead,
    reservedBytes: pool ? usable : null,
    kvPoolBytes,
    kvPoolTokens: kvPoolBytes === null ? null : Math.max(0, Math.floor(kvPoolBytes / perTokenPerGpu)),
    usableBytes: usable,
    hostBytes,
    fits: per.total <= usable && (kvPoolBytes === null || kvPoolBytes >= 0),
  };
}

export interface ProfileCapacity extends CapacityLimits {
  /** llama.cpp: transformer layers that fit on the GPU at this batch and context (num_layers = all); null elsewhere. */
  maxGpuLayers: number | null;
}

/**
 * The largest batch, the longest prompt (capped so that prompt + output stays within the model's
 * context window), the longest context and the fewest GPUs under the runtime's memory model.
 */
export function profileCapacity(
  m: ModelArchitecture,
  gpu: GpuSpec,
  o: InferenceOptions,
  counts: ParameterCounts,
  profile: RuntimeProfile,
  f: ProfileMemoryFunction = profileMemoryFunction(m, o, counts, profile, gpu),
): ProfileCapacity {
  const cap = allocatableBytes(gpu);
  const u = o.gpuMemoryUtilization;
  const g = o.gpuLayers ?? m.num_layers;
  const t = o.tensorParallel;
  const b = o.batchSize;
  const s = o.promptTokens;
  const slack = (batch: number, prompt: number, tp: number, layers: number) => f.slack(batch, prompt, tp, layers, cap, u);
  // Batch: per-GPU memory grows at least by one sequence's KV per sequence, which bounds the search.
  const at1 = slack(1, s, t, g);
  let maxBatchSize = 0;
  if (at1 <= 0) {
    const kvPerSequence = Math.max(1, f.parts(1, s, t, g).kv);
    const bound = Math.max(2, Math.ceil(cap / kvPerSequence) + 2);
    const atBound = slack(bound, s, t, g);
    maxBatchSize = atBound <= 0 ? bound : largestNonPositive((x) => slack(x, s, t, g), 1, bound, at1, atBound);
  }
  // Prompt: capped so that prompt + output stays within the model's context window.
  const window = m.max_position_embeddings ?? Infinity;
  const promptLimit = Math.max(0, window - o.outputTokens);
  const promptSlack = (x: number) => slack(b, x, t, g);
  let maxPrompt: number;
  if (!Number.isFinite(promptLimit)) {
    maxPrompt = largestUnbounded(promptSlack);
  } else if (promptLimit < 1) {
    maxPrompt = 0;
  } else {
    const first = promptSlack(1);
    const last = promptSlack(promptLimit);
    maxPrompt = first > 0 ? 0 : last <= 0 ? promptLimit : largestNonPositive(promptSlack, 1, promptLimit, first, last);
  }
  const maxContextTokens = maxPrompt > 0 ? Math.min(maxPrompt + o.outputTokens, window) : 0;
  const heads = m.num_attention_heads;
  const top = Math.min(MAX_GPUS, heads);
  let minGpus: number | null = null;
  if (!profile.supportsTensorParallel) {
    minGpus = slack(b, s, 1, g) <= 0 ? 1 : null;
  } else {
    const first = Math.max(1, Math.floor(f.parts(b, s, 1, g).total / cap));
    for (let n = first; n <= top; n++) {
      if (heads % n === 0 && slack(b, s, n, g) <= 0) {
        minGpus = n;
        break;
      }
    }
  }
  let maxGpuLayers: number | null = null;
  if (profile.supportsOffload) {
    const L = m.num_layers;
    if (slack(b, s, t, L) <= 0) {
      maxGpuLayers = L;
    } else {
      // Below num_layers the head sits on the host and memory is linear in the layers kept.
      const at0 = f.parts(b, s, t, 0).total;
      const perLayer = L > 1 ? (f.parts(b, s, t, L - 1).total - at0) / (L - 1) : 0;
      let layers = perLayer > 0 ? Math.min(L - 1, Math.max(0, Math.floor((cap - at0) / perLayer))) : 0;
      while (layers > 0 && slack(b, s, t, layers) > 0) layers--;
      while (layers + 1 < L && slack(b, s, t, layers + 1) <= 0) layers++;
      maxGpuLayers = layers;
    }
  }
  return { maxBatchSize, maxSequenceLength: maxPrompt, maxContextTokens, minGpus, maxGpuLayers };
}
