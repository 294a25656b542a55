import { UsageError } from '../errors';
import { parseOptions } from './parse';
import { CALCULATE_OPTIONS, GPUS_OPTION, SWEEP_OPTIONS } from './tables';
import { parseNumber, parseNumberList, parsePeakFlops, parseWordList } from './values';

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
      [
        '--model',
        'llama-3.1-8b',
        '--gpu=h100-sxm',
        '--no-flash-attention',
        '--json',
        '--efficiency',
        '-0.5',
        '--tie-word-embeddings=false',
      ],
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

  it('refuses an option given twice, naming it once, flags and --no- forms included', () => {
    const args = parseOptions(
      ['--batch-size', '2', '--batch-size', '8', '--batch-size', '9', '--flash-attention', '--no-flash-attention'],
      CALCULATE_OPTIONS,
    );
    expect(args.problems).toEqual([
      '--batch-size is given more than once: give it once',
      '--flash-attention is given more than once: give it once',
    ]);
    expect(args.values.get('batch-size')).toBe('2');
  });

  it('joins the values of a list option given twice', () => {
    const args = parseOptions(
      ['--values', '1,2', '--values', '4', '--gpus', 'h100-sxm', '--gpus', 'mi300x'],
      [...SWEEP_OPTIONS, GPUS_OPTION],
    );
    expect(args.problems).toEqual([]);
    expect(args.values.get('values')).toBe('1,2,4');
    expect(args.values.get('gpus')).toBe('h100-sxm,mi300x');
  });

  it('reads an argument starting with -- after a value option as the next option, not as its value', () => {
    const args = parseOptions(['--config', '--gpu', 'h100-sxm', '--model', '--', 'x'], CALCULATE_OPTIONS);
    expect(args.problems).toEqual(['--config needs a value (--config PATH)', '--model needs a value (--model ID)']);
    expect(args.values.get('gpu')).toBe('h100-sxm');
    expect(args.values.has('config')).toBe(false);
    expect(args.positionals).toEqual(['x']);
    // Negative numbers and explicit inline values are still values.
    const values = parseOptions(['--efficiency', '-0.5', '--model-name=--odd'], CALCULATE_OPTIONS);
    expect(values.problems).toEqual([]);
    expect(values.values.get('efficiency')).toBe('-0.5');
    expect(values.values.get('model-name')).toBe('--odd');
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
});
