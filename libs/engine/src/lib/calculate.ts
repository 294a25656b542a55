import { assert } from './errors';
import { prefillFlops, decodeFlopsPerToken } from './flops';
import { bytesPerKvElement, bytesPerWeight } from './formats';
import { capacityLimits, memoryBreakdown, type CapacityLimits, type MemoryBreakdown } from './memory';
import { kvElementsPerTokenPerLayer } from './attention';
import { parameterCounts, attentionType, isMla, isMoe, type ParameterCounts } from './parameters';
import { estimatePerformance, type PerformanceEstimate } from './performance';
import { estimateRanges, type EstimateRanges } from './ranges';
import { checkRuntimeSupport, isProfile, runtimeWeightBits } from './runtime';
import { profileCapacity, profileMemory, profileMemoryFunction } from './runtime-memory';
import { estimateProfilePerformance, type StepCost } from './runtime-performance';
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
    /** Per GPU: the runtime's CUDA context, workspaces and CUDA-graph pools (roofline: the seed's 5% system overhead). */
    runtimeOverheadBytes: number;
    /** Per GPU: what a pool-based server (vLLM, SGLang, TensorRT-LLM) reserves at start; null otherwise. */
    reservedBytes: number | null;
    /** Per GPU: the KV pool inside the reservation; null without a pool. */
    kvPoolBytes: number | null;
    /** Tokens the KV pool holds (all sequences together); null without a pool. */
    kvPoolTokens: number | null;
    /** Per GPU: the memory this configuration may fill (the reservation for pool servers, else the capacity). */
    usableBytes: number;
    /** Host memory of offloaded layers (llama.cpp gpu_layers < num_layers), bytes. */
    hostBytes: number;
    /** Transformer layers on the GPU (num_layers unless offloading). */
    gpuLayers: number;
  };
  capacity: CapacityLimits & {
    /** llama.cpp: the most layers that fit on the GPU at this batch and context; null or absent for other runtimes. */
    maxGpuLayers?: number | null;
  };
  /** The runtime the estimate is for ('roofline' when none is given). */
  runtime: string;
  /** The per-step cost terms under a runtime profile (null for the plain roofline). */
  stepCosts: { prefill: StepCost; decode: StepCost } | null;
  /** Low-high bands from the runtime's cross-validated error spread (null without spreads). */
  ranges: EstimateRanges | null;
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
  const profile = o.runtime;
  checkRuntimeSupport(gpu, o, profile, m.num_layers);
  if (isProfile(profile)) return calculateWithProfile(input, counts);
  const memory = memoryBreakdown(m, o, counts);
  const performance = estimatePerformance(m, gpu, o, counts);
  const prefill = prefillFlops(m, o.promptTokens, o.batchSize, o.keepAllLogits ?? false, counts);
  const finalContext = o.promptTokens + o.outputTokens;
  const warnings = commonWarnings(m, o);
  const fits = memory.perGpu.totalBytes <= gpu.memory_bytes;
  const capacity = capacityLimits(m, o, gpu.memory_bytes, counts);
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
      runtimeOverheadBytes: memory.perGpu.systemOverheadBytes,
      reservedBytes: null,
      kvPoolBytes: null,
      kvPoolTokens: null,
      usableBytes: gpu.memory_bytes,
      hostBytes: 0,
      gpuLayers: m.num_layers,
    },
    capacity,
    compute: {
      attentionFlops: prefill.attentionFlops,
      feedforwardFlops: prefill.feedforwardFlops,
      headFlops: prefill.headFlops,
      prefillFlops: prefill.totalFlops,
      perTokenFlops: decodeFlopsPerToken(m, finalContext, counts),
    },
    performance,
    warnings,
    runtime: profile?.id ?? 'roofline',
    stepCosts: null,
    ranges: profile ? estimateRanges(profile, o.batchSize, performance, memory.totalBytes) : null,
  };
}

function commonWarnings(m: ModelArchitecture, o: InferenceOptions): string[] {
  const warnings: string[] = [];
  const finalContext = o.promptTokens + o.outputTokens;
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
  if (!isMla(m) && o.tensorParallel > m.num_kv_heads) {
    warnings.push(
      `tensor_parallel ${o.tensorParallel} exceeds the ${m.num_kv_heads} KV heads: KV heads are replicated, so the KV cache does not shrink further.`,
    );
  }
  return warnings;
}

/**
 * Whether a GPU name is an AMD Instinct (CDNA) data-center part (MI100, MI250X, MI300X...), whose
 * HIP backend llama.cpp's profile does not model (its calibration leaves those runs out).
 */
export function isAmdInstinct(gpuName: string): boolean {
  return /Instinct|\bMI[123]\d\d/.test(gpuName);
}

/** The estimate under a runtime profile (runtime-performance.ts, runtime-memory.ts). */
function calculateWithProfile(input: CalculationInput, counts: ParameterCounts): CalculationResult {
  const { model: m, gpu, options: o } = input;
  const profile = o.runtime as NonNullable<InferenceOptions['runtime']>;
  const f = profileMemoryFunction(m, o, counts, profile, gpu);
  const memory = profileMemory(m, gpu, o, counts, profile, f);
  const perf = estimateProfilePerformance(m, gpu, o, counts, profile);
  const capacity = profileCapacity(m, gpu, o, counts, profile, f);
  const prefill = perf.prefillFlops;
  const warnings = commonWarnings(m, o);
  const gpuLayers = o.gpuLayers ?? m.num_layers;
  if (gpuLayers < m.num_layers) {
    warnings.push(`${m.num_layers - gpuLayers} of ${m.num_layers} layers run from host memory: decode is bound by host bandwidth.`);
  }
  if (profile.id === 'llama.cpp' && isAmdInstinct(gpu.name)) {
    warnings.push(
      'llama.cpp on AMD Instinct (HIP on CDNA) is not calibrated: its figures assume the efficiency of the CUDA kernels; a measured run (MI300X, Dec 2023) decoded at 13% of peak bandwidth.',
    );
  }
  if (profile.id === 'transformers' && m.num_experts > 1) {
    warnings.push(
      "HF transformers' eager MoE layers loop over the experts in Python, which this profile does not model: a measured run (Qwen3-30B-A3B, bf16, H20) decoded at 1.9 tok/s, about 16x below this kind of estimate.",
    );
  }
  if (profile.id === 'transformers' && o.weightFormat === 'int8') {
    warnings.push(
      "HF transformers' 8-bit loading (bitsandbytes LLM.int8, load_in_8bit) is not the weight-only int8 kernel this estimate assumes: measured batch-1 decode ran at 0.43-0.96x of the same model in bf16 (bitsandbytes benchmarks), not faster.",
    );
  }
  if (memory.kvPoolBytes !== null && memory.kvPoolBytes < 0) {
    warnings.push(
      `${profile.name} reserves ${(memory.usableBytes / 2 ** 30).toFixed(1)} GiB per GPU: weights, activations and overheads leave no KV pool.`,
    );
  }
  const performance: PerformanceEstimate = {
    computeFormat: perf.computeFormat,
    prefill: perf.prefill,
    decode: perf.decode,
    perTokenLatencySeconds: perf.perTokenLatencySeconds,
    tokensPerSecond: perf.tokensPerSecond,
    aggregateTokensPerSecond: perf.aggregateTokensPerSecond,
    prefillLatencySeconds: perf.prefillLatencySeconds,
    timeFor1000TokensSeconds: perf.timeFor1000TokensSeconds,
    totalLatencySeconds: perf.totalLatencySeconds,
    ridgePointFlopsPerByte: perf.ridgePointFlopsPerByte,
  };
  return {
    parameters: counts,
    attentionType: attentionType(m),
    isMoe: isMoe(m),
    memory: {
      weightsBytes: memory.weightsBytes,
      kvCacheBytes: memory.kvCacheBytes,
      activationsBytes: memory.activationsBytes,
      systemOverheadBytes: memory.systemOverheadBytes,
      totalBytes: memory.totalBytes,
      perGpu: memory.perGpu,
      gpuMemoryBytes: gpu.memory_bytes,
      fits: memory.fits,
      headroomBytes: memory.usableBytes - memory.perGpu.totalBytes,
      bytesPerWeight: runtimeWeightBits(profile, o.weightFormat) / 8,
      bytesPerKvElement: bytesPerKvElement(o.kvCacheFormat),
      kvCacheBytesPerToken: kvElementsPerTokenPerLayer(m) * m.num_layers * bytesPerKvElement(o.kvCacheFormat),
      runtimeOverheadBytes: memory.runtimeOverheadBytes,
      reservedBytes: memory.reservedBytes,
      kvPoolBytes: memory.kvPoolBytes,
      kvPoolTokens: memory.kvPoolTokens,
      usableBytes: memory.usableBytes,
      hostBytes: memory.hostBytes,
      gpuLayers,
    },
    capacity,
    compute: {
      attentionFlops: prefill.attentionFlops,
      feedforwardFlops: prefill.feedforwardFlops,
      headFlops: prefill.headFlops,
      prefillFlops: prefill.totalFlops,
      perTokenFlops: decodeFlopsPerToken(m, o.promptTokens + o.outputTokens, counts),
    },
    performance,
    warnings,
    runtime: profile.id,
    stepCosts: { prefill: perf.prefillCost, decode: perf.decodeCost },
    ranges: estimateRanges(profile, o.batchSize, performance, memory.totalBytes),
  };
}
