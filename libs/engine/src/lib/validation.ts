import { isMla } from './parameters';
import { fail, assertFraction, assertNonNegativeInteger, assertPositiveInteger } from './errors';
import { COMPUTE_FORMATS, KV_CACHE_FORMATS, WEIGHT_FORMATS, type GpuSpec, type InferenceOptions, type ModelArchitecture } from './types';

/**
 * Checks the engine applies to its own inputs, so that direct callers (CLI, benchmarks, tests)
 * get the same readable errors as the API. Field names are the REST contract's keys.
 */
const POSITIVE_INTEGER_FIELDS = [
  'hidden_size',
  'intermediate_size',
  'num_layers',
  'num_attention_heads',
  'num_kv_heads',
  'head_dim',
  'vocab_size',
  'num_experts',
  'experts_per_token',
  'expert_intermediate_size',
] as const;

function positiveInteger(v: number): boolean {
  return Number.isInteger(v) && v >= 1;
}

/**
 * Checks an architecture's fields and their relations (KV heads divide heads, experts per token
 * within experts, MLA needs its RoPE dimension, a window for a window pattern...); throws an
 * EngineError naming the field under `prefix` (custom_model.num_kv_heads).
 */
export function validateArchitecture(m: ModelArchitecture, prefix = 'custom_model'): void {
  const f = (k: string) => `${prefix}.${k}`;
  // One test of every field by name (a loop over the names costs a keyed lookup per field, the
  // largest part of a roofline calculation); on failure the loop finds the first field, in order.
  if (
    !(
      positiveInteger(m.hidden_size) &&
      positiveInteger(m.intermediate_size) &&
      positiveInteger(m.num_layers) &&
      positiveInteger(m.num_attention_heads) &&
      positiveInteger(m.num_kv_heads) &&
      positiveInteger(m.head_dim) &&
      positiveInteger(m.vocab_size) &&
      positiveInteger(m.num_experts) &&
      positiveInteger(m.experts_per_token) &&
      positiveInteger(m.expert_intermediate_size)
    )
  ) {
    for (const key of POSITIVE_INTEGER_FIELDS) assertPositiveInteger(m[key], f(key));
  }
  if (!(Number.isInteger(m.num_shared_experts) && m.num_shared_experts >= 0))
    assertNonNegativeInteger(m.num_shared_experts, f('num_shared_experts'));
  if (!(Number.isInteger(m.first_dense_layers) && m.first_dense_layers >= 0))
    assertNonNegativeInteger(m.first_dense_layers, f('first_dense_layers'));
  if (!(m.ffn_type === 'gated' || m.ffn_type === 'plain')) fail(f('ffn_type'), `must be "gated" or "plain"`);
  const mla = isMla(m);
  if (!mla) {
    if (!(m.num_kv_heads <= m.num_attention_heads))
      fail(f('num_kv_heads'), `must not exceed num_attention_heads (${m.num_attention_heads})`);
    if (!(m.num_attention_heads % m.num_kv_heads === 0))
      fail(f('num_kv_heads'), `must divide num_attention_heads (${m.num_attention_heads}) evenly`);
  } else {
    assertPositiveInteger(m.kv_lora_rank as number, f('kv_lora_rank'));
    if (!(m.qk_rope_head_dim != null)) fail(f('qk_rope_head_dim'), 'is required with kv_lora_rank (latent attention)');
    assertPositiveInteger(m.qk_rope_head_dim as number, f('qk_rope_head_dim'));
    if (!((m.qk_rope_head_dim as number) < m.head_dim || m.qk_nope_head_dim != null))
      fail(f('qk_rope_head_dim'), `must be smaller than head_dim (${m.head_dim})`);
  }
  if (!(m.experts_per_token <= m.num_experts)) fail(f('experts_per_token'), `must not exceed num_experts (${m.num_experts})`);
  if (!(m.first_dense_layers <= m.num_layers)) fail(f('first_dense_layers'), `must not exceed num_layers (${m.num_layers})`);
  if (m.sliding_window != null) assertPositiveInteger(m.sliding_window, f('sliding_window'));
  if (m.sliding_window_pattern != null) {
    assertPositiveInteger(m.sliding_window_pattern, f('sliding_window_pattern'));
    if (!(m.sliding_window != null)) fail(f('sliding_window_pattern'), 'needs sliding_window to be set');
  }
}

/** Checks a GPU's capacity, bandwidth and peak FLOP/s (finite, positive); throws an EngineError naming the field under `prefix`. */
export function validateGpu(g: GpuSpec, prefix = 'custom_gpu'): void {
  const positive = (v: number | undefined) => v !== undefined && Number.isFinite(v) && v > 0;
  if (!positive(g.memory_bytes)) fail(`${prefix}.memory_bytes`, `must be a positive number (got ${g.memory_bytes})`);
  if (!positive(g.memory_bandwidth_bytes_per_second)) {
    fail(`${prefix}.memory_bandwidth_bytes_per_second`, `must be a positive number (got ${g.memory_bandwidth_bytes_per_second})`);
  }
  if (!(Number.isFinite(g.interconnect_bandwidth_bytes_per_second) && g.interconnect_bandwidth_bytes_per_second >= 0)) {
    fail(`${prefix}.interconnect_bandwidth_bytes_per_second`, 'must be a number >= 0');
  }
  // Every precision read by name (a loop over the names costs a keyed lookup each); the loop
  // below names the first bad one, in COMPUTE_FORMATS order, only when there is one.
  const pf = g.peak_flops;
  const ok = (v: number | undefined) => v === undefined || positive(v);
  if (!(ok(pf.fp32) && ok(pf.tf32) && ok(pf.fp16) && ok(pf.bf16) && ok(pf.fp8) && ok(pf.int8) && ok(pf.fp4))) {
    for (const f of COMPUTE_FORMATS) {
      const v = pf[f];
      if (v !== undefined && !positive(v)) fail(`${prefix}.peak_flops.${f}`, `must be a positive number (got ${v})`);
    }
  }
  const listed =
    pf.fp32 !== undefined ||
    pf.tf32 !== undefined ||
    pf.fp16 !== undefined ||
    pf.bf16 !== undefined ||
    pf.fp8 !== undefined ||
    pf.int8 !== undefined ||
    pf.fp4 !== undefined;
  if (!listed) fail(`${prefix}.peak_flops`, 'must list the dense FLOP/s of at least one precision');
}

/** Checks an inference's options (whole token counts, parallel degrees dividing num_gpus, efficiencies in (0, 1]); throws an EngineError naming the request field. */
export function validateOptions(o: InferenceOptions): void {
  assertPositiveInteger(o.promptTokens, 'sequence_length');
  assertNonNegativeInteger(o.outputTokens, 'output_tokens');
  assertPositiveInteger(o.batchSize, 'batch_size');
  if (!(WEIGHT_FORMATS as readonly string[]).includes(o.weightFormat)) fail('precision', `must be one of ${WEIGHT_FORMATS.join(', ')}`);
  if (!(KV_CACHE_FORMATS as readonly string[]).includes(o.kvCacheFormat))
    fail('kv_cache_precision', `must be one of ${KV_CACHE_FORMATS.join(', ')}`);
  assertPositiveInteger(o.numGpus, 'num_gpus');
  assertPositiveInteger(o.tensorParallel, 'tensor_parallel');
  assertPositiveInteger(o.pipelineParallel, 'pipeline_parallel');
  const group = o.tensorParallel * o.pipelineParallel;
  if (o.numGpus % group !== 0) fail('num_gpus', `must be a multiple of tensor_parallel * pipeline_parallel (${group})`);
  assertFraction(o.computeEfficiency, 'efficiency');
  assertFraction(o.memoryEfficiency, 'memory_efficiency');
}
