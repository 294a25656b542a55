import type { RuntimeProfile } from '../runtime';

/**
 * What a serving stack's scheduler does beyond the step-cost terms of its runtime profile
 * (calculation-model.md "Serving under load"): three behaviours that the batch-1 calibration of the
 * profiles cannot see, because they only show with many sequences in flight:
 *
 * - Host work per running sequence per step. vLLM and SGLang schedule, build the step's inputs
 *   (block tables, positions), sample and detokenize in Python, once per sequence per step; the
 *   GPU waits for it. vLLM's v0.6.0 post profiled Llama 3 8B on one H100 under v0.5.3: the HTTP
 *   API server took 33% and scheduling 29% of the execution time
 *   (https://blog.vllm.ai/2024/09/05/perf-update.html); v0.6 and V1 overlap part of it, and what
 *   is left grows with the sequences in the step.
 *   TensorRT-LLM's batch manager and sampler are C++ and LMDeploy's TurboMind too: no such term.
 *   One number in seconds per sequence-step, fitted on the serving measurements by
 *   tools/serving-fit.ts (leave-one-source-out cross-validated; see README "Serving accuracy").
 * - FP8 GEMMs at serving batch sizes. The profiles' low-precision factor is fitted on batch-1
 *   prefill points of every 8-bit and 4-bit format together (W8A8 int8, FP8 with per-token
 *   activation quantization at small M); steps of hundreds to thousands of tokens run FP8 tensor
 *   cores much closer to their peak (the FP8 rows of TensorRT-LLM's perf-overview imply about half the dense FP8 peak
 *   end to end). One factor for fp8, fitted by tools/serving-fit.ts like the host cost.
 * - Admission. TensorRT-LLM's default capacity scheduler policy GUARANTEED_NO_EVICT admits a
 *   request only when the KV blocks of its whole sequence (prompt + maximum output) are free, so
 *   it never preempts (https://nvidia.github.io/TensorRT-LLM/performance/performance-tuning-guide/useful-runtime-flags.html,
 *   "Capacity Scheduler Policy": GUARANTEED_NO_EVICT is the default); vLLM and SGLang admit on the prompt's blocks and preempt (recompute)
 *   when decoding runs out.
 */
export interface ServingTraits {
  /** Compute-efficiency factor of FP8 GEMMs in serving steps (replaces the profile's low-precision factor for fp8); null: the profile's. */
  fp8ComputeFactor: number | null;
  /** Host seconds per running sequence per step (scheduling, input preparation, sampling, detokenization). */
  hostSecondsPerSequence: number;
  /** Admit only with blocks for the whole sequence reserved (no preemption). */
  reserveFullSequence: boolean;
}

/** Fitted by tools/serving-fit.ts on libs/presets/reference/serving-measured.json (see there for the cross-validated errors). */
export const PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE = 7e-5;
/** Fitted by tools/serving-fit.ts (as above). */
export const SERVING_FP8_COMPUTE_FACTOR = 0.8;

const PYTHON_SCHEDULED = new Set(['vllm', 'sglang']);
const NO_EVICT = new Set(['tensorrt-llm']);

/** The serving traits of a runtime profile (none for the plain roofline or an unknown runtime). */
export function servingTraits(
  profile: RuntimeProfile | undefined,
  hostSecondsPerSequence = PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE,
  fp8ComputeFactor = SERVING_FP8_COMPUTE_FACTOR,
): ServingTraits {
  if (!profile) return { hostSecondsPerSequence: 0, reserveFullSequence: false, fp8ComputeFactor: null };
  return {
    fp8ComputeFactor,
    hostSecondsPerSequence: PYTHON_SCHEDULED.has(profile.id) ? hostSecondsPerSequence : 0,
    reserveFullSequence: NO_EVICT.has(profile.id),
  };
}
