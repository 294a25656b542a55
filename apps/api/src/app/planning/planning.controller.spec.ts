import request from 'supertest';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe('planning endpoints', () => {
  let t: TestApp;
  const post = (path: string, body: unknown) =>
    request(t.app.getHttpServer())
      .post(path)
      .send(body as object);
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('POST /api/compare ranks GPUs, marks unsupported precisions and names the cheapest fit', async () => {
    const res = await post('/api/compare', { model: 'llama-3.1-8b', precision: 'fp8', gpus: ['h100-sxm', 'a100-sxm-80gb', 'l40s'] }).expect(
      200,
    );
    const byId = Object.fromEntries(res.body.results.map((r: { gpu: string }) => [r.gpu, r]));
    expect(byId['a100-sxm-80gb']).toMatchObject({ supported: false, fits: false });
    expect(byId['a100-sxm-80gb'].reason).toMatch(/fp8.*A100/);
    expect(byId['h100-sxm']).toMatchObject({ supported: true, fits: true });
    expect(byId['h100-sxm'].cost_per_million_tokens).toBeGreaterThan(0);
    expect(['h100-sxm', 'l40s']).toContain(res.body.cheapest_fitting);
  });

  it('POST /api/compare covers every preset when gpus is absent and rejects unknown ids', async () => {
    const all = await post('/api/compare', { model: 'llama-3.1-8b' }).expect(200);
    expect(all.body.results.length).toBeGreaterThanOrEqual(32);
    const bad = await post('/api/compare', { model: 'llama-3.1-8b', gpus: ['h100-sxm', 'nope'] }).expect(400);
    expect(bad.body.message[0]).toMatch(/gpu 'nope'/);
  });

  it('POST /api/compare with fewest_gpus gives each GPU the fewest of its kind that fit, agreeing with /api/fit', async () => {
    const gpus = ['h100-sxm', 'h200-sxm', 'rtx-4090', 'mi300x'];
    const res = await post('/api/compare', { model: 'llama-3.1-70b', precision: 'bf16', gpus, fewest_gpus: true }).expect(200);
    for (const r of res.body.results as {
      gpu: string;
      fits: boolean;
      num_gpus: number;
      tensor_parallel: number;
      pipeline_parallel: number;
      cost_per_hour: number;
    }[]) {
      const fit = await post('/api/fit', { model: 'llama-3.1-70b', precision: 'bf16', gpu: r.gpu }).expect(200);
      expect(r).toMatchObject({ fits: true, num_gpus: fit.body.min_gpus, tensor_parallel: fit.body.min_gpus, pipeline_parallel: 1 });
      // The count divides the 64 heads (powers of two), and the next smaller one would not hold it.
      expect(64 % r.num_gpus).toBe(0);
      if (r.num_gpus > 1) {
        const fewer = await post('/api/calculate', {
          model: 'llama-3.1-70b',
          precision: 'bf16',
          gpu: r.gpu,
          num_gpus: r.num_gpus / 2,
        }).expect(200);
        expect(fewer.body.memory.fits).toBe(false);
      }
    }
    const byId = Object.fromEntries(res.body.results.map((r: { gpu: string }) => [r.gpu, r]));
    // 70B in bf16 is ~141 GB of weights: one MI300X (192 GB) holds it, one H100 (80 GB) does not.
    expect(byId['mi300x'].num_gpus).toBe(1);
    expect(byId['h100-sxm'].num_gpus).toBeGreaterThanOrEqual(2);
    // Seven 24 GB cards would hold it, but 64 heads do not split seven ways: eight.
    expect(byId['rtx-4090'].num_gpus).toBe(8);
    const seven = await post('/api/calculate', { model: 'llama-3.1-70b', precision: 'bf16', gpu: 'rtx-4090', num_gpus: 7 }).expect(200);
    expect(seven.body.memory.fits).toBe(true);
    expect(seven.body.warnings.join(' ')).toMatch(/tensor_parallel 7 does not divide the 64 attention heads/);
    // The hourly cost is that of all the GPUs of the entry.
    const single = await post('/api/compare', { model: 'llama-3.1-70b', precision: 'bf16', gpus: ['h100-sxm'] }).expect(200);
    expect(single.body.results[0]).toMatchObject({ fits: false, num_gpus: 1 });
    expect(byId['h100-sxm'].cost_per_hour).toBeCloseTo(single.body.results[0].cost_per_hour * byId['h100-sxm'].num_gpus, 6);
    expect(res.body.cheapest_fitting).not.toBeNull();
  });

  it('POST /api/compare refuses fewest_gpus together with a GPU count, and a non-boolean fewest_gpus', async () => {
    const both = await post('/api/compare', { model: 'llama-3.1-8b', fewest_gpus: true, num_gpus: 2 }).expect(400);
    expect(both.body.message[0]).toMatch(/fewest_gpus.*num_gpus/);
    const wrong = await post('/api/compare', { model: 'llama-3.1-8b', fewest_gpus: 'yes' }).expect(400);
    expect(wrong.body.message.join(' ')).toMatch(/fewest_gpus must be a boolean/);
    // Without fewest_gpus, num_gpus applies to every entry.
    const two = await post('/api/compare', { model: 'llama-3.1-8b', gpus: ['h100-sxm', 'l40s'], num_gpus: 2 }).expect(200);
    expect(two.body.results.map((r: { num_gpus: number }) => r.num_gpus)).toEqual([2, 2]);
  });

  it('POST /api/fit answers the limits; they agree with calculate', async () => {
    const res = await post('/api/fit', { model: 'llama-3.1-70b', gpu: 'h100-sxm', precision: 'fp8' }).expect(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'max_batch_size',
      'max_gpu_layers',
      'max_prompt_tokens',
      'max_sequence_length',
      'min_gpus',
      'runtime',
    ]);
    const calc = await post('/api/calculate', {
      model: 'llama-3.1-70b',
      gpu: 'h100-sxm',
      precision: 'fp8',
      batch_size: Math.max(1, res.body.max_batch_size),
    }).expect(200);
    expect(calc.body.memory.fits).toBe(res.body.max_batch_size >= 1);
  });

  it('POST /api/sweep varies one input; memory grows with context', async () => {
    const res = await post('/api/sweep', {
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      vary: 'sequence_length',
      values: [1024, 8192, 65536],
    }).expect(200);
    const totals = res.body.points.map((p: { total_bytes: number }) => p.total_bytes);
    expect(totals[0]).toBeLessThan(totals[1]);
    expect(totals[1]).toBeLessThan(totals[2]);
    const gpus = await post('/api/sweep', { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'num_gpus', values: [1, 2, 4] }).expect(200);
    expect(gpus.body.points[2].per_gpu_bytes).toBeLessThan(gpus.body.points[0].per_gpu_bytes);
    await post('/api/sweep', { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'batch_size', values: Array(1001).fill(1) }).expect(400);
    await post('/api/sweep', { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'heads', values: [1] }).expect(400);
    await post('/api/sweep', { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'batch_size', values: [0, 1.5] }).expect(400);
  });

  it('POST /api/calibrate fits the efficiency that reproduces a measurement', async () => {
    const res = await post('/api/calibrate', {
      model: 'llama-3-8b',
      gpu: 'rtx-4090',
      precision: 'fp16',
      sequence_length: 1,
      output_tokens: 512,
      measured_tokens_per_second: 54.84,
    }).expect(200);
    expect(res.body.parameter).toBe('memory_efficiency');
    expect(res.body.fitted_efficiency).toBeGreaterThan(0.7);
    expect(res.body.fitted_efficiency).toBeLessThan(0.95);
    const check = await post('/api/calculate', {
      model: 'llama-3-8b',
      gpu: 'rtx-4090',
      precision: 'fp16',
      sequence_length: 1,
      output_tokens: 512,
      memory_efficiency: res.body.fitted_efficiency,
    }).expect(200);
    const rate = 512 / (check.body.performance.total_latency_seconds - check.body.performance.prefill_latency_seconds);
    expect(rate).toBeCloseTo(54.84, 1);
    const impossible = await post('/api/calibrate', {
      model: 'llama-3-8b',
      gpu: 'rtx-4090',
      measured_tokens_per_second: 1e6,
      precision: 'fp16',
    }).expect(200);
    expect(impossible.body.fitted_efficiency).toBeNull();
    await post('/api/calibrate', { model: 'llama-3-8b', gpu: 'rtx-4090' }).expect(400);
  });

  it('POST /api/training follows 6ND and shards memory under ZeRO', async () => {
    const base = { model: 'llama-3.1-8b', gpu: 'h100-sxm', num_gpus: 64, training_tokens: 1e12, activation_recompute: 'none' };
    const r0 = await post('/api/training', { ...base, zero_stage: 0 }).expect(200);
    const r3 = await post('/api/training', { ...base, zero_stage: 3 }).expect(200);
    const n = r0.body.model_summary.active_parameters;
    expect(r0.body.total_flops / (6 * n * 1e12)).toBeGreaterThan(1);
    expect(r0.body.total_flops / (6 * n * 1e12)).toBeLessThan(1.2);
    expect(r3.body.per_gpu.weights_bytes).toBeCloseTo(r0.body.per_gpu.weights_bytes / 64, 0);
    const full = await post('/api/training', { ...base, activation_recompute: 'full' }).expect(200);
    expect(full.body.total_flops).toBeGreaterThan(r0.body.total_flops * 1.3);
    expect(r0.body.cost.total_cost).toBeGreaterThan(0);
    await post('/api/training', { ...base, zero_stage: 4 }).expect(400);
    await post('/api/training', { ...base, mfu: 0 }).expect(400);
  });

  it('POST /api/import_hf_config maps a config.json and lists what it did not understand', async () => {
    const res = await post('/api/import_hf_config', {
      model_type: 'mixtral',
      hidden_size: 4096,
      intermediate_size: 14336,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      vocab_size: 32000,
      num_local_experts: 8,
      num_experts_per_tok: 2,
      tie_word_embeddings: false,
      mystery: 1,
    }).expect(200);
    expect(res.body.custom_model).toMatchObject({ num_experts: 8, experts_per_token: 2, num_kv_heads: 8, head_dim: 128 });
    expect(res.body.unknown_keys).toEqual(['mystery']);
    const bad = await post('/api/import_hf_config', { hidden_size: 'big' }).expect(400);
    expect(bad.body.message.join(' ')).toMatch(/config.json: .*hidden_size/);
  });

  it('saves, lists, loads and deletes custom models', async () => {
    const server = t.app.getHttpServer();
    const model = {
      name: 'my <b>model</b>',
      hidden_size: 1024,
      intermediate_size: 4096,
      num_layers: 8,
      num_attention_heads: 16,
      vocab_size: 32000,
    };
    await request(server).post('/api/custom_models').send(model).expect(201);
    const list = await request(server).get('/api/custom_models').expect(200);
    expect(list.body.models.map((m: { name: string }) => m.name)).toContain('my <b>model</b>');
    const one = await request(server)
      .get(`/api/custom_models/${encodeURIComponent('my <b>model</b>')}`)
      .expect(200);
    expect(one.body.model.head_dim).toBe(64);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(server)
          .post('/api/custom_models')
          .send({ ...model, name: `m${i}` })
          .expect(201),
      ),
    );
    expect((await request(server).get('/api/custom_models').expect(200)).body.models).toHaveLength(21);
    await request(server)
      .delete(`/api/custom_models/${encodeURIComponent('my <b>model</b>')}`)
      .expect(200);
    await request(server)
      .get(`/api/custom_models/${encodeURIComponent('my <b>model</b>')}`)
      .expect(404);
    await request(server)
      .post('/api/custom_models')
      .send({ ...model, name: undefined })
      .expect(400);
    await request(server)
      .post('/api/custom_models')
      .send({ ...model, hidden_size: 0 })
      .expect(400);
  });
});
