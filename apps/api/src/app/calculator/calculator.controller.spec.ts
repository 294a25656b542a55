import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, LLAMA_REQUEST, type TestApp } from '../../testing/test-app';

describe('POST /api/calculate', () => {
  let t: TestApp;
  const logLines = () => {
    try {
      return readFileSync(join(t.logDir, 'web_app_calculations.log'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers a preset request with the contract shape, defaults filled, and logs it', async () => {
    const before = logLines().length;
    const res = await request(t.app.getHttpServer()).post('/api/calculate').send(LLAMA_REQUEST).expect(200);
    const body = res.body;
    expect(body.source).toBe('web');
    expect(body.inputs).toMatchObject({ model: 'llama-3.1-8b', gpu: 'h100-sxm', sequence_length: 4096, batch_size: 1, precision: 'bf16' });
    expect(body.model_summary).toMatchObject({ name: 'Llama 3.1 8B', total_parameters: 8030261248, active_parameters: 8030261248 });
    for (const key of [
      'weights_bytes',
      'kv_cache_bytes',
      'activations_bytes',
      'system_overhead_bytes',
      'total_bytes',
      'per_gpu_bytes',
      'gpu_memory_bytes',
    ]) {
      expect(body.memory[key]).toBeGreaterThan(0);
    }
    expect(body.memory.fits).toBe(true);
    for (const key of ['attention_flops', 'feedforward_flops', 'prefill_flops', 'per_token_flops'])
      expect(body.compute[key]).toBeGreaterThan(0);
    expect(body.performance).toMatchObject({ prefill_bound: 'compute', decode_bound: 'memory' });
    expect(body.performance.tokens_per_second).toBeGreaterThan(100);
    expect(body.performance.time_for_1000_tokens_seconds).toBeGreaterThan(body.performance.prefill_latency_seconds);
    const lines = logLines();
    expect(lines.length).toBe(before + 1);
    expect(JSON.parse(lines[lines.length - 1] as string).id).toBe(body.id);
  });

  it('accepts a custom model and a custom GPU', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/calculate')
      .send({
        custom_model: {
          name: 'tiny',
          hidden_size: 1024,
          intermediate_size: 4096,
          num_layers: 8,
          num_attention_heads: 16,
          vocab_size: 32000,
        },
        custom_gpu: { name: 'box', memory_bytes: 16e9, memory_bandwidth_bytes_per_second: 5e11, peak_flops: { fp16: 1e14 } },
        precision: 'fp16',
      })
      .expect(200);
    expect(res.body.model_summary.name).toBe('tiny');
    expect(res.body.inputs.custom_model.num_kv_heads).toBe(16);
    expect(res.body.inputs.custom_model.head_dim).toBe(64);
    expect(res.body.gpu_summary.name).toBe('box');
  });

  const bad: [string, object, RegExp][] = [
    ['no model', { gpu: 'h100-sxm' }, /model or custom_model is required/],
    ['no gpu', { model: 'llama-3.1-8b' }, /gpu or custom_gpu is required/],
    [
      'unknown model, with suggestions',
      { ...LLAMA_REQUEST, model: 'lama-3.1-8b' },
      /model 'lama-3.1-8b' is not a known preset.*llama-3.1-8b/,
    ],
    ['unknown gpu', { ...LLAMA_REQUEST, gpu: 'h1000' }, /gpu 'h1000' is not a known preset/],
    [
      'unsupported precision names both',
      { ...LLAMA_REQUEST, gpu: 'v100-sxm2-32gb', precision: 'bf16' },
      /precision 'bf16' is not supported on NVIDIA V100/,
    ],
    ['string for a number', { ...LLAMA_REQUEST, batch_size: '4' }, /batch_size must be an integer/],
    ['zero batch', { ...LLAMA_REQUEST, batch_size: 0 }, /batch_size must not be less than 1/],
    ['fractional tokens', { ...LLAMA_REQUEST, sequence_length: 10.5 }, /sequence_length must be an integer/],
    ['efficiency above 1', { ...LLAMA_REQUEST, efficiency: 1.5 }, /efficiency must be in \[0\.01, 1\]/],
    ['efficiency zero', { ...LLAMA_REQUEST, memory_efficiency: 0 }, /memory_efficiency must be in \[0\.01, 1\]/],
    ['unknown precision', { ...LLAMA_REQUEST, precision: 'fp7' }, /precision must be one of the following values/],
    ['unknown key', { ...LLAMA_REQUEST, evil: 1 }, /^property evil should not exist$/m],
    [
      'misspelt key, with the closest',
      { ...LLAMA_REQUEST, compute_efficiency: 0.5 },
      /^property compute_efficiency should not exist \(did you mean efficiency\?\)$/m,
    ],
    ['misspelt key, by a letter', { ...LLAMA_REQUEST, batchsize: 4 }, /property batchsize should not exist \(did you mean batch_size\?\)/],
    [
      'misspelt nested key',
      { gpu: 'h100-sxm', custom_model: { hidden_sise: 64, intermediate_size: 128, num_layers: 1, num_attention_heads: 1, vocab_size: 10 } },
      /custom_model\.property hidden_sise should not exist \(did you mean hidden_size\?\)/,
    ],
    [
      'inconsistent GPUs',
      { ...LLAMA_REQUEST, num_gpus: 3, tensor_parallel: 2 },
      /num_gpus must be a multiple of tensor_parallel \* pipeline_parallel/,
    ],
    [
      'both model and custom_model',
      {
        ...LLAMA_REQUEST,
        custom_model: { hidden_size: 64, intermediate_size: 128, num_layers: 1, num_attention_heads: 1, vocab_size: 10 },
      },
      /either model or custom_model/,
    ],
    [
      'nested custom field',
      { gpu: 'h100-sxm', custom_model: { hidden_size: -1, intermediate_size: 128, num_layers: 1, num_attention_heads: 1, vocab_size: 10 } },
      /custom_model\.hidden_size must not be less than 1/,
    ],
    [
      'kv heads must divide heads',
      {
        gpu: 'h100-sxm',
        custom_model: { hidden_size: 96, intermediate_size: 128, num_layers: 1, num_attention_heads: 6, num_kv_heads: 4, vocab_size: 10 },
      },
      /custom_model\.num_kv_heads must divide num_attention_heads/,
    ],
    ['array body', [], /.+/],
  ];
  it.each(bad)('rejects %s with a 400 naming the field, and logs nothing', async (_name, body, message) => {
    const before = logLines().length;
    const res = await request(t.app.getHttpServer()).post('/api/calculate').send(body).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(Array.isArray(res.body.message)).toBe(true);
    expect(res.body.message.join('\n')).toMatch(message);
    expect(JSON.stringify(res.body)).not.toMatch(/\/work\/|node_modules|at \w+ \(/);
    expect(logLines().length).toBe(before);
  });

  it('rejects malformed JSON with a readable 400', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/calculate')
      .set('content-type', 'application/json')
      .send('{"model":')
      .expect(400);
    expect(res.body.message).toEqual(['the body is not valid JSON']);
  });

  it('answers 413 beyond the body limit', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/calculate')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ ...LLAMA_REQUEST, pad: 'x'.repeat(200_000) }))
      .expect(413);
    expect(res.body.statusCode).toBe(413);
  });

  it('keeps __proto__ keys from polluting prototypes', async () => {
    await request(t.app.getHttpServer())
      .post('/api/calculate')
      .set('content-type', 'application/json')
      .send('{"model":"llama-3.1-8b","gpu":"h100-sxm","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')
      .expect((r) => expect(r.status).toBeLessThan(500));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('writes exactly one readable line for each of 200 concurrent requests', async () => {
    const before = logLines().length;
    const server = t.app.getHttpServer();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        request(server)
          .post('/api/calculate')
          .send({ ...LLAMA_REQUEST, batch_size: 1 + (i % 7) }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const lines = logLines().slice(before);
    expect(lines).toHaveLength(200);
    const ids = new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id));
    expect(ids.size).toBe(200);
  });
});
