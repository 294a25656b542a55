import { assert } from './errors';
import { prefillFlops, decodeFlopsPerToken } from './flops';
import { bytesPerKvElement, bytesPerWeight } from './formats';
import { capacityLimits, memoryBreakdown, type CapacityLimits, type MemoryBreakdown } from './memory';
import { kvElementsPerTokenPerLayer } from './attention';
import { parameterCounts, attentionType, isMoe, type ParameterCounts } from './parameters';
import { estimatePerformance, type PerformanceEstimate } from './performance';
import type { GpuSpec, InferenceOptions, ModelArchitecture } from './types';
import { validateArchitecture, validateGpu, validateOptions } from './validation';

/**
 * Default efficiencies, chosen from the measured runs in shared/reference/calibration.json
 * (tools/calibration.ts prints the table that the README's "Accuracy" section shows): decode
 * reaches about 68-87% of peak bandwidth (llama.cpp, gpt-fast, LMDeploy), 0.75 keeps every decode
 * point within about 10%; prefill reaches about 40-45% of the dense peak (TensorRT-LLM fp8 on
 * H100, llama.cpp fp16 on RTX 4090 at its fp16-accumulate rate).
 */
export const DEFAULT_COMPUTE_EFFICIENCY = 0.42;
export const DEFAULT_MEMORY_EFFICIENCY = 0.75;

export interface CalculationInput {
  model: ModelArchitecture;
  gpu: GpuSpec;
  options: InferenceOptions;
}

export interface CalculationResult {
  parameters: ParameterCounts;
  attentionType: 'MHA' | 'GQA' | 'MQA' | 'MLA';
  isMoe: boolean;
  memory: MemoryBreakdown & {
    gpuMemoryBytes: number;
    fits: boolean;
    headroomBytes: number;
    bytesPerWeight: number;
    bytesPerKvElement: number;
    /** KV bytes one token adds across all layers (before overhead; global-layer view). */
    kvCacheBytesPerToken: number;
  };
  capacity: CapacityLimits;
  compute: {
    attentionFlops: number;
    feedforwardFlops: number;
    headFlops: number;
    prefillFlops: number;
    /** FLOPs to generate one token at the final context (prompt + output). */
    perTokenFlops: number;
  };
  performance: PerformanceEstimate;
  warnings: string[];
}

/**
 * The whole inference estimate for one configuration: parameters, memory (with fit, headroom
 * and capacity limits), FLOPs and roofline performance. Pure; microseconds per call.
 * Throws EngineError for an invalid configuration; "does not fit" is a result field.
 */
export function calculate(input: CalculationInput): CalculationResult {
  const { model: m, gpu, options: o } = input;
  validateArchitecture(m);
  validateGpu(gpu);
  validateOptions(o);
  assert(Number.isFinite(o.promptTokens + o.outputTokens), 'sequence_length', 'is too large');
  const counts = parameterCounts(m);
  const memory = memoryBreakdown(m, o, counts);
  const performance = estimatePerformance(m, gpu, o, counts);
  const prefill = prefillFlops(m, o.promptTokens, o.batchSize, o.keepAllLogits ?? false, counts);
  const finalContext = o.promptTokens + o.outputTokens;
  const warnings: string[] = [];
  if (m.max_position_embeddings != null && finalContext > m.max_position_embeddings) {
    warnings.push(
      `The context (${finalContext} tokens = sequence_length + output_tokens) exceeds the ${m.max_position_embeddings} tokens ${m.name} was trained for; quality may degrade.`,
    );
  }
  if (m.num_attention_heads % o.tensorParallel !== 0) {
    warnings.push(
      `tensor_parallel ${o.tensorParallel} does not divide the ${m.num_attention_heads} attention heads: serving frameworks (vLLM, TGI, TensorRT-LLM) refuse such a split; the estimate assumes an even one.`,
    );
  }
  if (m.kv_lora_rank == null && o.tensorParallel > m.num_kv_heads) {
    warnings.push(`tensor_parallel ${o.tensorParallel} exceeds the ${m.num_kv_heads} KV heads: KV heads are replicated, so the KV cache does not shrink further.`);
  }
  const fits = memory.perGpu.totalBytes <= gpu.memory_bytes;
  return {
    parameters: counts,
    attentionType: attentionType(m),
    isMoe: isMoe(m),
    // Fields listed one by one: an object spread here cost ~10 µs a call (V8's slow clone path),
    // most of a whole calculation.
    memory: {
      weightsBytes: memory.weightsBytes,
      kvCacheBytes: memory.kvCacheBytes,
      activationsBytes: memory.activationsBytes,
      systemOverheadBytes: memory.systemOverheadBytes,
      totalBytes: memory.totalBytes,
      perGpu: memory.perGpu,
      gpuMemoryBytes: gpu.memory_bytes,
      fits,
      headroomBytes: gpu.memory_bytes - memory.perGpu.totalBytes,
      bytesPerWeight: bytesPerWeight(o.weightFormat),
      bytesPerKvElement: bytesPerKvElement(o.kvCacheFormat),
      kvCacheBytesPerToken: kvElementsPerTokenPerLayer(m) * m.num_layers * bytesPerKvElement(o.kvCacheFormat),
    },
    capacity: capacityLimits(m, o, gpu.memory_bytes, counts),
    compute: {
      attentionFlops: prefill.attentionFlops,
      feedforwardFlops: prefill.feedforwardFlops,
      headFlops: prefill.headFlops,
      prefillFlops: prefill.totalFlops,
      perTokenFlops: decodeFlopsPerToken(m, finalContext, counts),
    },
    performance,
    warnings,
  };
}
