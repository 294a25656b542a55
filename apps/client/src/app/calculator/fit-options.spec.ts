import type { CalculateRequest, CalculateResponse, FitResponse } from '@llm-calc/contracts';
import type { WeightFormat } from '@llm-calc/engine';
import { H100, V100, calculateResponse } from '../testing/fixtures';
import { SMALLER_FORMATS, optionsFromResponse, precisionCandidates, precisionOption, roundDownContext } from './fit-options';

const request = (patch: Partial<CalculateRequest> = {}): CalculateRequest => ({ model: 'llama-3.1-70b', gpu: 'h100-sxm', ...patch });

/** A calculation that does not fit, with the limits the engine reported for it. */
function notFitting(memory: Partial<CalculateResponse['memory']>, inputs: Partial<CalculateResponse['inputs']> = {}): CalculateResponse {
  const base = calculateResponse();
  return calculateResponse({
    inputs: { ...base.inputs, ...inputs },
    memory: { ...base.memory, fits: false, headroom_bytes: -12e9, ...memory },
  });
}

describe('precisionCandidates', () => {
  it('offers every smaller format the GPU runs, least lossy first', () => {
    const hopper = SMALLER_FORMATS.filter((f) => f !== 'fp4'); // fp4 needs Blackwell
    expect(precisionCandidates(request({ precision: 'bf16' }), H100)).toEqual(hopper);
    expect(precisionCandidates(request(), H100)).toEqual(hopper); // bf16 is the default
    // The V100 has no fp8.
    expect(precisionCandidates(request({ precision: 'fp16' }), V100)).toEqual(['int8', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'int4', 'q4_0']);
  });

  it('offers only formats smaller than the current one', () => {
    expect(precisionCandidates(request({ precision: 'q4_k_m' }), H100)).toEqual(['int4', 'q4_0']); // no fp4 on Hopper
    expect(precisionCandidates(request({ precision: 'q4_k_m' }), null)).toEqual(['fp4', 'int4', 'q4_0']);
    expect(precisionCandidates(request({ precision: 'int8' }), H100)).toEqual(['q6_k', 'q5_k_m', 'q4_k_m', 'int4', 'q4_0']);
    expect(precisionCandidates(request({ precision: 'int4' }), H100)).toEqual([]);
  });

  it('without a catalogue GPU (a custom one) does not filter by support', () => {
    expect(precisionCandidates(request({ precision: 'fp32' }), null)).toEqual([...SMALLER_FORMATS]);
  });
});

describe('roundDownContext', () => {
  it('rounds down to multiples of 1,024 from 2,048 on, of 128 from 256 on', () => {
    expect(roundDownContext(6000)).toBe(5120);
    expect(roundDownContext(2048)).toBe(2048);
    expect(roundDownContext(2047)).toBe(1920);
    expect(roundDownContext(700)).toBe(640);
    expect(roundDownContext(256)).toBe(256);
  });

  it('keeps short prompts as whole tokens, at least one', () => {
    expect(roundDownContext(200.7)).toBe(200);
    expect(roundDownContext(0.4)).toBe(1);
  });

  it('never rounds up', () => {
    for (let tokens = 1; tokens < 10_000; tokens += 37) expect(roundDownContext(tokens)).toBeLessThanOrEqual(tokens);
  });
});

describe('optionsFromResponse', () => {
  it('offers nothing for a setup that fits', () => {
    expect(optionsFromResponse(calculateResponse())).toEqual([]);
  });

  it("offers a shorter prompt, a smaller batch and more GPUs from the engine's own limits", () => {
    const response = notFitting({ max_sequence_length: 7000, max_batch_size: 2, min_gpus: 4 }, { sequence_length: 16384, batch_size: 8 });
    expect(optionsFromResponse(response)).toEqual([
      {
        kind: 'context',
        label: 'Shorten the prompt to 5,120 tokens',
        detail: 'from 16,384; at most 7,000 tokens of context fit with 1,000 output tokens',
        patch: { sequence_length: 5120 },
      },
      { kind: 'batch', label: 'Batch 2 instead of 8', detail: 'the largest batch that fits at this context', patch: { batch_size: 2 } },
      {
        kind: 'gpus',
        label: '4 GPUs in tensor parallel',
        detail: 'the fewest NVIDIA H100 SXM5 80GB that hold it (4 × the hourly price)',
        patch: { num_gpus: 4, tensor_parallel: 4, pipeline_parallel: 1 },
      },
    ]);
  });

  it('leaves out what cannot help: no room for any prompt, batch 1 already, no GPU count that holds it', () => {
    // The weights alone overflow: no context or batch fits, and the GPU count cannot be raised.
    const options = optionsFromResponse(notFitting({ max_sequence_length: 0, max_batch_size: 0, min_gpus: null }));
    expect(options).toEqual([]);
    // Room for fewer tokens than the output alone: no prompt would do.
    expect(optionsFromResponse(notFitting({ max_sequence_length: 1000, max_batch_size: 0, min_gpus: null }))).toEqual([]);
  });

  it("offers llama.cpp's offload: as many layers on the GPU as fit", () => {
    const response = notFitting({ max_sequence_length: 0, max_batch_size: 0, min_gpus: null, max_gpu_layers: 58, gpu_layers: 80 });
    expect(optionsFromResponse(response)).toEqual([
      {
        kind: 'offload',
        label: 'Keep 58 layers on the GPU',
        detail: 'of 80; the others run from host memory, at its bandwidth',
        patch: { gpu_layers: 58 },
      },
    ]);
    // Not even one layer fits, or no offload (another runtime): nothing to offer.
    expect(
      optionsFromResponse(notFitting({ max_sequence_length: 0, max_batch_size: 0, min_gpus: null, max_gpu_layers: 0, gpu_layers: 80 })),
    ).toEqual([]);
    expect(optionsFromResponse(notFitting({ max_sequence_length: 0, max_batch_size: 0, min_gpus: null, max_gpu_layers: null }))).toEqual(
      [],
    );
  });

  it('does not offer the batch or GPU count the request already has', () => {
    const response = notFitting(
      { max_sequence_length: 0, max_batch_size: 4, min_gpus: 8 },
      { batch_size: 4, num_gpus: 8, tensor_parallel: 4, pipeline_parallel: 2 },
    );
    expect(optionsFromResponse(response)).toEqual([]);
  });
});

describe('precisionOption', () => {
  const fit = (max_batch_size: number): FitResponse => ({
    max_batch_size,
    max_sequence_length: 0,
    max_prompt_tokens: 0,
    min_gpus: null,
    max_gpu_layers: null,
    runtime: 'vllm',
  });
  const answers = (pairs: [WeightFormat, number][]) => pairs.map(([format, batch]) => ({ format, fit: fit(batch) }));

  it("picks the first (least lossy) format that holds the request's batch", () => {
    const option = precisionOption(
      request({ precision: 'bf16', batch_size: 2 }),
      answers([
        ['fp8', 0],
        ['int8', 1],
        ['q8_0', 3],
        ['q4_k_m', 40],
      ]),
    );
    expect(option).toEqual({
      kind: 'precision',
      label: 'Use q8_0 weights',
      detail: 'instead of bf16: fits up to batch 3; smaller formats lose some quality',
      patch: { precision: 'q8_0' },
    });
  });

  it('counts a request without a batch as batch 1', () => {
    expect(precisionOption(request(), answers([['fp8', 1]]))?.patch).toEqual({ precision: 'fp8' });
  });

  it('is null when no format holds it (or none was checked)', () => {
    expect(
      precisionOption(
        request({ batch_size: 1 }),
        answers([
          ['fp8', 0],
          ['q4_0', 0],
        ]),
      ),
    ).toBeNull();
    expect(precisionOption(request(), [])).toBeNull();
  });
});
