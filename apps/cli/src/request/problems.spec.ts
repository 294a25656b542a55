import { RequestError } from '@llm-calc/contracts';
import { CalculateRequestDto, SweepRequestDto, TrainingRequestDto, validatePlain } from '@llm-calc/dto';
import { parseOptions } from '../options/parse';
import { CALCULATE_FORM, CALCULATE_OPTIONS, SWEEP_FORM } from '../options/tables';
import { buildCalculateRequest } from './build';
import { LEGACY_CODE, problemsOf, RequestProblems, validateRequest, type RequestProblem } from './contract-problems';
import { annotate, cliWording, originOf, readableProblems } from './problems';

function problemsFor<T extends object>(cls: new () => T, plain: unknown): readonly RequestProblem[] {
  try {
    validateRequest(cls, plain);
  } catch (e) {
    if (e instanceof RequestProblems) return e.problems;
    throw e;
  }
  return [];
}

function messagesOf<T extends object>(cls: new () => T, plain: unknown): string[] {
  try {
    validatePlain(cls, plain);
  } catch (e) {
    if (e instanceof RequestError) return e.messages;
    throw e;
  }
  return [];
}

describe('validateRequest (the adapter to the contracts)', () => {
  const bad: [string, new () => object, unknown][] = [
    ['empty', CalculateRequestDto, {}],
    ['ranges', CalculateRequestDto, { model: 'llama-3.1-8b', gpu: 'h100-sxm', batch_size: 0, precision: 'fp7', efficiency: 1.5 }],
    ['custom model', CalculateRequestDto, { custom_model: { hidden_size: 64, num_layers: 0, num_kv_heads: 1.5 }, gpu: 'h100-sxm' }],
    [
      'unknown keys',
      CalculateRequestDto,
      { model: 'llama-3.1-8b', gpu: 'h100-sxm', compute_efficiency: 1, custom_gpu: { memory_bytes: 'x', bogus: 1 } },
    ],
    ['each value', SweepRequestDto, { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'batch_size', values: [0, 1.5] }],
    ['training', TrainingRequestDto, { model: 'llama-3.1-8b', gpu: 'h100-sxm', zero_stage: 5, mfu: 0 }],
    ['not an object', CalculateRequestDto, [1]],
  ];

  it.each(bad)('%s: the same sentences as validatePlain, in the same order', (_name, cls, plain) => {
    const problems = problemsFor(cls, plain);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.text)).toEqual(messagesOf(cls, plain));
  });

  it('gives each problem its request path and constraint name', () => {
    const problems = problemsFor(CalculateRequestDto, {
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      batch_size: 0,
      compute_efficiency: 1,
      custom_gpu: { memory_bytes: 'x' },
    });
    expect(problems).toContainEqual({ field: 'batch_size', code: 'min', text: 'batch_size must not be less than 1' });
    expect(problems).toContainEqual(expect.objectContaining({ field: 'compute_efficiency', code: 'whitelistValidation' }));
    expect(problems.find((p) => p.field === 'compute_efficiency')?.text).toContain('did you mean efficiency');
    expect(problems.filter((p) => p.field === 'custom_gpu.memory_bytes').map((p) => p.code)).toContain('isNumber');
    const each = problemsFor(SweepRequestDto, { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'batch_size', values: [0] });
    expect(each).toEqual([expect.objectContaining({ field: 'values', code: 'min', text: 'each value in values must not be less than 1' })]);
  });

  it('takes structured problems from a RequestError when it carries them, else the field each line starts with', () => {
    const structured = Object.assign(new RequestError(400, ['x']), { problems: [{ field: 'gpu', code: 'unknownPreset', text: 'x' }] });
    expect(problemsOf(structured)).toEqual([{ field: 'gpu', code: 'unknownPreset', text: 'x' }]);
    expect(
      problemsOf(new RequestError(400, ['values: 3 GPUs is not a multiple of pipeline_parallel (2)', "model 'x' is not a known preset."])),
    ).toEqual([
      { field: 'values', code: LEGACY_CODE, text: 'values: 3 GPUs is not a multiple of pipeline_parallel (2)' },
      { field: 'model', code: LEGACY_CODE, text: "model 'x' is not a known preset." },
    ]);
  });
});

describe('annotate', () => {
  const origins = new Map([
    ['custom_model.num_kv_heads', '--num-kv-heads'],
    ['custom_gpu.peak_flops', '--gpu-peak-flops'],
    ['values', '--values'],
  ]);

  it('names the option of the field, or of the longest field it lies under', () => {
    expect(originOf('custom_model.num_kv_heads', origins)).toBe('--num-kv-heads');
    expect(originOf('custom_gpu.peak_flops.bf16', origins)).toBe('--gpu-peak-flops');
    expect(originOf('custom_model.num_layers', origins)).toBeUndefined();
    expect(originOf('custom_model', origins)).toBeUndefined();
    expect(
      annotate(
        { field: 'custom_gpu.peak_flops.bf16', code: 'isPositive', text: 'custom_gpu.peak_flops.bf16 must be a positive number' },
        origins,
      ),
    ).toBe('custom_gpu.peak_flops.bf16 must be a positive number (--gpu-peak-flops)');
    expect(
      annotate({ field: 'custom_model.num_layers', code: 'isInt', text: 'custom_model.num_layers must be an integer number' }, origins),
    ).toBe('custom_model.num_layers must be an integer number');
  });

  it('decides by the field, not the words: a sentence naming another field does not mislead it', () => {
    expect(annotate({ field: 'values', code: 'min', text: 'each value in values must not be less than 1' }, origins)).toBe(
      'each value in values must not be less than 1 (--values)',
    );
    expect(annotate({ field: 'batch_size', code: 'min', text: 'custom_model.num_kv_heads is mentioned here' }, origins)).toBe(
      'custom_model.num_kv_heads is mentioned here',
    );
  });

  it('points to commands instead of endpoints', () => {
    expect(cliWording("model 'x' is not a known preset. (GET /api/available_models lists them)")).toBe(
      "model 'x' is not a known preset. (list-models lists them)",
    );
  });
});

describe('readableProblems', () => {
  function problems(argv: string[]): string[] {
    const { request, origins } = buildCalculateRequest(parseOptions(argv, CALCULATE_OPTIONS), () => ({}));
    return readableProblems(problemsFor(CalculateRequestDto, request), request, origins, CALCULATE_FORM);
  }

  it('says once that a missing field is required, naming its option', () => {
    expect(problems(['--hidden-size', '64', '--num-layers', '0', '--gpu', 'h100-sxm']).sort()).toEqual(
      [
        'custom_model.intermediate_size is required (--intermediate-size)',
        'custom_model.num_layers must not be less than 1 (--num-layers)',
        'custom_model.num_attention_heads is required (--num-attention-heads)',
        'custom_model.vocab_size is required (--vocab-size)',
      ].sort(),
    );
  });

  it('tells how to give a model and a GPU when both are missing (the isDefined sentence)', () => {
    expect(problems([]).sort()).toEqual([
      'gpu or custom_gpu is required (--gpu ID or --gpu-memory-bytes, --gpu-bandwidth and --gpu-peak-flops)',
      'model or custom_model is required (--model ID, --config config.json or custom model options such as --hidden-size)',
    ]);
  });

  it('keeps messages about given values word for word, with their option', () => {
    expect(problems(['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--output-tokens', '-1'])).toEqual([
      'output_tokens must not be less than 0 (--output-tokens)',
    ]);
  });

  it('names --values for per-element problems of sweep', () => {
    const request = { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'batch_size', values: [0] };
    expect(readableProblems(problemsFor(SweepRequestDto, request), request, new Map([['values', '--values']]), SWEEP_FORM)).toEqual([
      'each value in values must not be less than 1 (--values)',
    ]);
  });
});
