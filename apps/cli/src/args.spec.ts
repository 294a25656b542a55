import { RequestError } from '@llm-calc/contracts';
import { CalculateRequestDto, validatePlain } from '@llm-calc/dto';
import {
  annotateMessages,
  buildCalculateRequest,
  CALCULATE_OPTIONS,
  parseNumber,
  parseNumberList,
  parseOptions,
  parsePeakFlops,
  parseWordList,
  readableProblems,
  type ConfigReader,
} from './args';
import { UsageError } from './errors';

const noConfig: ConfigReader = () => {
  throw new Error('no config expected');
};

function build(argv: string[], readConfig: ConfigReader = noConfig) {
  return buildCalculateRequest(parseOptions(argv, CALCULATE_OPTIONS), readConfig);
}

function usageMessages(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof UsageError) return e.messages;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('parseNumber', () => {
  it.each([
    ['42', 42],
    ['1.5', 1.5],
    ['8e10', 8e10],
    ['3.35E12', 3.35e12],
    ['-0.3', -0.3],
    [' 7 ', 7],
    ['.5', 0.5],
  ])('reads %j', (text, value) => {
    expect(parseNumber('x', text)).toBe(value);
  });

  it.each(['12abc', '', ' ', '0x10', '1_000', 'Infinity', 'NaN', '1e999', '4k', '1,5'])('refuses %j, naming the option', (text) => {
    expect(usageMessages(() => parseNumber('batch-size', text))).toEqual([`--batch-size must be a number (got "${text}")`]);
  });
});

describe('parsePeakFlops', () => {
  it('reads FORMAT=FLOPS lists', () => {
    expect(parsePeakFlops('gpu-peak-flops', 'bf16=9.89e14, FP16=9.89e14,fp8=1.979e15')).toEqual({
      bf16: 9.89e14,
      fp16: 9.89e14,
      fp8: 1.979e15,
    });
  });

  it('names every bad entry', () => {
    expect(usageMessages(() => parsePeakFlops('gpu-peak-flops', 'bf16=lots,fp7=1e12,oops'))).toEqual([
      '--gpu-peak-flops: bf16 must be a number (got "lots")',
      expect.stringContaining('"fp7" is not a compute format'),
      expect.stringContaining('"oops" is not FORMAT=FLOPS'),
    ]);
    expect(usageMessages(() => parsePeakFlops('gpu-peak-flops', ''))[0]).toContain('--gpu-peak-flops needs at least one');
  });
});

describe('parseOptions', () => {
  it('reads kebab-case options, flags, --no- flags and inline values', () => {
    const args = parseOptions(
      ['--model', 'llama-3.1-8b', '--gpu=h100-sxm', '--no-flash-attention', '--json', '--efficiency', '-0.5', '--tie-word-embeddings=false'],
      CALCULATE_OPTIONS,
    );
    expect(args.problems).toEqual([]);
    expect(Object.fromEntries(args.values)).toEqual({
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      'flash-attention': false,
      json: true,
      efficiency: '-0.5',
      'tie-word-embeddings': false,
    });
  });

  it('collects every problem: unknown options (with suggestions), missing values, values on flags', () => {
    const args = parseOptions(['--batchsize', '4', '--json=maybe', '--model'], CALCULATE_OPTIONS);
    expect(args.problems).toEqual([
      'unknown option --batchsize (did you mean --batch-size?)',
      '--json is a flag and takes no value (got "maybe")',
      '--model needs a value (--model ID)',
    ]);
    expect(args.positionals).toEqual(['4']);
  });

  it('lets the last of repeated options win', () => {
    expect(parseOptions(['--batch-size', '2', '--batch-size', '8'], CALCULATE_OPTIONS).values.get('batch-size')).toBe('8');
  });
});

describe('buildCalculateRequest', () => {
  it('maps every request option to its snake_case field', () => {
    const { request } = build([
      '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--sequence-length', '8192', '--output-tokens', '256',
      '--batch-size', '4', '--precision', 'fp8', '--kv-cache-precision', 'fp8', '--num-gpus', '2',
      '--tensor-parallel', '2', '--pipeline-parallel', '1', '--efficiency', '0.5', '--memory-efficiency', '0.9',
      '--no-flash-attention', '--price-per-gpu-hour', '3.5',
    ]);
    expect(request).toEqual({
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      sequence_length: 8192,
      output_tokens: 256,
      batch_size: 4,
      precision: 'fp8',
      kv_cache_precision: 'fp8',
      num_gpus: 2,
      tensor_parallel: 2,
      pipeline_parallel: 1,
      efficiency: 0.5,
      memory_efficiency: 0.9,
      flash_attention: false,
      price_per_gpu_hour: 3.5,
    });
    expect(() => validatePlain(CalculateRequestDto, request)).not.toThrow();
  });

  it('assembles custom_model and custom_gpu from their options', () => {
    const { request } = build([
      '--model-name', 'tiny', '--hidden-size', '4096', '--intermediate-size', '14336', '--num-layers', '32',
      '--num-attention-heads', '32', '--num-kv-heads', '8', '--head-dim', '128', '--vocab-size', '128256',
      '--tie-word-embeddings', '--ffn-type', 'gated', '--num-experts', '8', '--experts-per-token', '2',
      '--expert-intermediate-size', '1408', '--num-shared-experts', '1', '--first-dense-layers', '1',
      '--kv-lora-rank', '512', '--qk-rope-head-dim', '64', '--sliding-window', '4096', '--sliding-window-pattern', '2',
      '--gpu-name', 'My GPU', '--gpu-memory-bytes', '48e9', '--gpu-bandwidth', '9.6e11',
      '--gpu-peak-flops', 'fp16=1.8e14,bf16=1.8e14', '--gpu-interconnect', '6.4e10',
    ]);
    expect(request).toEqual({
      custom_model: {
        name: 'tiny',
        hidden_size: 4096,
        intermediate_size: 14336,
        num_layers: 32,
        num_attention_heads: 32,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 128256,
        tie_word_embeddings: true,
        ffn_type: 'gated',
        num_experts: 8,
        experts_per_token: 2,
        expert_intermediate_size: 1408,
        num_shared_experts: 1,
        first_dense_layers: 1,
        kv_lora_rank: 512,
        qk_rope_head_dim: 64,
        sliding_window: 4096,
        sliding_window_pattern: 2,
      },
      custom_gpu: {
        name: 'My GPU',
        memory_bytes: 48e9,
        memory_bandwidth_bytes_per_second: 9.6e11,
        peak_flops: { fp16: 1.8e14, bf16: 1.8e14 },
        interconnect_bandwidth_bytes_per_second: 6.4e10,
      },
    });
    expect(() => validatePlain(CalculateRequestDto, request)).not.toThrow();
  });

  it('reports every malformed number and parse problem at once, naming the options', () => {
    const messages = usageMessages(() => build(['--model', 'x', '--sequence-length', '12abc', '--batch-size', '', '--bogus', 'extra']));
    expect(messages).toEqual([
      'unknown option --bogus',
      'calculate takes options only; unexpected argument "extra"',
      '--sequence-length must be a number (got "12abc")',
      '--batch-size must be a number (got "")',
    ]);
  });

  it('leaves ranges to the contract, whose messages then name the option', () => {
    const { request, origins } = build(['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--batch-size', '0', '--precision', 'fp7', '--num-kv-heads', '1.5']);
    let messages: string[] = [];
    try {
      validatePlain(CalculateRequestDto, request);
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      messages = annotateMessages(e.messages, origins);
    }
    expect(messages).toContain('batch_size must not be less than 1 (--batch-size)');
    expect(messages.find((m) => m.startsWith('precision must be one of'))).not.toMatch(/\(--precision\)$/);
    expect(messages.some((m) => m.startsWith('custom_model.num_kv_heads must be an integer') && m.endsWith('(--num-kv-heads)'))).toBe(true);
  });

  it('takes --config as the custom model and lets options override it', () => {
    const { request, notes, origins } = build(['--config', 'cfg/config.json', '--num-layers', '2', '--gpu', 'h100-sxm'], () => ({
      hidden_size: 64,
      intermediate_size: 256,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      vocab_size: 1000,
      tie_word_embeddings: true,
      rope_theta: 10000,
      fancy_new_thing: 1,
    }));
    expect(request['custom_model']).toEqual({
      name: 'cfg',
      hidden_size: 64,
      intermediate_size: 256,
      num_layers: 2,
      num_attention_heads: 4,
      vocab_size: 1000,
      tie_word_embeddings: true,
    });
    expect(notes).toEqual(['keys of cfg/config.json not understood (ignored): fancy_new_thing']);
    expect(origins.get('custom_model.num_layers')).toBe('--num-layers');
    expect(origins.get('custom_model.hidden_size')).toBe('cfg/config.json hidden_size');
  });
});

describe('annotateMessages', () => {
  it('names the option of the longest matching field only', () => {
    const origins = new Map([
      ['custom_model.num_kv_heads', '--num-kv-heads'],
      ['custom_gpu.peak_flops', '--gpu-peak-flops'],
    ]);
    expect(
      annotateMessages(
        ['custom_model.num_kv_heads must not be less than 1', 'custom_gpu.peak_flops.bf16 must be a positive number', 'custom_model.num_layers must be an integer number'],
        origins,
      ),
    ).toEqual([
      'custom_model.num_kv_heads must not be less than 1 (--num-kv-heads)',
      'custom_gpu.peak_flops.bf16 must be a positive number (--gpu-peak-flops)',
      'custom_model.num_layers must be an integer number',
    ]);
  });
});

describe('list options', () => {
  it('reads --values strictly, reporting every bad entry', () => {
    expect(parseNumberList('values', '1, 2,4,8e1')).toEqual([1, 2, 4, 80]);
    expect(usageMessages(() => parseNumberList('values', '1,x,0x10'))).toEqual([
      '--values: "x" is not a number (a comma-separated list such as 1,2,4,8)',
      '--values: "0x10" is not a number (a comma-separated list such as 1,2,4,8)',
    ]);
    expect(usageMessages(() => parseNumberList('values', ' , '))).toEqual(['--values needs at least one number, e.g. --values 1,2,4,8']);
  });

  it('splits --gpus on commas and drops empty entries', () => {
    expect(parseWordList(' h100-sxm,,a100-sxm-80gb ')).toEqual(['h100-sxm', 'a100-sxm-80gb']);
  });

  it('names the option of a per-element message and of a "field: ..." message', () => {
    const origins = new Map([['values', '--values']]);
    expect(annotateMessages(['each value in values must not be less than 1', 'values: 3 GPUs is not a multiple of pipeline_parallel (2)'], origins)).toEqual([
      'each value in values must not be less than 1 (--values)',
      'values: 3 GPUs is not a multiple of pipeline_parallel (2) (--values)',
    ]);
  });
});

describe('readableProblems', () => {
  function problems(argv: string[]): string[] {
    const { request, origins } = build(argv);
    try {
      validatePlain(CalculateRequestDto, request);
    } catch (e) {
      if (e instanceof RequestError) return readableProblems(e.messages, request, origins);
      throw e;
    }
    return [];
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

  it('tells how to give a model and a GPU when both are missing', () => {
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
});
