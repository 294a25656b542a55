/**
 * serve and recommend in-process through run(): --json is exactly the contracts' answer to the
 * same validated request (what the API sends), text output names the figures, bad options exit 2
 * naming the option.
 */
import type { RecommendResponse, ServingResponse } from '@llm-calc/contracts';
import { RecommendRequestDto, ServingRequestDto, validatePlain } from '@llm-calc/dto';
import { recommendFromRequest, servingFromRequest } from '@llm-calc/application';
import { run } from './run';

async function calc(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env: {} });
  return { code, out, err };
}

const SERVE = [
  'serve',
  '--model',
  'llama-3.1-8b',
  '--gpu',
  'h100-sxm',
  '--rate',
  '4',
  '--num-requests',
  '200',
  '--input-tokens',
  'lognormal:1024:0.6',
  '--output-tokens',
  '128-384',
  '--ttft-p90',
  '1',
  '--tpot-p90',
  '0.05',
];

describe('serve', () => {
  it('--json is the API answer to the same request (but id and timestamp)', async () => {
    const r = await calc(...SERVE, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as ServingResponse;
    const dto = validatePlain(ServingRequestDto, {
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      workload: {
        arrival: 'poisson',
        request_rate: 4,
        num_requests: 200,
        input_tokens: { distribution: 'lognormal', mean: 1024, sigma: 0.6 },
        output_tokens: { distribution: 'uniform', min: 128, max: 384 },
      },
      sla: { ttft_p90_seconds: 1, tpot_p90_seconds: 0.05 },
    });
    const expected = servingFromRequest(dto, { id: got.id, timestamp: got.timestamp, source: 'cli' });
    expect(got).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(got.source).toBe('cli');
  });

  it('prints throughput, the latency table with the TPOT definition, the pool, the SLA and cost', async () => {
    const r = await calc(...SERVE);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Llama 3\.1 8B on 1 x NVIDIA H100/);
    expect(r.out).toMatch(/requests\/s\s+\d/);
    expect(r.out).toMatch(/TTFT\s+[\d.]+ ms\s+[\d.]+ ms/);
    expect(r.out).toMatch(/excluding the first token/);
    expect(r.out).toMatch(/KV pool: [\d,]+ tokens/);
    expect(r.out).toMatch(/SLA: met; highest rate within it: [\d.]+ req\/s/);
    expect(r.out).toMatch(/Cost: \$[\d.]+\/h; per million input tokens \$/);
  });

  it('bad options exit 2, one line each, naming the option', async () => {
    const r = await calc(
      'serve',
      '--model',
      'llama-3.1-8b',
      '--gpu',
      'h100-sxm',
      '--rate',
      'fast',
      '--input-tokens',
      'lots',
      '--max-num-seqs',
      '0',
    );
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/--rate must be a number \(got "fast"\)/);
    expect(r.err).toMatch(/--input-tokens must be N, MIN-MAX or lognormal:MEAN:SIGMA/);
  });

  it('contract problems come back under the option names', async () => {
    const r = await calc('serve', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--rate', '-2', '--gpu-memory-utilization', '1.5');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: --rate must be a positive number/);
    expect(r.err).toMatch(/error: --gpu-memory-utilization must be in \[0\.05, 1\]/);
  });

  it('--runtime simulates under that runtime profile; an unknown one names the option', async () => {
    const r = await calc(...SERVE, '--runtime', 'vllm', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as ServingResponse).inputs.runtime).toBe('vllm');
    const bad = await calc(...SERVE, '--runtime', 'vlm');
    expect(bad.code).toBe(2);
    // The same rule and words as calculate's --runtime: the registry's choices.
    expect(bad.err).toMatch(/--runtime must be one of the following values: auto, roofline, llama\.cpp, vllm/);
  });

  it('requires a model and a GPU', async () => {
    const r = await calc('serve', '--rate', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--model is required/);
    expect(r.err).toMatch(/--gpu is required/);
  });
});

describe('recommend', () => {
  const REC = [
    'recommend',
    '--model',
    'llama-3.1-8b',
    '--gpus',
    'h100-sxm,l4,rtx-4090',
    '--rate',
    '6',
    '--num-requests',
    '200',
    '--input-tokens',
    '512',
    '--output-tokens',
    '128',
    '--ttft-p90',
    '1',
    '--tpot-p90',
    '0.05',
  ];

  it('--json is the API answer; the text marks the cheapest and lists rejections with reasons', async () => {
    const j = await calc(...REC, '--json');
    expect(j.code).toBe(0);
    const got = JSON.parse(j.out) as RecommendResponse;
    const dto = validatePlain(RecommendRequestDto, {
      model: 'llama-3.1-8b',
      gpus: ['h100-sxm', 'l4', 'rtx-4090'],
      workload: {
        arrival: 'poisson',
        request_rate: 6,
        num_requests: 200,
        input_tokens: { distribution: 'fixed', mean: 512 },
        output_tokens: { distribution: 'fixed', mean: 128 },
      },
      sla: { ttft_p90_seconds: 1, tpot_p90_seconds: 0.05 },
    });
    expect(got).toEqual(JSON.parse(JSON.stringify(recommendFromRequest(dto, { id: got.id, timestamp: got.timestamp, source: 'cli' }))));
    expect(got.options.length).toBeGreaterThan(0);
    const t = await calc(...REC);
    expect(t.code).toBe(0);
    expect(t.out).toContain(
      `* ${got.options[0]?.gpu} ${got.options[0]?.precision} TP${got.options[0]?.tensor_parallel} x ${got.options[0]?.replicas}`,
    );
    if (got.rejected.length) expect(t.out).toMatch(/Rejected:\n {2}\S+ \S+/);
  });

  it('an unknown GPU and a bad precision are exit 2 naming the option', async () => {
    const r = await calc('recommend', '--model', 'llama-3.1-8b', '--gpus', 'h100-sxm,h1000', '--precisions', 'fp7', '--rate', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--precisions: each value must be one of/);
  });
});
