import fc from 'fast-check';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * Generated hostile bodies against every POST: always a 4xx with a readable message, never a
 * 5xx, no stack trace or file path in the answer, nothing logged, no prototype polluted.
 */
const hostileValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('12', '1e309', 'NaN', '-1', '0', '', ' ', '<script>alert(1)</script>', '../../etc/passwd', '\u0000'),
  fc.constantFrom(0, -1, -0, 1.5, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 1e-300, 1e30),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

const keys = fc.constantFrom(
  'model',
  'gpu',
  'custom_model',
  'custom_gpu',
  'sequence_length',
  'output_tokens',
  'batch_size',
  'precision',
  'kv_cache_precision',
  'num_gpus',
  'tensor_parallel',
  'pipeline_parallel',
  'efficiency',
  'memory_efficiency',
  'flash_attention',
  'price_per_gpu_hour',
  '__proto__',
  'constructor',
  'prototype',
  'evil',
);

/** A valid base with 1-3 fields replaced by hostile values (so most bodies are invalid in one place). */
const hostileBody = fc
  .tuple(fc.array(fc.tuple(keys, hostileValue), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([pairs, custom]) => {
    const base: Record<string, unknown> = custom
      ? {
          custom_model: { hidden_size: 512, intermediate_size: 1024, num_layers: 2, num_attention_heads: 8, vocab_size: 1000 },
          gpu: 'h100-sxm',
        }
      : { model: 'llama-3.1-8b', gpu: 'h100-sxm' };
    // Hand-built JSON so "__proto__" arrives as a real own key, as a hostile client would send it.
    const entries = Object.entries(base).concat(pairs);
    return '{' + entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',') + '}';
  });

const CUSTOM_MODEL = { hidden_size: 512, intermediate_size: 1024, num_layers: 2, num_attention_heads: 8, vocab_size: 1000 };
const COMMON_KEYS = ['__proto__', 'constructor', 'prototype', 'evil'];

/** Every other POST: a valid base body and the keys its DTO reads, each with 1-3 replaced by hostile values. */
const OTHER_POSTS: { path: string; base: Record<string, unknown>; keys: string[] }[] = [
  {
    path: '/api/compare',
    base: { model: 'llama-3.1-8b', gpus: ['h100-sxm', 'l4'] },
    keys: ['model', 'custom_model', 'gpus', 'fewest_gpus', 'num_gpus', 'tensor_parallel', 'batch_size', 'precision', 'price_per_gpu_hour'],
  },
  {
    path: '/api/fit',
    base: { model: 'llama-3.1-8b', gpu: 'h100-sxm' },
    keys: ['model', 'gpu', 'custom_gpu', 'sequence_length', 'batch_size', 'pipeline_parallel', 'kv_cache_precision'],
  },
  {
    path: '/api/sweep',
    base: { model: 'llama-3.1-8b', gpu: 'h100-sxm', vary: 'batch_size', values: [1, 2, 4] },
    keys: ['vary', 'values', 'gpu', 'num_gpus', 'pipeline_parallel', 'efficiency'],
  },
  {
    path: '/api/calibrate',
    base: { model: 'llama-3.1-8b', gpu: 'h100-sxm', measured_tokens_per_second: 100 },
    keys: ['measured_tokens_per_second', 'measured_prefill_seconds', 'sequence_length', 'output_tokens', 'memory_efficiency'],
  },
  {
    path: '/api/training',
    base: { model: 'llama-3.1-8b', gpu: 'h100-sxm' },
    keys: [
      'model',
      'custom_model',
      'gpu',
      'num_gpus',
      'training_tokens',
      'sequence_length',
      'micro_batch_size',
      'precision',
      'zero_stage',
      'activation_recompute',
      'mfu',
      'price_per_gpu_hour',
    ],
  },
  {
    path: '/api/custom_models',
    base: { ...CUSTOM_MODEL, name: 'fuzzed' },
    keys: ['name', 'hidden_size', 'num_kv_heads', 'ffn_type', 'num_experts', 'kv_lora_rank', 'sliding_window'],
  },
  {
    path: '/api/import_hf_config',
    base: {
      hidden_size: 512,
      intermediate_size: 1024,
      num_hidden_layers: 2,
      num_attention_heads: 8,
      vocab_size: 1000,
      model_type: 'llama',
    },
    keys: [
      'hidden_size',
      'num_hidden_layers',
      'num_key_value_heads',
      'head_dim',
      'num_local_experts',
      'rope_scaling',
      'model_type',
      'text_config',
      'architectures',
    ],
  },
];

/** The POSTs that log a success (a serving simulation, a recommendation), with small workloads. */
const LOGGED_POSTS: typeof OTHER_POSTS = [
  {
    path: '/api/serving',
    base: {
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      workload: {
        arrival: 'offline',
        num_requests: 20,
        input_tokens: { distribution: 'fixed', mean: 256 },
        output_tokens: { distribution: 'fixed', mean: 32 },
      },
    },
    keys: ['model', 'gpu', 'workload', 'scheduler', 'sla', 'runtime', 'precision', 'num_gpus', 'tensor_parallel'],
  },
  {
    path: '/api/recommend',
    base: {
      model: 'llama-3.1-8b',
      gpus: ['h100-sxm', 'l4'],
      workload: {
        arrival: 'offline',
        num_requests: 20,
        input_tokens: { distribution: 'fixed', mean: 256 },
        output_tokens: { distribution: 'fixed', mean: 32 },
      },
      sla: { ttft_p90_seconds: 2 },
    },
    keys: ['model', 'gpus', 'workload', 'sla', 'precisions', 'runtimes', 'max_gpus'],
  },
];

const hostileBodyFor = (posts: typeof OTHER_POSTS) =>
  fc.constantFrom(...posts).chain(({ path, base, keys }) =>
    fc.array(fc.tuple(fc.constantFrom(...keys, ...COMMON_KEYS), hostileValue), { minLength: 1, maxLength: 3 }).map((pairs) => {
      const entries = Object.entries(base).concat(pairs);
      return { path, body: '{' + entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',') + '}' };
    }),
  );
const otherPostBody = hostileBodyFor(OTHER_POSTS);
const loggedPostBody = hostileBodyFor(LOGGED_POSTS);

const customModelBody = fc
  .record({
    hidden_size: hostileValue,
    intermediate_size: fc.oneof(fc.integer({ min: 1, max: 100_000 }), hostileValue),
    num_layers: fc.oneof(fc.integer({ min: 1, max: 200 }), hostileValue),
    num_attention_heads: fc.oneof(fc.integer({ min: 1, max: 128 }), hostileValue),
    num_kv_heads: hostileValue,
    vocab_size: fc.oneof(fc.integer({ min: 1, max: 300_000 }), hostileValue),
    kv_lora_rank: hostileValue,
    sliding_window_pattern: hostileValue,
  })
  .map((custom_model) => JSON.stringify({ custom_model, gpu: 'h100-sxm' }));

describe('hostile input', () => {
  let t: TestApp;
  const logged = () => {
    try {
      return readFileSync(join(t.logDir, 'web_app_calculations.log'), 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function post(path: string, body: string, contentType = 'application/json') {
    return request(t.app.getHttpServer()).post(path).set('content-type', contentType).send(body);
  }

  function expectSafe(res: request.Response): void {
    expect(res.status).toBeLessThan(500);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/\/work\/|node_modules|\.ts:\d+|at [\w.<>]+ \(/);
    if (res.status >= 400) {
      expect(Array.isArray(res.body.message)).toBe(true);
      expect(res.body.message.length).toBeGreaterThan(0);
      for (const m of res.body.message) expect(typeof m).toBe('string');
    }
  }

  it('never answers 5xx to generated bodies, and logs only successes', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const before = logged();
        const res = await post('/api/calculate', body);
        expectSafe(res);
        expect(logged()).toBe(before + (res.status === 200 ? 1 : 0));
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 150 },
    );
    // Hundreds of requests: well within a minute even on a loaded 2-core machine.
  }, 120_000);

  it('never answers 5xx to generated serving and recommend bodies, and logs only successes', async () => {
    await fc.assert(
      fc.asyncProperty(loggedPostBody, async ({ path, body }) => {
        const before = logged();
        const res = await post(path, body);
        expectSafe(res);
        expect(logged()).toBe(before + (res.status === 200 ? 1 : 0));
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('never answers 5xx to generated bodies on every other POST, and logs nothing', async () => {
    await fc.assert(
      fc.asyncProperty(otherPostBody, async ({ path, body }) => {
        const before = logged();
        const res = await post(path, body);
        expectSafe(res);
        expect(logged()).toBe(before);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('hidden_size');
      }),
      { numRuns: 300 },
    );
    // Hundreds of requests: well within a minute even on a loaded 2-core machine.
  }, 120_000);

  it('rejects every invalid custom model field with a 400 naming it', async () => {
    await fc.assert(
      fc.asyncProperty(customModelBody, async (body) => {
        const res = await post('/api/calculate', body);
        expectSafe(res);
        if (res.status === 400) expect(res.body.message.join(' ')).toMatch(/custom_model|model/);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['malformed JSON', '{"model": "llama-3.1-8b",', 'application/json'],
    [
      'a number beyond double range (1e309 parses to Infinity)',
      '{"model":"llama-3.1-8b","gpu":"h100-sxm","batch_size":1e309}',
      'application/json',
    ],
    ['NaN literal', '{"model":"llama-3.1-8b","gpu":"h100-sxm","batch_size":NaN}', 'application/json'],
    [
      'duplicate keys (last wins, then validated)',
      '{"batch_size": 1, "batch_size": "x", "model":"llama-3.1-8b","gpu":"h100-sxm"}',
      'application/json',
    ],
    ['wrong content type', 'model=llama-3.1-8b&gpu=h100-sxm', 'application/x-www-form-urlencoded'],
    ['plain text', 'hello', 'text/plain'],
    ['a JSON string', '"just a string"', 'application/json'],
    ['a JSON number', '42', 'application/json'],
    ['null', 'null', 'application/json'],
    ['nested depth', '{"custom_model":' + '{"a":'.repeat(200) + '1' + '}'.repeat(200) + ',"gpu":"h100-sxm"}', 'application/json'],
  ])('answers %s with a 4xx', async (_name, body, type) => {
    const before = logged();
    const res = await post('/api/calculate', body, type);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectSafe(res);
    expect(logged()).toBe(before);
  });

  it('answers an oversized body with 413', async () => {
    const res = await post('/api/calculate', JSON.stringify({ model: 'x'.repeat(300_000) }));
    expect(res.status).toBe(413);
    expectSafe(res);
  });

  it.each([
    'page=-1',
    'page=1e309',
    'page_size=NaN',
    'page=1.5',
    'sort[$gt]=',
    'model[$ne]=1',
    'gpu=' + 'x'.repeat(5000),
    'q=%00',
    'order[]=asc',
  ])('GET /api/history hostile query %# is a 400 or a safe 200', async (q) => {
    const res = await request(t.app.getHttpServer()).get(`/api/history?${q}`);
    expect([200, 400]).toContain(res.status);
    expectSafe(res);
  });
});
