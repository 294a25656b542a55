import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../testing/test-app';

const WORKLOAD = {
  arrival: 'poisson',
  request_rate: 4,
  num_requests: 200,
  input_tokens: { distribution: 'lognormal', mean: 1024, sigma: 0.6 },
  output_tokens: { distribution: 'lognormal', mean: 256, sigma: 0.6 },
  seed: 1,
};
const SERVING = { model: 'llama-3.1-8b', gpu: 'h100-sxm', workload: WORKLOAD, sla: { ttft_p90_seconds: 1, tpot_p90_seconds: 0.05 } };

describe('POST /api/serving and /api/recommend', () => {
  let t: TestApp;
  const logRecords = (): { kind?: string; id: string }[] => {
    try {
      return readFileSync(join(t.logDir, 'web_app_calculations.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers the contract shape with definitions, deterministic for a seed, and logs kind "serving"', async () => {
    const res = await request(t.app.getHttpServer()).post('/api/serving').send(SERVING).expect(200);
    const b = res.body;
    expect(b.kind).toBe('serving');
    expect(b.fits).toBe(true);
    for (const k of ['requests_per_second', 'output_tokens_per_second', 'total_tokens_per_second', 'output_tokens_per_second_per_gpu'])
      expect(b.throughput[k]).toBeGreaterThan(0);
    // At 4 req/s, well below saturation, the server keeps up with the load.
    expect(b.throughput.requests_per_second).toBeGreaterThan(3.5);
    expect(b.throughput.requests_per_second).toBeLessThan(4.5);
    for (const k of ['ttft_seconds', 'tpot_seconds', 'e2e_seconds']) {
      expect(b.latency[k].p50).toBeGreaterThan(0);
      expect(b.latency[k].p99).toBeGreaterThanOrEqual(b.latency[k].p90);
      expect(b.latency[k].p90).toBeGreaterThanOrEqual(b.latency[k].p50);
    }
    expect(b.kv_pool.capacity_tokens).toBeGreaterThan(100_000);
    expect(b.kv_pool.peak_used_fraction).toBeLessThanOrEqual(1);
    expect(b.sla).toMatchObject({ met: true, failures: [] });
    expect(b.sla.max_request_rate).toBeGreaterThan(4);
    expect(b.cost.cost_per_hour).toBeGreaterThan(0);
    expect(b.cost.cost_per_million_output_tokens).toBeGreaterThan(b.cost.cost_per_million_input_tokens);
    expect(b.definitions.tpot_seconds).toMatch(/excluding the first/);
    expect(b.inputs).toMatchObject({
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      tensor_parallel: 1,
      replicas: 1,
      num_gpus: 1,
      kv_cache_precision: 'bf16',
    });
    const again = await request(t.app.getHttpServer()).post('/api/serving').send(SERVING).expect(200);
    expect(again.body.latency).toEqual(b.latency);
    expect(again.body.throughput).toEqual(b.throughput);
    const logged = logRecords().find((r) => r.id === b.id);
    expect(logged?.kind).toBe('serving');
  });

  it('?log=false answers the same without logging; another log value is a 400 naming it', async () => {
    const before = logRecords().length;
    const res = await request(t.app.getHttpServer()).post('/api/serving?log=false').send(SERVING).expect(200);
    expect(res.body.kind).toBe('serving');
    expect(res.body.throughput.requests_per_second).toBeGreaterThan(3.5);
    const rec = await request(t.app.getHttpServer())
      .post('/api/recommend?log=false')
      .send({ model: 'llama-3.1-8b', gpus: ['h100-sxm'], workload: WORKLOAD, sla: SERVING.sla })
      .expect(200);
    expect(rec.body.kind).toBe('recommend');
    expect(logRecords().length).toBe(before);
    const bad = await request(t.app.getHttpServer()).post('/api/serving?log=maybe').send(SERVING).expect(400);
    expect(bad.body.message).toEqual(['log must be true or false']);
    expect(logRecords().length).toBe(before);
  });

  it('answers the load curves with the knee when asked', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/serving')
      .send({ ...SERVING, curves: true })
      .expect(200);
    const c = res.body.curves;
    expect(c.latency_vs_rate.length).toBeGreaterThan(5);
    expect(c.throughput_vs_concurrency[0].concurrency).toBe(1);
    const rates = c.latency_vs_rate.map((p: { request_rate: number }) => p.request_rate);
    expect([...rates].sort((x: number, y: number) => x - y)).toEqual(rates);
    expect(c.knee_request_rate === null || c.knee_request_rate > 0).toBe(true);
  });

  it('takes a runtime profile: its step costs, pool and block size; an unknown one is a 400 naming runtime', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/serving')
      .send({ ...SERVING, runtime: 'tensorrt-llm' })
      .expect(200);
    expect(res.body.inputs).toMatchObject({ runtime: 'tensorrt-llm', step_overhead_seconds: null });
    expect(res.body.inputs.scheduler.block_size).toBe(64);
    const plain = await request(t.app.getHttpServer()).post('/api/serving').send(SERVING).expect(200);
    // auto, as calculate: vLLM on a datacenter GPU.
    expect(plain.body.inputs.runtime).toBe('vllm');
    const roofline = await request(t.app.getHttpServer())
      .post('/api/serving')
      .send({ ...SERVING, runtime: 'roofline' })
      .expect(200);
    expect(roofline.body.inputs).toMatchObject({ runtime: 'roofline', step_overhead_seconds: 0.0003 });
    expect(res.body.latency.tpot_seconds.p50).not.toBe(plain.body.latency.tpot_seconds.p50);
    const bad = await request(t.app.getHttpServer())
      .post('/api/serving')
      .send({ ...SERVING, runtime: 'vlm' })
      .expect(400);
    expect(bad.body.message[0]).toMatch(/^runtime must be one of the following values: auto, roofline, llama\.cpp, vllm/);
  });

  it('a deployment that does not fit is an answer, not an error', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/serving')
      .send({ ...SERVING, model: 'llama-3.1-70b', gpu: 'rtx-4090' })
      .expect(200);
    expect(res.body.fits).toBe(false);
    expect(res.body.reason).toMatch(/weights per GPU leave no KV pool/);
    expect(res.body.sla.met).toBe(false);
  });

  const bad: [string, object, RegExp][] = [
    ['no workload', { model: 'llama-3.1-8b', gpu: 'h100-sxm' }, /^workload should not be null or undefined/],
    ['bad arrival', { ...SERVING, workload: { ...WORKLOAD, arrival: 'burst' } }, /^workload\.arrival must be one of/],
    [
      'poisson without a rate',
      { ...SERVING, workload: { ...WORKLOAD, request_rate: undefined } },
      /^workload\.request_rate is required for poisson/,
    ],
    ['negative rate', { ...SERVING, workload: { ...WORKLOAD, request_rate: -1 } }, /^workload\.request_rate must be a positive number/],
    [
      'uniform without max',
      { ...SERVING, workload: { ...WORKLOAD, input_tokens: { distribution: 'uniform', min: 5 } } },
      /^workload\.input_tokens\.max is required for uniform/,
    ],
    [
      'lognormal sigma too large',
      { ...SERVING, workload: { ...WORKLOAD, output_tokens: { distribution: 'lognormal', mean: 10, sigma: 9 } } },
      /^workload\.output_tokens\.sigma must not be greater than 3/,
    ],
    [
      'utilization above 1',
      { ...SERVING, scheduler: { gpu_memory_utilization: 1.5 } },
      /^scheduler\.gpu_memory_utilization must be in \[0\.05, 1\]/,
    ],
    ['unknown scheduler key', { ...SERVING, scheduler: { max_seqs: 4 } }, /^scheduler\.property max_seqs should not exist/],
    ['sla not a number', { ...SERVING, sla: { ttft_p90_seconds: 'fast' } }, /^sla\.ttft_p90_seconds must be a number/],
    ['unknown gpu', { ...SERVING, gpu: 'h1000' }, /gpu 'h1000' is not a known preset/],
    ['precision the GPU cannot run', { ...SERVING, gpu: 'a100-sxm-80gb', precision: 'fp8' }, /'fp8' is not supported on NVIDIA A100/],
    [
      'num_gpus not a multiple of tp',
      { ...SERVING, tensor_parallel: 2, num_gpus: 3 },
      /num_gpus \(3\) must be a multiple of tensor_parallel \(2\)/,
    ],
  ];
  it.each(bad)('400 naming the field: %s (nothing logged)', async (_name, body, message) => {
    const before = logRecords().length;
    const res = await request(t.app.getHttpServer()).post('/api/serving').send(body).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(res.body.message.some((m: string) => message.test(m))).toBe(true);
    expect(logRecords().length).toBe(before);
  });

  it('recommend: options meet the SLA cheapest first, rejected ones say why, logged kind "recommend"', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/recommend')
      .send({
        model: 'llama-3.1-70b',
        gpus: ['h100-sxm', 'a100-sxm-80gb', 'rtx-4090', 'l4'],
        workload: { ...WORKLOAD, request_rate: 2 },
        sla: { ttft_p90_seconds: 2, tpot_p90_seconds: 0.08 },
      })
      .expect(200);
    const b = res.body;
    expect(b.kind).toBe('recommend');
    expect(b.options.length).toBeGreaterThan(0);
    expect(b.best).toEqual(b.options[0]);
    for (let i = 1; i < b.options.length; i++)
      expect(b.options[i].cost.cost_per_hour).toBeGreaterThanOrEqual(b.options[i - 1].cost.cost_per_hour);
    for (const o of b.options) {
      expect(o.latency.ttft_seconds.p90).toBeLessThanOrEqual(2);
      expect(o.latency.tpot_seconds.p90).toBeLessThanOrEqual(0.08);
      expect(o.num_gpus).toBe(o.tensor_parallel * o.replicas);
    }
    expect(b.rejected.some((r: { gpu: string; reason: string }) => r.gpu === 'rtx-4090' && r.reason === 'does not fit')).toBe(true);
    expect(
      b.rejected.some((r: { gpu: string; reason: string }) => r.gpu === 'a100-sxm-80gb' && r.reason === 'precision not supported'),
    ).toBe(true);
    expect(logRecords().find((r) => r.id === b.id)?.kind).toBe('recommend');
  }, 60_000);

  it('recommend: bad input is a 400 naming the field', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/recommend')
      .send({ model: 'llama-3.1-8b', workload: WORKLOAD, precisions: ['fp7'], max_gpus: 0 })
      .expect(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^each value in precisions must be one of/),
        expect.stringMatching(/^max_gpus must not be less than 1/),
      ]),
    );
  });
});
