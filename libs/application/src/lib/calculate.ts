import { calculate, inferenceCost, type PhaseRoofline, type Range, type StepCost } from '@llm-calc/engine';
import { asRequestError, resolveCalculateRequest, type ResolvedCalculation } from './resolve';
import type { CalculateRequestDto } from '@llm-calc/dto';
import type { CalculateResponse, CalculationSource, PhaseRooflineWire, RangeWire } from '@llm-calc/contracts';

/** The band of a figure; a point band where the engine gave none (never under a runtime, which always has spreads). */
function band(r: Range | undefined, value: number): RangeWire {
  return r ? { low: r.low, high: r.high } : { low: value, high: value };
}

function phase(p: PhaseRoofline, cost: StepCost | undefined, computeEfficiency: number, memoryEfficiency: number): PhaseRooflineWire {
  return {
    flops: p.flops,
    bytes: p.bytes,
    compute_seconds: p.computeSeconds,
    memory_seconds: p.memorySeconds,
    communication_seconds: p.communicationSeconds,
    seconds: p.seconds,
    bound: p.bound,
    arithmetic_intensity_flops_per_byte: p.arithmeticIntensity,
    compute_efficiency: cost ? cost.computeEfficiency : computeEfficiency,
    memory_efficiency: cost ? cost.memoryEfficiency : memoryEfficiency,
  };
}

export interface RecordMeta {
  id: string;
  timestamp: string;
  source: CalculationSource;
}

/** Runs the engine on a resolved request and shapes the contract's response. */
export function respond(resolved: ResolvedCalculation, meta: RecordMeta): CalculateResponse {
  const { model, gpu, options, normalized } = resolved;
  const r = asRequestError(() => calculate({ model: model.architecture, gpu: gpu.spec, options }));
  const perf = r.performance;
  const cost = inferenceCost(normalized.price_per_gpu_hour, normalized.num_gpus, perf.aggregateTokensPerSecond);
  const ranges = r.ranges;
  const steps = r.stepCosts;
  return {
    id: meta.id,
    timestamp: meta.timestamp,
    source: meta.source,
    inputs: normalized,
    model_summary: {
      name: model.architecture.name,
      family: model.family,
      total_parameters: r.parameters.total,
      active_parameters: r.parameters.active,
      num_layers: model.architecture.num_layers,
      hidden_size: model.architecture.hidden_size,
      attention_type: r.attentionType,
      is_moe: r.isMoe,
    },
    gpu_summary: {
      name: gpu.spec.name,
      family: gpu.family,
      memory_bytes: gpu.spec.memory_bytes,
      memory_bandwidth_bytes_per_second: gpu.spec.memory_bandwidth_bytes_per_second,
      peak_flops_per_second: perf.computeFormat.peakFlopsPerSecond,
    },
    memory: {
      weights_bytes: r.memory.weightsBytes,
      kv_cache_bytes: r.memory.kvCacheBytes,
      activations_bytes: r.memory.activationsBytes,
      system_overhead_bytes: r.memory.systemOverheadBytes,
      total_bytes: r.memory.totalBytes,
      total_bytes_range: band(ranges?.memoryTotalBytes, r.memory.totalBytes),
      per_gpu_bytes: r.memory.perGpu.totalBytes,
      gpu_memory_bytes: r.memory.gpuMemoryBytes,
      fits: r.memory.fits,
      headroom_bytes: r.memory.headroomBytes,
      max_batch_size: r.capacity.maxBatchSize,
      max_sequence_length: r.capacity.maxContextTokens,
      // The prompt that context allows (the roofline's own search is not capped at the window).
      max_prompt_tokens:
        r.capacity.maxContextTokens > 0
          ? Math.min(r.capacity.maxSequenceLength, r.capacity.maxContextTokens - normalized.output_tokens)
          : 0,
      min_gpus: r.capacity.minGpus,
      runtime_overhead_bytes: r.memory.runtimeOverheadBytes,
      reserved_bytes: r.memory.reservedBytes,
      kv_pool_bytes: r.memory.kvPoolBytes,
      kv_pool_tokens: r.memory.kvPoolTokens,
      usable_bytes: r.memory.usableBytes,
      host_bytes: r.memory.hostBytes,
      gpu_layers: r.memory.gpuLayers,
      max_gpu_layers: r.capacity.maxGpuLayers ?? null,
      per_gpu: {
        weights_bytes: r.memory.perGpu.weightsBytes,
        kv_cache_bytes: r.memory.perGpu.kvCacheBytes,
        activations_bytes: r.memory.perGpu.activationsBytes,
        system_overhead_bytes: r.memory.perGpu.systemOverheadBytes,
      },
      bytes_per_weight: r.memory.bytesPerWeight,
      bytes_per_kv_element: r.memory.bytesPerKvElement,
      kv_cache_bytes_per_token: r.memory.kvCacheBytesPerToken,
    },
    compute: {
      attention_flops: r.compute.attentionFlops,
      feedforward_flops: r.compute.feedforwardFlops,
      prefill_flops: r.compute.prefillFlops,
      per_token_flops: r.compute.perTokenFlops,
      compute_precision: perf.computeFormat.format,
    },
    performance: {
      tokens_per_second: perf.tokensPerSecond,
      tokens_per_second_range: band(ranges?.tokensPerSecond, perf.tokensPerSecond),
      aggregate_tokens_per_second: perf.aggregateTokensPerSecond,
      aggregate_tokens_per_second_range: band(ranges?.aggregateTokensPerSecond, perf.aggregateTokensPerSecond),
      prefill_latency_seconds: perf.prefillLatencySeconds,
      prefill_latency_seconds_range: band(ranges?.prefillLatencySeconds, perf.prefillLatencySeconds),
      per_token_latency_seconds: perf.perTokenLatencySeconds,
      per_token_latency_seconds_range: band(ranges?.perTokenLatencySeconds, perf.perTokenLatencySeconds),
      time_for_1000_tokens_seconds: perf.timeFor1000TokensSeconds,
      time_for_1000_tokens_seconds_range: band(ranges?.timeFor1000TokensSeconds, perf.timeFor1000TokensSeconds),
      total_latency_seconds: perf.totalLatencySeconds,
      total_latency_seconds_range: band(ranges?.totalLatencySeconds, perf.totalLatencySeconds),
      prefill_bound: perf.prefill.bound,
      decode_bound: perf.decode.bound,
      ridge_point_flops_per_byte: perf.ridgePointFlopsPerByte,
      prefill: phase(perf.prefill, steps?.prefill, options.computeEfficiency, options.memoryEfficiency),
      decode: phase(perf.decode, steps?.decode, options.computeEfficiency, options.memoryEfficiency),
    },
    cost: {
      price_per_gpu_hour: cost.pricePerGpuHour,
      cost_per_hour: cost.costPerHour,
      cost_per_million_tokens: cost.costPerMillionTokens,
    },
    warnings: r.warnings,
  };
}

/** Validated DTO in, contract response out (throws RequestError for invalid combinations). */
export function calculateFromRequest(dto: CalculateRequestDto, meta: RecordMeta): CalculateResponse {
  return respond(resolveCalculateRequest(dto), meta);
}
