import type { CalculateRequest, CalculateResponse, FitResponse, GpuListItem } from '@llm-calc/contracts';
import { bytesPerWeight, type WeightFormat } from '@llm-calc/engine';
import { formatCount } from '../shared/format.pipes';

/**
 * "How could it fit": the nearest changes to a request that does not fit in GPU memory, one per
 * kind (weights precision, context, batch, more GPUs). Context, batch and GPU count come from
 * the calculation itself (max_sequence_length, max_batch_size, min_gpus); a smaller precision
 * is checked with POST /api/fit, which computes without logging.
 */

/** Inputs a suggestion changes, by request field. */
export type FitPatch = Partial<
  Pick<
    CalculateRequest,
    'precision' | 'sequence_length' | 'batch_size' | 'num_gpus' | 'tensor_parallel' | 'pipeline_parallel' | 'gpu_layers'
  >
>;

export interface FitOption {
  kind: 'precision' | 'context' | 'batch' | 'gpus' | 'offload';
  /** What to do, as a button label ("Use q4_k_m weights"). */
  label: string;
  /** What it costs or means. */
  detail: string;
  patch: FitPatch;
}

/** Smaller weight formats, from the least to the most lossy. */
export const SMALLER_FORMATS: readonly WeightFormat[] = ['fp8', 'int8', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'fp4', 'int4', 'q4_0'];

/** The formats worth checking: supported by the GPU and smaller than the request's. */
export function precisionCandidates(request: CalculateRequest, gpu: GpuListItem | null): WeightFormat[] {
  // Effective bytes per weight (scales included) are the engine's one table.
  const current = bytesPerWeight(request.precision ?? 'bf16');
  return SMALLER_FORMATS.filter((f) => bytesPerWeight(f) < current && (!gpu || gpu.supported_precisions.includes(f)));
}

/** A prompt length that is a round number: 6,000 -> 5,120 (multiples of 1,024), 700 -> 640. */
export function roundDownContext(tokens: number): number {
  if (tokens >= 2048) return Math.floor(tokens / 1024) * 1024;
  if (tokens >= 256) return Math.floor(tokens / 128) * 128;
  return Math.max(1, Math.floor(tokens));
}

/** The options the calculation's own answer gives (no request needed). */
export function optionsFromResponse(response: CalculateResponse): FitOption[] {
  if (response.memory.fits) return [];
  const { inputs, memory } = response;
  const options: FitOption[] = [];
  const prompt = memory.max_sequence_length - inputs.output_tokens;
  if (memory.max_sequence_length > 0 && prompt >= 1) {
    const tokens = roundDownContext(prompt);
    options.push({
      kind: 'context',
      label: `Shorten the prompt to ${formatCount(tokens)} tokens`,
      detail: `from ${formatCount(inputs.sequence_length)}; at most ${formatCount(memory.max_sequence_length)} tokens of context fit with ${formatCount(inputs.output_tokens)} output tokens`,
      patch: { sequence_length: tokens },
    });
  }
  if (memory.max_batch_size >= 1 && memory.max_batch_size < inputs.batch_size) {
    options.push({
      kind: 'batch',
      label: `Batch ${formatCount(memory.max_batch_size)} instead of ${formatCount(inputs.batch_size)}`,
      detail: 'the largest batch that fits at this context',
      patch: { batch_size: memory.max_batch_size },
    });
  }
  // llama.cpp: fewer layers on the GPU, the rest read from host memory (slower, but it runs).
  if (memory.max_gpu_layers !== null && memory.max_gpu_layers >= 1 && memory.max_gpu_layers < memory.gpu_layers) {
    const layers = memory.max_gpu_layers;
    options.push({
      kind: 'offload',
      label: `Keep ${formatCount(layers)} layers on the GPU`,
      detail: `of ${formatCount(memory.gpu_layers)}; the others run from host memory, at its bandwidth`,
      patch: { gpu_layers: layers },
    });
  }
  if (memory.min_gpus !== null && memory.min_gpus > inputs.tensor_parallel * inputs.pipeline_parallel) {
    const n = memory.min_gpus;
    options.push({
      kind: 'gpus',
      label: `${formatCount(n)} GPUs in tensor parallel`,
      detail: `the fewest ${response.gpu_summary.name} that hold it (${formatCount(n)} × the hourly price)`,
      patch: { num_gpus: n, tensor_parallel: n, pipeline_parallel: 1 },
    });
  }
  return options;
}

/** The option for the first (least lossy) format that fits, given each format's /api/fit answer. */
export function precisionOption(
  request: CalculateRequest,
  answers: readonly { format: WeightFormat; fit: FitResponse }[],
): FitOption | null {
  const batch = request.batch_size ?? 1;
  const found = answers.find((a) => a.fit.max_batch_size >= batch);
  if (!found) return null;
  return {
    kind: 'precision',
    label: `Use ${found.format} weights`,
    detail: `instead of ${request.precision ?? 'bf16'}: fits up to batch ${formatCount(found.fit.max_batch_size)}; smaller formats lose some quality`,
    patch: { precision: found.format },
  };
}
