import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { get as httpGet, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { configureApp, type AppOptions } from './setup';

/**
 * Issue 14's request-level holes, against the real application (all modules, pipes, filter,
 * middleware): Host allow-list, API_TOKEN, 415/405, body bounds before validation, prototype
 * keys, strict history query numbers; issue 13's static serving and compression.
 */
interface Harness {
  app: NestExpressApplication;
  logDir: string;
  http: () => ReturnType<typeof request>;
  logged: () => number;
}

const clientDir = mkdtempSync(join(tmpdir(), 'llm-calc-client-'));
const BUNDLE = `console.log(${JSON.stringify('x'.repeat(4000))});\n`.repeat(4);
writeFileSync(
  join(clientDir, 'index.html'),
  '<!doctype html><html><body><app-root></app-root><script src="main-ABCD1234.js"></script></body></html>',
);
writeFileSync(join(clientDir, 'main-ABCD1234.js'), BUNDLE);
writeFileSync(join(clientDir, 'styles-ZYXW9876.css'), 'body{}');
writeFileSync(join(clientDir, 'favicon.ico'), 'icon');

async function harness(options: AppOptions = {}): Promise<Harness> {
  const logDir = mkdtempSync(join(tmpdir(), 'llm-calc-api-'));
  process.env['LOG_DIR'] = logDir;
  process.env['DATA_DIR'] = join(logDir, 'data');
  process.env['CLIENT_DIR'] = clientDir;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app, options);
  await app.init();
  const logged = () => {
    try {
      return readFileSync(join(logDir, 'web_app_calculations.log'), 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  return { app, logDir, http: () => request(app.getHttpServer()), logged };
}

const LLAMA = { model: 'llama-3.1-8b', gpu: 'h100-sxm' };
const MODEL = { name: 'tiny', hidden_size: 512, intermediate_size: 1024, num_layers: 2, num_attention_heads: 8, vocab_size: 1000 };
const HF = {
  hidden_size: 512,
  intermediate_size: 1024,
  num_hidden_layers: 2,
  num_attention_heads: 8,
  vocab_size: 1000,
  model_type: 'llama',
};
const POSTS = [
  '/api/calculate',
  '/api/compare',
  '/api/fit',
  '/api/sweep',
  '/api/calibrate',
  '/api/training',
  '/api/custom_models',
  '/api/import_hf_config',
];
const deep = (n: number) => '{"custom_model":' + '{"a":'.repeat(n) + '1' + '}'.repeat(n) + ',"gpu":"h100-sxm"}';

describe('hardened defaults (loopback bind, no token)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.app.close());

  describe('Host allow-list (item 8)', () => {
    it.each(['evil.example', 'evil.example:5000', 'localhost.evil.example', ''])(
      'refuses Host %p with 403 on the API and the client',
      async (host) => {
        for (const path of ['/api/health', '/api/history', '/']) {
          const res = await h.http().get(path).set('Host', host);
          expect(res.status).toBe(403);
          expect(res.body.message[0]).toMatch(/is not allowed.*ALLOWED_HOSTS/);
        }
        const del = await h.http().delete('/api/custom_models/x').set('Host', host);
        expect(del.status).toBe(403);
      },
    );

    it.each(['localhost', 'localhost:5000', '127.0.0.1:5000', '[::1]:5000', 'app.localhost', '192.168.1.20:5000'])(
      'answers Host %p',
      async (host) => {
        await h.http().get('/api/health').set('Host', host).expect(200);
      },
    );
  });

  describe('method and media type', () => {
    it.each([
      ['put', '/api/calculate', 'POST'],
      ['get', '/api/calculate', 'POST'],
      ['delete', '/api/history', 'GET, HEAD'],
      ['put', '/api/custom_models/x', 'DELETE, GET, HEAD'],
      ['patch', '/api/health', 'GET, HEAD'],
    ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
      const res = await (h.http() as unknown as Record<string, (p: string) => request.Test>)[method]?.(path);
      expect(res?.status).toBe(405);
      expect(res?.headers['allow']).toBe(allow);
      expect(res?.body.message[0]).toMatch(/is not allowed on .*; use /);
    });

    it('an unknown path stays 404', async () => {
      await h.http().get('/api/nope').expect(404);
      await h.http().post('/api/nope').send({}).expect(404);
    });

    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'model=llama-3.1-8b&gpu=h100-sxm'],
      ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
    ])('a %s body on every POST is 415, never "gpu is required"', async (type, body) => {
      for (const path of POSTS) {
        const res = await h.http().post(path).set('content-type', type).send(body);
        expect(res.status).toBe(415);
        expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
        expect(res.body.message[0]).toMatch(/must be JSON/);
      }
    });

    it('application/json with a charset and +json types are JSON', async () => {
      await h
        .http()
        .post('/api/calculate?log=false')
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(LLAMA))
        .expect(200);
      await h
        .http()
        .post('/api/calculate?log=false')
        .set('content-type', 'application/merge-patch+json')
        .send(JSON.stringify(LLAMA))
        .expect(200);
    });
  });

  describe('body bounds before validation (items 11, 12, 13)', () => {
    it('3,000-deep JSON is a 400 on every POST, not a stack overflow', async () => {
      for (const path of POSTS) {
        const res = await h.http().post(path).set('content-type', 'application/json').send(deep(3000));
        expect(res.status).toBe(400);
        expect(res.body.message[0]).toMatch(/nested deeper than 16 levels/);
      }
    });

    it('8,000 unknown keys: a short 400 about the count, not 8,000 lines', async () => {
      const body: Record<string, unknown> = { ...LLAMA };
      for (let i = 0; i < 8000; i++) body[`k${i}`] = 1;
      const before = h.logged();
      const res = await h.http().post('/api/calculate').send(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['the body has more than 500 keys']);
      expect(res.text.length).toBeLessThan(300);
      expect(h.logged()).toBe(before);
    });

    it('many unknown keys under the bound: at most 20 problems and a count of the rest', async () => {
      const body: Record<string, unknown> = { ...LLAMA };
      for (let i = 0; i < 300; i++) body[`k${i}`] = 1;
      const res = await h.http().post('/api/calculate').send(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toHaveLength(21);
      expect(res.body.message[20]).toBe('… and 280 more problems');
    });

    it('a 5,000-character key is refused and echoed truncated', async () => {
      const key = 'k'.repeat(5000);
      const res = await h
        .http()
        .post('/api/calculate')
        .send({ ...LLAMA, [key]: 1 });
      expect(res.status).toBe(400);
      expect(res.body.message[0]).toMatch(/^property k{40}… should not exist \(a key of 5000 characters; at most 100\)$/);
      expect(res.text.length).toBeLessThan(300);
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'a top-level %s key is refused like any unknown key, and nothing is logged',
      async (key) => {
        const before = h.logged();
        const res = await h
          .http()
          .post('/api/calculate')
          .set('content-type', 'application/json')
          .send(`{"model":"llama-3.1-8b","gpu":"h100-sxm","${key}":{"polluted":true}}`);
        expect(res.status).toBe(400);
        expect(res.body.message).toEqual([`property ${key} should not exist`]);
        expect(h.logged()).toBe(before);
        const nested = await h
          .http()
          .post('/api/import_hf_config')
          .set('content-type', 'application/json')
          .send(`{"text_config":{"${key}":1}}`);
        expect(nested.body.message).toEqual([`text_config.property ${key} should not exist`]);
      },
    );

    it('an object where the HF mapper expects a number is a 400 or a note, never a 500 (moe_layer_freq toString)', async () => {
      const alone = await h
        .http()
        .post('/api/import_hf_config')
        .send({ moe_layer_freq: { toString: 1 } });
      expect(alone.status).toBe(400);
      const withMoe = await h
        .http()
        .post('/api/import_hf_config')
        .send({ ...HF, first_k_dense_replace: 1, moe_layer_freq: { toString: 1 } });
      expect(withMoe.status).toBeLessThan(500);
    });
  });

  describe('history query numbers (Smaller)', () => {
    it.each(['page=1e3', 'page_size=0x10', 'page=1.0', 'page=%2012', 'page_size=+5'])('%s is a 400 naming the field once', async (q) => {
      const res = await h.http().get(`/api/history?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toHaveLength(1);
      expect(res.body.message[0]).toMatch(/^page(_size)? must be a whole number in decimal digits$/);
    });

    it('decimal numbers still work, bounds still apply', async () => {
      await h.http().get('/api/history?page=2&page_size=10').expect(200);
      const res = await h.http().get('/api/history?page_size=501');
      expect(res.body.message).toEqual(['page_size must not be greater than 500']);
    });

    it.each(['model=a&model=b', 'page=1&page=2', 'sort=model&sort=gpu', 'q=x&q=y'])('%s says the parameter was repeated', async (q) => {
      const res = await h.http().get(`/api/history?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([`${q.split('=')[0]} must be given once (it was repeated)`]);
    });
  });

  describe('static client (issue 13)', () => {
    it('serves index.html with no-cache at / and at the app routes (deep links)', async () => {
      for (const path of ['/', '/visualize', '/compare?model=llama-3.1-8b', '/training']) {
        const res = await h.http().get(path).expect(200);
        expect(res.text).toContain('<app-root>');
        expect(res.headers['cache-control']).toBe('no-cache');
      }
    });

    it('caches hashed bundles for a year and revalidates other files', async () => {
      const js = await h.http().get('/main-ABCD1234.js').expect(200);
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const css = await h.http().get('/styles-ZYXW9876.css').expect(200);
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const icon = await h.http().get('/favicon.ico').expect(200);
      expect(icon.headers['cache-control']).toBe('no-cache');
    });

    it.each(['/main.js.map', '/.env', '/main-ABCD1234.js.map', '/assets/missing.png', '/api/nope.js'])(
      'a missing file %s is a 404, not index.html',
      async (path) => {
        const res = await h.http().get(path);
        expect(res.status).toBe(404);
        expect(res.text).not.toContain('<app-root>');
      },
    );
  });

  describe('compression (issue 13)', () => {
    /** A raw HTTP GET (supertest would decode the body itself). */
    const get = async (path: string, encoding?: string) => {
      const server = h.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      return new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) => {
        httpGet({ host: '127.0.0.1', port, path, headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    };

    it('brotli and gzip by Accept-Encoding, for bundles and API answers, with Vary', async () => {
      for (const path of ['/main-ABCD1234.js', '/api/available_models', '/api/gpu_configs']) {
        const br = await get(path, 'gzip, deflate, br');
        expect(br.res.headers['content-encoding']).toBe('br');
        expect(br.res.headers['vary']).toMatch(/Accept-Encoding/);
        const plain = brotliDecompressSync(br.body);
        const gz = await get(path, 'gzip');
        expect(gz.res.headers['content-encoding']).toBe('gzip');
        expect(gunzipSync(gz.body).equals(plain)).toBe(true);
        expect(br.body.length).toBeLessThan(plain.length / 2);
        const none = await get(path);
        expect(none.res.headers['content-encoding']).toBeUndefined();
        expect(none.body.equals(plain)).toBe(true);
      }
    });

    it('small answers and refused encodings are sent as they are', async () => {
      expect((await get('/api/health', 'br')).res.headers['content-encoding']).toBeUndefined();
      expect((await get('/api/available_models', 'br;q=0, gzip;q=0')).res.headers['content-encoding']).toBeUndefined();
    });

    it('a Range request gets the plain bytes asked for', async () => {
      const res = await h.http().get('/main-ABCD1234.js').set('Accept-Encoding', 'br').set('Range', 'bytes=0-99');
      expect(res.status).toBe(206);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.text).toBe(BUNDLE.slice(0, 100));
    });

    it('a compressed calculate answer decodes to the same JSON', async () => {
      const res = await h.http().post('/api/calculate?log=false').set('Accept-Encoding', 'gzip').send(LLAMA).expect(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.body.model_summary.name).toBe('Llama 3.1 8B');
    });
  });
});

describe('ALLOWED_HOSTS and a network bind (item 8)', () => {
  it('ALLOWED_HOSTS adds names; others are still refused', async () => {
    const h = await harness({ env: { ALLOWED_HOSTS: 'calc.example, other.example' } });
    try {
      await h.http().get('/api/health').set('Host', 'calc.example:5000').expect(200);
      await h.http().get('/api/health').set('Host', 'localhost').expect(200);
      await h.http().get('/api/health').set('Host', 'evil.example').expect(403);
    } finally {
      await h.app.close();
    }
  });

  it('bound to 0.0.0.0 without ALLOWED_HOSTS, any name is answered (main.ts warns)', async () => {
    const h = await harness({ host: '0.0.0.0', env: {} });
    try {
      await h.http().get('/api/health').set('Host', 'calc.lan:5000').expect(200);
    } finally {
      await h.app.close();
    }
  });
});

describe('API_TOKEN (item 9)', () => {
  let h: Harness;
  const TOKEN = 's3cret-token';
  beforeAll(async () => {
    h = await harness({ env: { API_TOKEN: TOKEN } });
  });
  afterAll(() => h.app.close());

  it('saving and deleting models need the token', async () => {
    for (const auth of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, TOKEN]) {
      const req = h.http().post('/api/custom_models');
      if (auth) req.set('Authorization', auth);
      const res = await req.send(MODEL);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body.message[0]).toMatch(/Authorization: Bearer/);
    }
    await h.http().post('/api/custom_models').set('Authorization', `Bearer ${TOKEN}`).send(MODEL).expect(201);
    await h.http().delete('/api/custom_models/tiny').expect(401);
    await h.http().delete('/api/custom_models/tiny').set('Authorization', `bearer ${TOKEN}`).expect(200);
  });

  it('a logged calculation needs the token; ?log=false, reads and planning do not', async () => {
    const before = h.logged();
    await h.http().post('/api/calculate').send(LLAMA).expect(401);
    await h.http().post('/api/calculate?log=true').send(LLAMA).expect(401);
    expect(h.logged()).toBe(before);
    await h.http().post('/api/calculate?log=false').send(LLAMA).expect(200);
    expect(h.logged()).toBe(before);
    await h.http().post('/api/calculate').set('Authorization', `Bearer ${TOKEN}`).send(LLAMA).expect(200);
    expect(h.logged()).toBe(before + 1);
    await h.http().get('/api/history').expect(200);
    await h.http().get('/api/custom_models').expect(200);
    await h
      .http()
      .post('/api/compare')
      .send({ model: 'llama-3.1-8b', gpus: ['h100-sxm'] })
      .expect(200);
  });

  it('serving and recommend log too: they need the token unless ?log=false', async () => {
    const fixed = (mean: number) => ({ distribution: 'fixed', mean });
    const workload = {
      arrival: 'concurrency',
      concurrency: 2,
      num_requests: 20,
      input_tokens: fixed(128),
      output_tokens: fixed(32),
      seed: 1,
    };
    const serving = { model: 'llama-3.1-8b', gpu: 'h100-sxm', workload };
    const recommend = { model: 'llama-3.1-8b', gpus: ['h100-sxm'], workload, sla: { tpot_p90_seconds: 0.1 } };
    for (const [path, body] of [
      ['/api/serving', serving],
      ['/api/recommend', recommend],
    ] as const) {
      const refused = await h.http().post(path).send(body);
      expect(refused.status).toBe(401);
      expect(refused.body.message[0]).toMatch(/needs the API token.*log=false/);
      await h.http().post(`${path}?log=true`).set('Authorization', 'Bearer wrong').send(body).expect(401);
      await h.http().post(`${path}?log=false`).send(body).expect(200);
      await h.http().post(path).set('Authorization', `Bearer ${TOKEN}`).send(body).expect(200);
    }
  });
});

describe('saved models storage errors are 5xx with the cause, not a bare 500 (item 6)', () => {
  it('a data folder that cannot be created answers 503 naming it, without the path', async () => {
    const h = await harness();
    try {
      const blocker = join(h.logDir, 'blocker');
      writeFileSync(blocker, 'a file');
      mkdirSync(join(h.logDir, 'unused'), { recursive: true });
      // A fresh app whose DATA_DIR is under a file: mkdir answers ENOTDIR.
      process.env['DATA_DIR'] = join(blocker, 'data');
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
      configureApp(app);
      await app.init();
      try {
        const res = await request(app.getHttpServer()).post('/api/custom_models').send(MODEL);
        expect(res.status).toBe(503);
        expect(res.body.message[0]).toMatch(
          /^the saved models could not be written: the saved-models folder cannot be created \(ENOTDIR\)$/,
        );
        expect(res.text).not.toContain(h.logDir);
        const health = await request(app.getHttpServer()).get('/api/health').expect(200);
        expect(health.body.custom_models).toMatchObject({ writable: false });
        expect(JSON.stringify(health.body)).not.toContain(h.logDir);
      } finally {
        await app.close();
      }
    } finally {
      await h.app.close();
    }
  });
});
