import type { CalculateRequest, CalculateResponse } from '@llm-calc/contracts';
import { CalculateRequestDto, validatePlain } from '@llm-calc/dto';
import { calculateFromRequest } from '@llm-calc/application';

const MODELS = ['llama-3.1-8b', 'mixtral-8x7b', 'llama-3.1-70b', 'llama-2-7b'];
const GPUS = ['h100-sxm', 'rtx-4090', 'a100-sxm-80gb'];
const PRECISIONS = ['fp16', 'int8', 'fp8', 'int4'] as const;

/**
 * The i-th of a set of real calculation records (the engine's own answers), varied in model,
 * GPU, precision, batch, context, output and GPU count, one second apart from 2025-01-01.
 */
export function sampleRecord(
  i: number,
  overrides: CalculateRequest = {},
  source: 'web' | 'cli' = i % 3 === 2 ? 'cli' : 'web',
): CalculateResponse {
  const request: CalculateRequest = {
    model: MODELS[i % MODELS.length] as string,
    gpu: GPUS[i % GPUS.length] as string,
    precision: PRECISIONS[i % PRECISIONS.length],
    batch_size: 1 + ((i * 7) % 13),
    sequence_length: 512 * (1 + ((i * 5) % 7)),
    output_tokens: 64 * (1 + ((i * 3) % 5)),
    num_gpus: [1, 2, 4, 8][i % 4] as number,
    ...overrides,
  };
  if (request.precision === 'fp8' && request.gpu !== 'h100-sxm') request.precision = 'fp16';
  const dto = validatePlain(CalculateRequestDto, request);
  const timestamp = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
  return calculateFromRequest(dto, { id: `run-${String(i).padStart(5, '0')}`, timestamp, source });
}
