import { memoryKindOf, RUNTIME_REGIMES, type GpuSpec, type KvCacheFormat, type WeightFormat } from '@llm-calc/engine';
import { findRuntimeProfile, RUNTIME_PROFILES, runtimeFormats, type RuntimePreset } from '@llm-calc/presets';
import type { RuntimeChoice } from '@llm-calc/fields';
import { RequestError, type RuntimeListItem, type RuntimesResponse } from '@llm-calc/contracts';

/** The request's default runtime: resolved per GPU and formats by {@link chooseRuntime}. */
export const AUTO_RUNTIME = 'auto';

const GGUF_WEIGHTS: readonly WeightFormat[] = ['q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'];
const LLAMA_CPP_KV: readonly KvCacheFormat[] = ['q8_0', 'q4_0'];

/**
 * The runtimes `auto` tries, in order, for a setup: GGUF weights or llama.cpp's q8_0/q4_0 KV
 * caches only run on llama.cpp; Apple GPUs (unified memory, no interconnect) run MLX, else
 * llama.cpp's Metal backend; anything else the most common open serving stack, vLLM, then the
 * servers that run what vLLM does not (TensorRT-LLM's int8 KV cache, HF transformers' fp32 one).
 */
export function autoCandidates(gpu: GpuSpec, weights: WeightFormat, kv: KvCacheFormat): readonly string[] {
  if (GGUF_WEIGHTS.includes(weights) || LLAMA_CPP_KV.includes(kv)) return ['llama.cpp'];
  if (memoryKindOf(gpu) === 'unified') return ['mlx', 'llama.cpp'];
  return ['vllm', 'tensorrt-llm', 'transformers'];
}

/**
 * The runtime profile a request is answered under: the one named, or for `auto` the first
 * candidate that runs both formats (else the first, whose refusal then names the format).
 * Why auto is the default: the cross-validated profiles beat the plain roofline in every regime
 * (README "Accuracy"), so the estimate should be the one for the stack a user of that setup runs.
 */
export function chooseRuntime(requested: RuntimeChoice | undefined, gpu: GpuSpec, weights: WeightFormat, kv: KvCacheFormat): RuntimePreset {
  const id = requested ?? AUTO_RUNTIME;
  if (id !== AUTO_RUNTIME) return profileById(id);
  const candidates = autoCandidates(gpu, weights, kv).map(profileById);
  return candidates.find((r) => r.weightFormats[weights] && r.kvCacheFormats.includes(kv)) ?? (candidates[0] as RuntimePreset);
}

/** The preset with this id; an unknown id is a 400 naming `runtime` (the DTO refuses them first). */
export function profileById(id: string): RuntimePreset {
  const r = findRuntimeProfile(id);
  if (!r)
    throw RequestError.of(400, [
      { field: 'runtime', code: 'isIn', text: `runtime '${id.slice(0, 60)}' is not a known runtime (GET /api/runtimes lists them)` },
    ]);
  return r;
}

const GIB = 2 ** 30;

function memorySummary(r: RuntimePreset): string {
  if (r.kind === 'roofline') return "The seed's overheads: weights +5%, KV cache +5%, activations +10%, then 5% system overhead.";
  const m = r.memory;
  const gib = (b: number) => `${(b / GIB).toFixed(2).replace(/\.?0+$/, '')} GiB`;
  const parts = [`CUDA/HIP context ${gib(m.contextBytes)} per GPU (none on Apple)`, `workspaces ${gib(m.workspaceBytes)}`];
  if (m.cudaGraphBytes > 0) parts.push(`CUDA graphs ${gib(m.cudaGraphBytes)}`);
  parts.push(m.kvBlockTokens > 1 ? `KV cache in blocks of ${m.kvBlockTokens} tokens` : 'KV cache as needed');
  if (m.eagerAttention) parts.push('eager attention (S² scores in memory)');
  if (m.allPromptLogits) parts.push('fp32 logits for every prompt position');
  if (m.kvCopyOnAppend) parts.push('the cache grows by copy (2x KV at peak)');
  if (m.kvPool?.kind === 'utilization')
    parts.push(
      `reserves gpu_memory_utilization (default ${m.kvPool.defaultFraction}) of each GPU, the KV pool is what weights, activations and graphs leave`,
    );
  if (m.kvPool?.kind === 'free-fraction') parts.push(`the KV pool takes ${m.kvPool.defaultFraction} of the memory free after loading`);
  return `${parts.join('; ')}.`;
}

/** A spread as relative bounds: measured / estimate - 1 at the band's edges (5th and 95th percentiles). */
function crossValidation(r: RuntimePreset): RuntimeListItem['cross_validation'] {
  const out = {} as RuntimeListItem['cross_validation'];
  for (const regime of RUNTIME_REGIMES) {
    const s = r.spreads[regime];
    out[regime] = {
      points: s.n,
      median_abs_error: s.medianAbsError ?? null,
      low: Math.exp(-Math.max(0, s.upper)) - 1,
      high: Math.exp(-Math.min(0, s.lower)) - 1,
    };
  }
  return out;
}

/** GET /api/runtimes: every runtime profile with what it runs, its memory model, sources and cross-validated error. */
export function runtimeCatalogue(): RuntimesResponse {
  return {
    auto: 'llama.cpp for GGUF weights (q8_0, q6_k, q5_k_m, q4_k_m, q4_0) or q8_0/q4_0 KV caches; MLX on Apple GPUs (llama.cpp for formats MLX does not run); vLLM otherwise (TensorRT-LLM, then HF transformers, for KV formats vLLM does not run)',
    runtimes: RUNTIME_PROFILES.map((r) => {
      const formats = runtimeFormats(r);
      const bits: RuntimeListItem['bits_per_weight'] = {};
      for (const f of formats.weights) {
        const b = r.weightFormats[f]?.bitsPerWeight;
        if (b !== undefined) bits[f] = b;
      }
      return {
        id: r.id,
        name: r.name,
        description: r.description,
        backends: r.backends,
        kind: r.kind,
        weight_formats: formats.weights,
        kv_cache_formats: formats.kvCache,
        bits_per_weight: bits,
        tensor_parallel: r.supportsTensorParallel,
        offload: r.supportsOffload,
        memory_model: {
          summary: memorySummary(r),
          context_bytes: r.memory.contextBytes,
          workspace_bytes: r.memory.workspaceBytes,
          cuda_graph_bytes: r.memory.cudaGraphBytes,
          kv_block_tokens: r.memory.kvBlockTokens,
          kv_pool: r.memory.kvPool?.kind ?? null,
          default_gpu_memory_utilization: r.memory.kvPool?.defaultFraction ?? null,
        },
        calibrated: r.calibrated,
        family: r.family,
        sources: r.sources,
        cross_validation: crossValidation(r),
      };
    }),
  };
}
