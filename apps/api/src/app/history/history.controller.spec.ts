import request from 'supertest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, LLAMA_REQUEST, type TestApp } from '../../testing/test-app';

describe('GET /api/history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer();
    for (const [model, gpu, batch] of [
      ['llama-3.1-8b', 'h100-sxm', 1],
      ['mixtral-8x7b', 'h100-sxm', 4],
      ['llama-3.1-8b', 'rtx-4090', 2],
    ] as const) {
      await request(server).post('/api/calculate').send({ model, gpu, batch_size: batch, precision: 'fp16' }).expect(200);
    }
  });
  afterAll(() => t.close());

  it('returns web runs newest first with paging', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/history?page=1&page_size=2').expect(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0].inputs.gpu).toBe('rtx-4090');
    expect(res.body.skipped_lines).toBe(0);
  });

  it('filters by model, gpu and source and sorts by any column', async () => {
    const server = t.app.getHttpServer();
    expect((await request(server).get('/api/history?model=llama').expect(200)).body.total).toBe(2);
    expect((await request(server).get('/api/history?gpu=4090').expect(200)).body.total).toBe(1);
    expect((await request(server).get('/api/history?source=cli').expect(200)).body.total).toBe(0);
    const asc = await request(server).get('/api/history?sort=batch_size&order=asc').expect(200);
    expect(asc.body.items.map((i: { inputs: { batch_size: number } }) => i.inputs.batch_size)).toEqual([1, 2, 4]);
  });

  it('rejects bad paging and operator objects with a 400', async () => {
    const server = t.app.getHttpServer();
    for (const q of ['page=0', 'page_size=100000', 'page=abc', 'sort=evil', 'order=sideways', 'model[$ne]=1', 'source=db']) {
      const res = await request(server).get(`/api/history?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.message.length).toBeGreaterThan(0);
    }
  });

  it('includes CLI runs, skips torn and corrupt lines, and the next append starts a fresh line', async () => {
    const server = t.app.getHttpServer();
    const web = join(t.logDir, 'web_app_calculations.log');
    const one = (await request(server).get('/api/history?page_size=1').expect(200)).body.items[0];
    writeFileSync(join(t.logDir, 'cli_calculations.log'), JSON.stringify({ ...one, id: 'cli-1', source: 'cli' }) + '\nnot json\n');
    appendFileSync(web, '{"id":"torn","timestam');
    let res = await request(server).get('/api/history?page_size=50').expect(200);
    expect(res.body.total).toBe(4);
    expect(res.body.skipped_lines).toBe(2);
    expect((await request(server).get('/api/history?source=cli').expect(200)).body.items[0].id).toBe('cli-1');
    await request(server).post('/api/calculate').send(LLAMA_REQUEST).expect(200);
    res = await request(server).get('/api/history?page_size=50').expect(200);
    expect(res.body.total).toBe(5);
    expect(res.body.skipped_lines).toBe(2);
  });
});
