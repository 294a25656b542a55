import request from 'supertest';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe('preset endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/available_models groups models by family with stable ids', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/available_models').expect(200);
    const models = res.body.families.flatMap((f: { models: { id: string }[] }) => f.models);
    expect(models.length).toBeGreaterThanOrEqual(45);
    expect(models.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['llama-3.1-8b', 'mixtral-8x7b', 'deepseek-v3']));
  });

  it('GET /api/gpu_configs lists dense peaks per supported precision only', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/gpu_configs').expect(200);
    const gpus = res.body.families.flatMap((f: { gpus: object[] }) => f.gpus);
    expect(gpus.length).toBeGreaterThanOrEqual(32);
    const v100 = gpus.find((g: { id: string }) => g.id === 'v100-sxm2-32gb');
    expect(v100.peak_flops.bf16).toBeUndefined();
    expect(v100.supported_precisions).not.toContain('bf16');
    const h100 = gpus.find((g: { id: string }) => g.id === 'h100-sxm');
    expect(h100).toMatchObject({ memory_bytes: 80 * 2 ** 30, memory_bandwidth_bytes_per_second: 3.35e12 });
    expect(h100.peak_flops.bf16).toBeCloseTo(989.5e12, -9);
  });

  it('GET /api/model_config/:name returns the architecture, or a JSON 404 naming it', async () => {
    const ok = await request(t.app.getHttpServer()).get('/api/model_config/deepseek-v3').expect(200);
    expect(ok.body).toMatchObject({ id: 'deepseek-v3', kv_lora_rank: 512, qk_rope_head_dim: 64, num_experts: 256 });
    const missing = await request(t.app.getHttpServer()).get('/api/model_config/no-such-model').expect(404);
    expect(missing.body.message[0]).toMatch(/model 'no-such-model' is not a known preset/);
  });

  it.each(['..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(3000)])('never fails on a hostile path parameter (%#)', async (p) => {
    const res = await request(t.app.getHttpServer()).get(`/api/model_config/${p}`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/\/work\/|node_modules/);
    expect(JSON.stringify(res.body).length).toBeLessThan(1000);
  });

  it('GET /api/health answers ok; unknown /api paths are JSON 404s', async () => {
    await request(t.app.getHttpServer())
      .get('/api/health')
      .expect(200, /"status":"ok"/);
    const res = await request(t.app.getHttpServer()).get('/api/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it('serves the OpenAPI document with the DTO schemas', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/calculate',
        '/api/history',
        '/api/available_models',
        '/api/gpu_configs',
        '/api/model_config/{model_name}',
      ]),
    );
    // Property schemas come from the @nestjs/swagger compiler plugin in the webpack build;
    // the e2e suite checks them on the built server.
    expect(res.body.components.schemas).toHaveProperty('CalculateRequestDto');
  });
});

describe('CORS', () => {
  it('is off unless CORS_ORIGIN names the origins', async () => {
    const off = await createTestApp();
    const a = await request(off.app.getHttpServer()).get('/api/health').set('Origin', 'https://elsewhere.example');
    expect(a.headers['access-control-allow-origin']).toBeUndefined();
    await off.close();
    process.env['CORS_ORIGIN'] = 'https://dash.example';
    const on = await createTestApp();
    try {
      const b = await request(on.app.getHttpServer()).get('/api/health').set('Origin', 'https://dash.example');
      expect(b.headers['access-control-allow-origin']).toBe('https://dash.example');
    } finally {
      delete process.env['CORS_ORIGIN'];
      await on.close();
    }
  });
});
