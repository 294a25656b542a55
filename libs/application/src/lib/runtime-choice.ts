import { memoryKindOf, type GpuSpec, type KvCacheFormat, type WeightFormat } from '@llm-calc/engine';
import { findRuntimeProfile, type RuntimePreset } from '@llm-calc/presets';
import type { RuntimeChoice } from '@llm-calc/fields';
import { RequestError } from '@llm-calc/contracts';

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
  if (!r) throw RequestError.of(400, [{ field: 'runtime', code: 'isIn', text: `runtime '${id.slice(0, 60)}' is not a known runtime (GET /api/runtimes lists them)` }]);
  return r;
}
