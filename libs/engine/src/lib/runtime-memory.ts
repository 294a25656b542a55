import { cachedTokenLayers, kvElementsPerTokenPerLayer } from './attention';
import { bytesPerActivation, bytesPerKvElement } from './formats';
import { activeFfnWidth, kvTensorSplit, MAX_GPUS, type CapacityLimits, type MemoryBreakdown } from './memory';
import type { ParameterCounts } from './parameters';
import { embeddingsStay16Bit, memoryKindOf, runtimeWeightBits, type RuntimeProfile } from './runtime';
import type { GpuSpec, InferenceOptions, ModelArchitecture } from './types';

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
export function profileMemoryFunction(m: ModelArchitecture, o: InferenceOptions, counts: ParameterCounts, profile: RuntimeProfile, gpu: GpuSpec) {
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
  /** Raw KV bytes of `batch` sequences at `context` tokens (rounded up to whole blocks). */
  const copies = mem.kvCopyOnAppend ? 2 : 1;
  const kvBytes = (batch: number, context: number) => copies * batch * kvPerTokenLayer * cachedTokenLayers(m, Math.ceil(context / block) * block);
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
      const kv = (kvBytes(batch, prompt + o.outputTokens) * share) / (kvTensorSplit(m, t) * p);
      const act = activations(batch, prompt) / t;
      const hostBytes = blockWeights * (1 - share) + (headOnGpu ? 0 : headAndEmbedding) + kvBytes(batch, prompt + o.outputTokens) * (1 - share);
      return { w, kv, act, hostBytes, nonKv: w + act + overhead, total: w + kv + act + overhead };
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

export function profileMemory(m: ModelArchitecture, gpu: GpuSpec, o: InferenceOptions, counts: ParameterCounts, profile: RuntimeProfile): ProfileMemory {
  const f = profileMemoryFunction(m, o, counts, profile, gpu);
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

const MAX_SEARCH = 1 << 30;

/** Largest integer x in [0, MAX_SEARCH] with ok(x), for ok monotone decreasing; 0 when none (ok(0) assumed). */
function largest(ok: (x: number) => boolean, start = 1): number {
  if (!ok(start)) return start - 1;
  let lo = start;
  let hi = 2 * start;
  while (hi < MAX_SEARCH && ok(hi)) {
    lo = hi;
    hi *= 2;
  }
  if (hi >= MAX_SEARCH) return ok(MAX_SEARCH) ? MAX_SEARCH : bisect(ok, lo, MAX_SEARCH);
  return bisect(ok, lo, hi);
}

function bisect(ok: (x: number) => boolean, lo: number, hi: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface ProfileCapacity extends CapacityLimits {
  /** llama.cpp: transformer layers that fit on the GPU at this batch and context (num_layers = all); null elsewhere. */
  maxGpuLayers: number | null;
}

/**
 * The largest batch, the longest prompt (capped so that prompt + output stays within the model's
 * context window), the longest context and the fewest GPUs under the runtime's memory model.
 */
export function profileCapacity(m: ModelArchitecture, gpu: GpuSpec, o: InferenceOptions, counts: ParameterCounts, profile: RuntimeProfile): ProfileCapacity {
  const f = profileMemoryFunction(m, o, counts, profile, gpu);
  const cap = allocatableBytes(gpu);
  const g = o.gpuLayers ?? m.num_layers;
  const fitsAt = (batch: number, prompt: number, t: number, layers: number) => {
    const x = f.parts(batch, prompt, t, layers);
    return x.total <= usableBytes(profile, cap, x.nonKv, o.gpuMemoryUtilization);
  };
  const t = o.tensorParallel;
  // Bounds for the searches: per-GPU memory grows at least by one sequence's KV per sequence.
  const one = f.parts(1, o.promptTokens, t, g);
  const kvPerSequence = Math.max(1, one.kv);
  const batchBound = Math.max(1, Math.ceil(cap / kvPerSequence) + 1);
  const maxBatchSize = fitsAt(1, o.promptTokens, t, g) ? bisect((batch) => batch <= batchBound && fitsAt(batch, o.promptTokens, t, g), 1, batchBound + 1) : 0;
  const window = m.max_position_embeddings ?? Infinity;
  const promptLimit = Math.max(0, window - o.outputTokens);
  const okPrompt = (s: number) => s <= promptLimit && fitsAt(o.batchSize, s, t, g);
  const maxPrompt = Number.isFinite(promptLimit) ? (okPrompt(1) ? (okPrompt(promptLimit) ? promptLimit : bisect(okPrompt, 1, promptLimit)) : 0) : largest(okPrompt);
  const maxContextTokens = maxPrompt > 0 ? Math.min(maxPrompt + o.outputTokens, window) : 0;
  const heads = m.num_attention_heads;
  const top = Math.min(MAX_GPUS, heads);
  let minGpus: number | null = null;
  if (!profile.supportsTensorParallel) {
    minGpus = fitsAt(o.batchSize, o.promptTokens, 1, g) ? 1 : null;
  } else {
    const first = Math.max(1, Math.floor(f.parts(o.batchSize, o.promptTokens, 1, g).total / cap));
    for (let n = first; n <= top; n++) {
      if (heads % n === 0 && fitsAt(o.batchSize, o.promptTokens, n, g)) {
        minGpus = n;
        break;
      }
    }
  }
  let maxGpuLayers: number | null = null;
  if (profile.supportsOffload) {
    const L = m.num_layers;
    if (fitsAt(o.batchSize, o.promptTokens, t, L)) {
      maxGpuLayers = L;
    } else {
      // Below num_layers the head sits on the host and memory is linear in the layers kept.
      const at0 = f.parts(o.batchSize, o.promptTokens, t, 0).total;
      const perLayer = L > 1 ? (f.parts(o.batchSize, o.promptTokens, t, L - 1).total - at0) / (L - 1) : 0;
      let layers = perLayer > 0 ? Math.min(L - 1, Math.max(0, Math.floor((cap - at0) / perLayer))) : 0;
      while (layers > 0 && !fitsAt(o.batchSize, o.promptTokens, t, layers)) layers--;
      while (layers + 1 < L && fitsAt(o.batchSize, o.promptTokens, t, layers + 1)) layers++;
      maxGpuLayers = layers;
    }
  }
  return { maxBatchSize, maxSequenceLength: maxPrompt, maxContextTokens, minGpus, maxGpuLayers };
}
