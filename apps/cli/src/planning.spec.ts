/**
 * The planning commands in-process through run() with a fake Io (a CLI start costs seconds; the
 * process tests keep one spawn of these for the wiring). --json is checked against the contracts'
 * own functions on the same validated request, i.e. exactly what the API answers.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CalibrateResponse,
  type CompareResponse,
  type CompareResult,
  type FitResponse,
  type SweepResponse,
  type TrainingResponse,
} from '@llm-calc/contracts';
import {
  CalculateRequestDto,
  CalibrateRequestDto,
  CompareRequestDto,
  FitRequestDto,
  SweepRequestDto,
  TrainingRequestDto,
  validatePlain,
} from '@llm-calc/dto';
import { calculateFromRequest, calibrate, compareGpus, fitLimits, sweep, training } from '@llm-calc/application';
import { sortCompareResults } from './planning-report';
import { run } from './run';

let logDir: string;
beforeAll(() => {
  logDir = mkdtempSync(join(tmpdir(), 'llm-calc-cli-planning-'));
});
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

async function calc(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env: { LOG_DIR: logDir } });
  return { code, out, err };
}

async function json<T>(...argv: string[]): Promise<T> {
  const r = await calc(...argv, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as T;
}

/** Exit 2, nothing on stdout, and the stderr lines. */
async function refused(...argv: string[]): Promise<string> {
  const r = await calc(...argv);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^error: /);
  return r.err;
}

const MODEL_8B = ['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm'];

describe('compare', () => {
  const FP8_70B = ['compare', '--model', 'llama-3.1-70b', '--precision', 'fp8', '--gpus', 'h100-sxm,a100-sxm-80gb,h200-sxm'];

  it('prints a table with fitting GPUs first, the unsupported ones with their reason, and the cheapest that fits', async () => {
    const r = await calc(...FP8_70B);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Llama 3\.1 70B on 3 GPU types\nruntime vllm \| fp8 weights/);
    expect(r.out).toMatch(/GPU\s+GPUS\s+FITS\s+PER-GPU \/ CAPACITY \(GB\)\s+TOK\/S\s+AGGREGATE TOK\/S\s+PREFILL\s+\$\/H\s+\$\/M TOKENS/);
    // 70B in fp8 needs ~74 GB under vLLM: within 0.9 of an H100's 80 GiB (85.9 GB) and of an H200's
    // 141 GiB (151 GB); the H200 is faster, so cheaper per token.
    expect(r.out).toMatch(
      /\n {2}h200-sxm\s+1\s+yes\s+[\d.]+ \/ 151\s+[\d.]+\s+[\d.]+\s+[\d.]+ ms\s+\$\d+\.\d\d\s+\$\d+\.\d\d\n {2}h100-sxm\s+1\s+yes\s+[\d.]+ \/ 85\.9\s/,
    );
    expect(r.out).toMatch(/Unsupported \(1 GPU\):\n {2}a100-sxm-80gb\s+precision 'fp8' is not supported on NVIDIA A100 80GB SXM4\n/);
    expect(r.out).toMatch(/Cheapest that fits: .+ \(h200-sxm\), \$\d+\.\d\d per million tokens/);
  });

  it('--json is the API response: results in the order asked, fp8 marked unsupported on a100-sxm-80gb', async () => {
    const body = await json<CompareResponse>(...FP8_70B);
    const dto = validatePlain(CompareRequestDto, {
      model: 'llama-3.1-70b',
      precision: 'fp8',
      gpus: ['h100-sxm', 'a100-sxm-80gb', 'h200-sxm'],
    });
    expect(body).toEqual(compareGpus(dto));
    expect(body.results.map((g) => g.gpu)).toEqual(['h100-sxm', 'a100-sxm-80gb', 'h200-sxm']);
    const a100 = body.results[1];
    expect(a100).toMatchObject({ supported: false, fits: false, cost_per_million_tokens: null });
    expect(a100.reason).toMatch(/fp8/);
    expect(body.cheapest_fitting).toBe('h200-sxm');
    expect(Object.keys(body.results[0]).sort()).toEqual(
      [
        'aggregate_tokens_per_second',
        'cost_per_hour',
        'cost_per_million_tokens',
        'cost_per_million_tokens_range',
        'aggregate_tokens_per_second_range',
        'tokens_per_second_range',
        'runtime',
        'family',
        'fits',
        'gpu',
        'gpu_memory_bytes',
        'name',
        'num_gpus',
        'per_gpu_bytes',
        'pipeline_parallel',
        'prefill_latency_seconds',
        'reason',
        'supported',
        'tensor_parallel',
        'tokens_per_second',
      ].sort(),
    );
  });

  it('--fewest-gpus gives each GPU the fewest of its kind that fit, and says so', async () => {
    const args = ['compare', '--model', 'llama-3.1-70b', '--gpus', 'h100-sxm,mi300x', '--fewest-gpus'];
    const r = await calc(...args);
    expect(r.code).toBe(0);
    expect(r.out).toContain('the fewest GPUs of each type that fit (tensor parallel)');
    // bf16 70B (~141 GB of weights) needs two H100s (80 GiB each) and one MI300X (192 GiB).
    expect(r.out).toMatch(/\n {2}h100-sxm\s+2\s+yes\s/);
    expect(r.out).toMatch(/\n {2}mi300x\s+1\s+yes\s/);
    const body = await json<CompareResponse>(...args);
    expect(body.results.map((g) => [g.gpu, g.num_gpus, g.fits])).toEqual([
      ['h100-sxm', 2, true],
      ['mi300x', 1, true],
    ]);
    expect(await refused(...args, '--num-gpus', '2')).toContain('fewest_gpus chooses the GPU count');
  });

  it('compares every preset when --gpus is absent', async () => {
    const body = await json<CompareResponse>('compare', '--model', 'llama-3.1-8b');
    expect(body.results.length).toBeGreaterThan(10);
    expect(body.cheapest_fitting).not.toBeNull();
  });

  it('sorts fitting rows by cost, then rows that do not fit, then unsupported ones; unpriced last in a group', () => {
    const row = (gpu: string, supported: boolean, fits: boolean, cost: number | null): CompareResult => ({
      gpu,
      name: gpu,
      family: 'f',
      supported,
      reason: supported ? null : 'no',
      fits,
      num_gpus: 1,
      tensor_parallel: 1,
      pipeline_parallel: 1,
      per_gpu_bytes: 1,
      gpu_memory_bytes: 1,
      tokens_per_second: 1,
      aggregate_tokens_per_second: 1,
      prefill_latency_seconds: 1,
      cost_per_hour: cost,
      cost_per_million_tokens: cost,
      runtime: 'vllm',
      tokens_per_second_range: null,
      aggregate_tokens_per_second_range: null,
      cost_per_million_tokens_range: null,
    });
    const sorted = sortCompareResults([
      row('u', false, false, null),
      row('n1', true, false, 1),
      row('f-null', true, true, null),
      row('f5', true, true, 5),
      row('f2', true, true, 2),
    ]);
    expect(sorted.map((r) => r.gpu)).toEqual(['f2', 'f5', 'f-null', 'n1', 'u']);
  });

  it('names an unknown id in --gpus with the closest ids, and refuses --gpu', async () => {
    expect(await refused('compare', '--model', 'llama-3.1-8b', '--gpus', 'h100-sxn,a100-sxm-80gb')).toMatch(
      /^error: gpu 'h100-sxn' is not a known preset\. Did you mean: h100-sxm.*\(list-gpus lists them\) \(--gpus\)\n$/,
    );
    expect(await refused('compare', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm')).toContain('unknown option --gpu (did you mean --gpus');
    expect(await refused('compare', '--model', 'llama-3.1-8b', '--gpus', ',')).toBe(
      'error: gpus must contain at least 1 elements (--gpus)\n',
    );
    expect(await refused('compare', '--gpus', 'h100-sxm')).toContain('model or custom_model is required (--model ID');
  });
});

describe('fit', () => {
  it('prints the largest batch, the longest prompt and the fewest GPUs, as calculate computes them', async () => {
    const r = await calc('fit', ...MODEL_8B);
    expect(r.code).toBe(0);
    const memory = calculateFromRequest(validatePlain(CalculateRequestDto, { model: 'llama-3.1-8b', gpu: 'h100-sxm' }), {
      id: '',
      timestamp: '',
      source: 'cli',
    }).memory;
    expect(r.out).toMatch(/^Llama 3\.1 8B on NVIDIA H100/);
    expect(r.out).toMatch(new RegExp(`Largest batch at a 4,096-token prompt\\s+${memory.max_batch_size} sequences`));
    expect(r.out).toMatch(new RegExp(`Longest prompt at batch 1\\s+${memory.max_sequence_length.toLocaleString('en-US')} tokens`));
    expect(r.out).toMatch(/Fewest GPUs \(tensor parallel dividing the heads, pipeline 1\)\s+1\n/);
  });

  it('--json is the API response', async () => {
    const argv = ['fit', '--model', 'llama-3.1-70b', '--gpu', 'a100-sxm-80gb', '--sequence-length', '32768'];
    const body = await json<FitResponse>(...argv);
    expect(body).toEqual(fitLimits(validatePlain(FitRequestDto, { model: 'llama-3.1-70b', gpu: 'a100-sxm-80gb', sequence_length: 32768 })));
    expect(Object.keys(body).sort()).toEqual([
      'max_batch_size',
      'max_gpu_layers',
      'max_prompt_tokens',
      'max_sequence_length',
      'min_gpus',
      'runtime',
    ]);
    expect(body.max_batch_size).toBe(0);
    expect(body.min_gpus).toBeGreaterThan(1);
  });

  it('refuses bad input like calculate, every problem at once', async () => {
    const err = await refused('fit', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--batch-size', '12abc', '--bogus', 'extra');
    expect(err.split('\n').filter(Boolean).sort()).toEqual(
      [
        'error: --batch-size must be a number (got "12abc")',
        'error: fit takes options only; unexpected argument "extra"',
        'error: unknown option --bogus',
      ].sort(),
    );
    expect(await refused('fit', '--model', 'llama-3.1-8b')).toContain('gpu or custom_gpu is required (--gpu ID');
  });
});

describe('sweep', () => {
  it('prints one row per value: total and per-GPU GB, fits, tokens/s and aggregate', async () => {
    const r = await calc('sweep', ...MODEL_8B, '--vary', 'batch_size', '--values', '1,8,1024');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/batch_size varied over 3 values/);
    expect(r.out).toMatch(/batch_size\s+TOTAL \(GB\)\s+PER GPU \(GB\)\s+FITS\s+TOK\/S\s+AGGREGATE TOK\/S/);
    expect(r.out).toMatch(/\n {2}1\s+[\d.]+\s+[\d.]+\s+yes\s+[\d.]+\s+[\d.]+\n {2}8\s+[\d.]+\s+[\d.]+\s+yes\s/);
    expect(r.out).toMatch(/\n {2}1,024\s+[\d,.]+\s+[\d,.]+\s+NO\s/);
    expect(r.out).toContain('GPU memory: 85.9 GB (80 GiB) per GPU.');
  });

  it('--json is the API response; --vary also takes kebab-case', async () => {
    const body = await json<SweepResponse>('sweep', ...MODEL_8B, '--vary', 'num-gpus', '--values', '1,2,4,8');
    expect(body).toEqual(
      sweep(validatePlain(SweepRequestDto, { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'num_gpus', values: [1, 2, 4, 8] })),
    );
    expect(body.vary).toBe('num_gpus');
    expect(body.points.map((p) => p.value)).toEqual([1, 2, 4, 8]);
    expect(Object.keys(body.points[0]).sort()).toEqual(
      [
        'aggregate_tokens_per_second',
        'fits',
        'gpu_memory_bytes',
        'per_gpu_bytes',
        'tokens_per_second',
        'tokens_per_second_range',
        'total_bytes',
        'value',
      ].sort(),
    );
    // More GPUs share the same total: per-GPU memory goes down.
    expect(body.points[3].per_gpu_bytes).toBeLessThan(body.points[0].per_gpu_bytes);
  });

  it('refuses a bad --vary or --values, naming the option', async () => {
    expect(await refused('sweep', ...MODEL_8B, '--vary', 'heads', '--values', '1,2')).toBe(
      'error: vary must be one of the following values: batch_size, sequence_length, num_gpus\n',
    );
    expect(await refused('sweep', ...MODEL_8B, '--vary', 'batch_size', '--values', '0,2')).toBe(
      'error: each value in values must not be less than 1 (--values)\n',
    );
    expect(await refused('sweep', ...MODEL_8B, '--vary', 'batch_size', '--values', '1,x,2.5')).toBe(
      'error: --values: "x" is not a number (a comma-separated list such as 1,2,4,8)\n',
    );
    expect(await refused('sweep', ...MODEL_8B, '--vary', 'batch_size', '--values', '1.5')).toBe(
      'error: each value in values must be an integer number (--values)\n',
    );
    expect(await refused('sweep', ...MODEL_8B)).toBe('error: vary is required (--vary)\nerror: values is required (--values)\n');
    expect(await refused('sweep', ...MODEL_8B, '--vary', 'num_gpus', '--values', '3', '--pipeline-parallel', '2')).toBe(
      'error: values: 3 GPUs is not a multiple of pipeline_parallel (2) (--values)\n',
    );
  });
});

describe('calibrate', () => {
  it('fits the memory efficiency to a measured decode speed', async () => {
    const r = await calc('calibrate', ...MODEL_8B, '--measured-tokens-per-second', '120');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Measured\s+120 tok\/s \(single-sequence decode\)/);
    expect(r.out).toMatch(/Calibrates\s+memory_efficiency \(--memory-efficiency\)/);
    expect(r.out).toMatch(/Fitted efficiency\s+0\.\d{3}\n/);
    expect(r.out).toMatch(/Current error\s+\+[\d.]+% \(estimate vs measured\)/);
    expect(r.out).toMatch(/memory_efficiency 0\.\d{3} reproduces 120 tokens\/s\.\nUse it: --memory-efficiency 0\.\d{3}\n/);
  });

  it('fits the compute efficiency to a measured prefill; --json is the API response', async () => {
    const body = await json<CalibrateResponse>('calibrate', ...MODEL_8B, '--measured-prefill-seconds', '0.1');
    expect(body).toEqual(
      calibrate(validatePlain(CalibrateRequestDto, { model: 'llama-3.1-8b', gpu: 'h100-sxm', measured_prefill_seconds: 0.1 })),
    );
    expect(body).toMatchObject({ parameter: 'efficiency', measured: 0.1, unit: 'seconds' });
    expect(body.fitted_efficiency).toBeGreaterThan(0);
    expect(body.message).toMatch(/^efficiency 0\.\d{3} reproduces a prefill of 0\.1 s\.$/);
  });

  it('says when even 100% cannot reach the measurement (exit 0: the answer is the check)', async () => {
    const r = await calc('calibrate', ...MODEL_8B, '--measured-tokens-per-second', '1e6');
    expect(r.code).toBe(0);
    expect(r.out).toContain('none (even 100% cannot reach the measurement)');
    expect(r.out).toContain('check the configuration');
    expect(r.out).not.toContain('Use it:');
  });

  it('needs exactly one measurement', async () => {
    expect(await refused('calibrate', ...MODEL_8B)).toBe(
      'error: measured_tokens_per_second or measured_prefill_seconds is required (--measured-tokens-per-second N or --measured-prefill-seconds S)\n',
    );
    expect(await refused('calibrate', ...MODEL_8B, '--measured-tokens-per-second', '100', '--measured-prefill-seconds', '1')).toContain(
      'not both',
    );
    expect(await refused('calibrate', ...MODEL_8B, '--measured-prefill-seconds', '-1')).toBe(
      'error: measured_prefill_seconds must not be less than 1e-6 (--measured-prefill-seconds)\n',
    );
  });
});

describe('train', () => {
  const TRAIN = ['train', '--model', 'llama-3.1-70b', '--gpu', 'h100-sxm', '--num-gpus', '1024', '--training-tokens', '15e12'];

  it('prints FLOPs, time, GPU-hours, cost and the per-GPU memory breakdown', async () => {
    const r = await calc(...TRAIN, '--zero-stage', '3', '--activation-recompute', 'full');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Training Llama 3\.1 70B \(70\.6B parameters\) on 1,024 x NVIDIA H100/);
    expect(r.out).toMatch(/bf16 \| 15T tokens \| sequence 4,096 \| micro-batch 1 \| ZeRO-3 \| full activation recompute \| MFU 40%/);
    expect(r.out).toMatch(/Total compute\s+\d\.\d\de24 FLOP\n/);
    expect(r.out).toMatch(/Time\s+[\d.]+ days \([\d,.]+ h\)\n/);
    expect(r.out).toMatch(/GPU-hours\s+[\d,]+\n/);
    expect(r.out).toMatch(/Cost\s+\$[\d,]+ at \$\d+\.\d\d per GPU-hour\n/);
    for (const label of ['Weights', 'Gradients', 'Optimizer states', 'Activations', 'Total', 'GPU memory']) {
      expect(r.out).toMatch(new RegExp(`\\n {2}${label}\\s+[\\d.]+ [kMG]B\\n`));
    }
    expect(r.out).toMatch(/Fits\s+(yes, [\d.]+ [MG]B headroom|NO, does not fit: [\d.]+ [MG]B over) per GPU\n/);
  });

  it('--json is the API response and reads 15e12 tokens', async () => {
    const body = await json<TrainingResponse>(...TRAIN, '--precision', 'fp8', '--mfu', '0.35', '--price-per-gpu-hour', '2');
    const dto = validatePlain(TrainingRequestDto, {
      model: 'llama-3.1-70b',
      gpu: 'h100-sxm',
      num_gpus: 1024,
      training_tokens: 15e12,
      precision: 'fp8',
      mfu: 0.35,
      price_per_gpu_hour: 2,
    });
    expect(body).toEqual(training(dto));
    expect(body.inputs).toMatchObject({ training_tokens: 15e12, precision: 'fp8', mfu: 0.35, zero_stage: 1 });
    expect(body.cost.total_cost).toBeCloseTo(body.gpu_hours * 2);
    expect(Object.keys(body).sort()).toEqual(
      ['cost', 'fits', 'gpu_hours', 'gpu_memory_bytes', 'inputs', 'model_summary', 'per_gpu', 'time_seconds', 'total_flops'].sort(),
    );
  });

  it('refuses bad training options, naming each', async () => {
    expect(await refused('train', ...MODEL_8B, '--zero-stage', '5')).toBe(
      'error: zero_stage must be one of the following values: 0, 1, 2, 3 (--zero-stage)\n',
    );
    expect(await refused('train', ...MODEL_8B, '--mfu', '0')).toBe('error: mfu must be in [0.01, 1]\n');
    expect(await refused('train', ...MODEL_8B, '--training-tokens', '1T')).toBe('error: --training-tokens must be a number (got "1T")\n');
    expect(await refused('train', ...MODEL_8B, '--activation-recompute', 'some')).toBe(
      'error: activation_recompute must be one of the following values: none, selective, full (--activation-recompute)\n',
    );
    expect(await refused('train', ...MODEL_8B, '--precision', 'q4_k_m')).toContain(
      'precision must be one of the following values: fp32, bf16, fp16, fp8',
    );
    expect(await refused('train', '--gpu', 'h100-sxm')).toContain('model or custom_model is required (--model ID');
    expect(await refused('train', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxn')).toMatch(
      /gpu 'h100-sxn' is not a known preset.*h100-sxm/,
    );
  });
});

describe('planning commands', () => {
  it.each(['compare', 'fit', 'sweep', 'calibrate', 'train'])('help for %s has examples and says it is not logged', async (command) => {
    const viaHelp = await calc('help', command);
    const viaFlag = await calc(command, '--help');
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toContain(`Usage: calc ${command} `);
    expect(viaHelp.out).toContain(`Examples:\n  calc ${command} `);
    expect(viaHelp.out).toContain('Not logged to the history (only calculate is).');
    expect(viaFlag.out).toBe(viaHelp.out);
  });

  it('are listed in the usage', async () => {
    const r = await calc('help');
    for (const command of ['compare', 'fit', 'sweep', 'calibrate', 'train']) expect(r.out).toMatch(new RegExp(`\\n {2}${command}\\s+\\S`));
  });

  it('never write the history log', () => {
    // Every test above ran with LOG_DIR = logDir.
    expect(existsSync(join(logDir, 'cli_calculations.log'))).toBe(false);
  });
});
