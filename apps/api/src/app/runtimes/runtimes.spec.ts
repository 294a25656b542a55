import request from 'supertest';
import { RUNTIME_CHOICES } from '@llm-calc/fields';
import { createTestApp, type TestApp } from '../../testing/test-app';

interface Range {
  low: number;
  high: number;
}

/** A band holds its point and is ordered. */
function expectHolds(range: Range, value: number): void {
  expect(range.low).toBeLessThanOrEqual(value * (1 + 1e-12));
  expect(range.high).toBeGreaterThanOrEqual(value * (1 - 1e-12));
  expect(range.low).toBeGreaterThan(0);
}

const RANGED = [
  'tokens_per_second',
  'aggregate_tokens_per_second',
  'prefill_latency_seconds',
  'per_token_latency_seconds',
  'time_for_1000_tokens_seconds',
  'total_latency_seconds',
] as const;

describe('runtime profiles through the real app', () => {
  let t: TestApp;
  const post = (path: string, body: unknown) =>
    request(t.app.getHttpServer())
      .post(path)
      .send(body as object);
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/runtimes lists every profile with formats, offload, memory model, sources and CV error per regime', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/runtimes').expect(200);
    const list = res.body.runtimes as {
      id: string;
      weight_formats: string[];
      kv_cache_formats: string[];
      offload: boolean;
      tensor_parallel: boolean;
      sources: string[];
      memory_model: { summary: string; kv_pool: string | null; default_gpu_memory_utilization: number | null };
      cross_validation: Record<string, { low: number; high: number; points: number; median_abs_error: number | null }>;
    }[];
    // Every choice of the request field but auto is a listed profile, and nothing else is listed.
    expect(list.map((r) => r.id).sort()).toEqual(RUNTIME_CHOICES.filter((c) => c !== 'auto').sort());
    const byId = Object.fromEntries(list.map((r) => [r.id, r]));
    expect(byId['llama.cpp']).toMatchObject({ offload: true, tensor_parallel: false });
    expect(byId['llama.cpp']?.weight_formats).toEqual(expect.arrayContaining(['q4_k_m', 'q8_0']));
    expect(byId['llama.cpp']?.kv_cache_formats).toEqual(expect.arrayContaining(['q8_0', 'q4_0']));
    expect(byId['vllm']?.weight_formats).not.toContain('q4_k_m');
    expect(byId['vllm']?.memory_model).toMatchObject({ kv_pool: 'utilization', default_gpu_memory_utilization: 0.9 });
    expect(byId['vllm']?.memory_model.summary).toMatch(/gpu_memory_utilization/);
    for (const r of list) {
      expect(r.sources.length).toBeGreaterThan(0);
      for (const regime of ['decode', 'prefill', 'memory', 'batched']) {
        const cv = r.cross_validation[regime];
        expect(cv).toBeDefined();
        expect(cv?.low).toBeLessThanOrEqual(0);
        expect(cv?.high).toBeGreaterThanOrEqual(0);
      }
    }
    // llama.cpp has its own measured decode runs; the README's table shows the same median.
    expect(byId['llama.cpp']?.cross_validation['decode']?.points).toBeGreaterThanOrEqual(3);
    expect(byId['llama.cpp']?.cross_validation['decode']?.median_abs_error).toBeGreaterThan(0);
    expect(res.body.auto).toMatch(/llama\.cpp.*MLX.*vLLM/);
  });

  it('POST /api/calculate answers under auto by default: vLLM for bf16 on an H100, with its reservation and KV pool', async () => {
    const res = await post('/api/calculate', { model: 'llama-3.1-8b', gpu: 'h100-sxm' }).expect(200);
    const { inputs, memory, performance } = res.body;
    expect(inputs).toMatchObject({
      runtime: 'vllm',
      efficiency: null,
      memory_efficiency: null,
      gpu_memory_utilization: 0.9,
      gpu_layers: null,
    });
    // vLLM reserves 0.9 of the 80 GiB; the pool is what weights, activations and overheads leave.
    expect(memory.reserved_bytes).toBeCloseTo(0.9 * 80 * 2 ** 30, -3);
    expect(memory.usable_bytes).toBe(memory.reserved_bytes);
    expect(memory.kv_pool_bytes).toBeGreaterThan(50 * 2 ** 30);
    expect(memory.kv_pool_tokens).toBe(Math.floor(memory.kv_pool_bytes / memory.kv_cache_bytes_per_token));
    expect(memory.runtime_overhead_bytes).toBeGreaterThan(2 ** 30);
    expect(memory.max_gpu_layers).toBeNull();
    // Max context = prompt + output, capped at Llama 3.1's 131,072-token window.
    expect(memory.max_sequence_length).toBe(131072);
    expect(memory.max_prompt_tokens).toBe(131072 - inputs.output_tokens);
    for (const key of RANGED) expectHolds(performance[`${key}_range`], performance[key]);
    expectHolds(memory.total_bytes_range, memory.total_bytes);
    expect(performance.decode.memory_efficiency).toBeGreaterThan(0.3);
  });

  it('auto picks llama.cpp for GGUF weights and splits layers across GPUs; roofline keeps the seed model', async () => {
    const gguf = await post('/api/calculate', {
      model: 'llama-3.1-70b',
      gpu: 'rtx-4090',
      precision: 'q4_k_m',
      num_gpus: 2,
      sequence_length: 8192,
    }).expect(200);
    expect(gguf.body.inputs).toMatchObject({ runtime: 'llama.cpp', tensor_parallel: 1, pipeline_parallel: 2 });
    // The common setup: 70B q4_k_m on 2 x RTX 4090 (24 GiB each) at 8k fits.
    expect(gguf.body.memory.fits).toBe(true);
    expect(gguf.body.memory.reserved_bytes).toBeNull();
    const roof = await post('/api/calculate', { model: 'llama-3.1-8b', gpu: 'h100-sxm', runtime: 'roofline' }).expect(200);
    expect(roof.body.inputs).toMatchObject({
      runtime: 'roofline',
      efficiency: 0.42,
      memory_efficiency: 0.75,
      gpu_memory_utilization: null,
    });
    expect(roof.body.performance.decode.memory_efficiency).toBe(0.75);
    for (const key of RANGED) expectHolds(roof.body.performance[`${key}_range`], roof.body.performance[key]);
    const mlx = await post('/api/calculate', { model: 'llama-3.1-8b', gpu: 'apple-m3-max', precision: 'int4' }).expect(200);
    expect(mlx.body.inputs.runtime).toBe('mlx');
  });

  it('an explicit efficiency overrides the profile, and gpu_memory_utilization moves the reservation', async () => {
    const base = { model: 'llama-3.1-8b', gpu: 'h100-sxm', runtime: 'vllm' };
    const fitted = await post('/api/calculate', base).expect(200);
    const slow = await post('/api/calculate', { ...base, memory_efficiency: 0.3 }).expect(200);
    expect(slow.body.inputs.memory_efficiency).toBe(0.3);
    expect(slow.body.performance.decode.memory_efficiency).toBe(0.3);
    expect(slow.body.performance.tokens_per_second).toBeLessThan(fitted.body.performance.tokens_per_second);
    const half = await post('/api/calculate', { ...base, gpu_memory_utilization: 0.5 }).expect(200);
    expect(half.body.memory.reserved_bytes).toBeCloseTo(0.5 * 80 * 2 ** 30, -3);
    expect(half.body.memory.kv_pool_tokens).toBeLessThan(fitted.body.memory.kv_pool_tokens);
  });

  it('llama.cpp partial offload: gpu_layers splits memory GPU / host, slows decode, and max_gpu_layers says what fits', async () => {
    const body = { model: 'llama-3.1-70b', gpu: 'rtx-4090', precision: 'q4_k_m', runtime: 'llama.cpp' };
    const fit = await post('/api/fit', body).expect(200);
    expect(fit.body.runtime).toBe('llama.cpp');
    expect(fit.body.max_gpu_layers).toBeGreaterThan(0);
    expect(fit.body.max_gpu_layers).toBeLessThan(80);
    const layers = fit.body.max_gpu_layers as number;
    const offloaded = await post('/api/calculate', { ...body, gpu_layers: layers }).expect(200);
    expect(offloaded.body.memory).toMatchObject({ fits: true, gpu_layers: layers });
    expect(offloaded.body.memory.host_bytes).toBeGreaterThan(10e9);
    const more = await post('/api/calculate', { ...body, gpu_layers: layers + 1 }).expect(200);
    expect(more.body.memory.fits).toBe(false);
    const slower = await post('/api/calculate', { ...body, gpu_layers: layers - 10, host_memory_bandwidth_bytes_per_second: 45e9 }).expect(
      200,
    );
    expect(slower.body.inputs.host_memory_bandwidth_bytes_per_second).toBe(45e9);
    expect(slower.body.performance.tokens_per_second).toBeLessThan(offloaded.body.performance.tokens_per_second);
  });

  it.each([
    [{ runtime: 'vllm', precision: 'q4_k_m' }, 'precision', /'q4_k_m' is not supported by vLLM/],
    [{ runtime: 'llama.cpp', kv_cache_precision: 'fp8' }, 'kv_cache_precision', /'fp8' is not supported by llama\.cpp/],
    [{ runtime: 'no-such-runtime' }, 'runtime', /runtime must be one of/],
    [{ runtime: 'vllm', gpu_layers: 3 }, 'gpu_layers', /gpu_layers needs a runtime with partial offload/],
    [{ runtime: 'llama.cpp', gpu_layers: 33 }, 'gpu_layers', /gpu_layers must be a whole number from 0 to 32/],
    [
      { runtime: 'llama.cpp', gpu_memory_utilization: 0.8 },
      'gpu_memory_utilization',
      /gpu_memory_utilization applies to runtimes that reserve a KV pool/,
    ],
    [{ gpu_memory_utilization: 1.5 }, 'gpu_memory_utilization', /gpu_memory_utilization must be/],
    [
      { host_memory_bandwidth_bytes_per_second: 0 },
      'host_memory_bandwidth_bytes_per_second',
      /host_memory_bandwidth_bytes_per_second must not be less than 100000000/,
    ],
    [{ runtime: 'llama.cpp', tensor_parallel: 2, num_gpus: 2 }, 'tensor_parallel', /tensor_parallel must be 1 under llama\.cpp/],
    [{ gpu: 'apple-m3-max', num_gpus: 2 }, 'tensor_parallel', /tensor_parallel must be 1 on Apple M3 Max.*no GPU-to-GPU interconnect/],
  ])('POST /api/calculate %j is a 400 naming %s', async (patch, field, message) => {
    const res = await post('/api/calculate', { model: 'llama-3.1-8b', gpu: 'h100-sxm', ...patch }).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.message.join('\n')).toMatch(message);
    expect(res.body.problems.map((p: { field: string }) => p.field)).toContain(field);
  });

  it('POST /api/compare resolves auto per GPU and carries ranges of speed and cost', async () => {
    const res = await post('/api/compare', { model: 'llama-3.1-8b', gpus: ['h100-sxm', 'rtx-4090', 'apple-m3-max'] }).expect(200);
    const byId = Object.fromEntries(res.body.results.map((r: { gpu: string }) => [r.gpu, r]));
    expect(byId['h100-sxm'].runtime).toBe('vllm');
    expect(byId['apple-m3-max'].runtime).toBe('mlx');
    for (const r of res.body.results as {
      tokens_per_second: number;
      tokens_per_second_range: Range;
      cost_per_million_tokens: number | null;
      cost_per_million_tokens_range: Range | null;
    }[]) {
      expectHolds(r.tokens_per_second_range, r.tokens_per_second);
      if (r.cost_per_million_tokens !== null) expectHolds(r.cost_per_million_tokens_range as Range, r.cost_per_million_tokens);
    }
    const gguf = await post('/api/compare', { model: 'llama-3.1-8b', precision: 'q4_k_m', gpus: ['h100-sxm'], runtime: 'vllm' }).expect(
      200,
    );
    expect(gguf.body.results[0]).toMatchObject({ supported: false, runtime: 'vllm' });
    expect(gguf.body.results[0].reason).toMatch(/not supported by vLLM/);
  });

  it('POST /api/sweep and /api/fit take the runtime; the sweep under llama.cpp adds GPUs as layer-split stages', async () => {
    const sweep = await post('/api/sweep', {
      model: 'llama-3.1-8b',
      gpu: 'rtx-4090',
      precision: 'q8_0',
      vary: 'num_gpus',
      values: [1, 2],
    }).expect(200);
    expect(sweep.body.runtime).toBe('llama.cpp');
    for (const p of sweep.body.points) expectHolds(p.tokens_per_second_range, p.tokens_per_second);
    const vllmSweep = await post('/api/sweep', {
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      runtime: 'tensorrt-llm',
      vary: 'batch_size',
      values: [1, 8],
    }).expect(200);
    expect(vllmSweep.body.runtime).toBe('tensorrt-llm');
    expect(vllmSweep.body.points[1].aggregate_tokens_per_second).toBeGreaterThan(vllmSweep.body.points[0].aggregate_tokens_per_second);
    const fitRoof = await post('/api/fit', { model: 'llama-3.1-8b', gpu: 'h100-sxm', runtime: 'roofline' }).expect(200);
    const fitVllm = await post('/api/fit', { model: 'llama-3.1-8b', gpu: 'h100-sxm', runtime: 'vllm', gpu_memory_utilization: 0.5 }).expect(
      200,
    );
    expect(fitVllm.body.max_batch_size).toBeLessThan(fitRoof.body.max_batch_size);
    await post('/api/fit', { model: 'llama-3.1-8b', gpu: 'h100-sxm', runtime: 'vllm', gpu_layers: 2 }).expect(400);
  });

  it('POST /api/calibrate fits the efficiency under the chosen runtime, and the fit reproduces the measurement', async () => {
    const base = { model: 'llama-3.1-8b', gpu: 'h100-sxm', runtime: 'vllm' };
    const fit = await post('/api/calibrate', { ...base, measured_tokens_per_second: 150 }).expect(200);
    expect(fit.body).toMatchObject({ parameter: 'memory_efficiency', runtime: 'vllm' });
    const calc = await post('/api/calculate', base).expect(200);
    expect(fit.body.current_efficiency).toBeCloseTo(calc.body.performance.decode.memory_efficiency, 6);
    const again = await post('/api/calibrate', {
      ...base,
      memory_efficiency: fit.body.fitted_efficiency,
      measured_tokens_per_second: 150,
    }).expect(200);
    expect(again.body.estimate_at_current).toBeCloseTo(150, 3);
    const roof = await post('/api/calibrate', { ...base, runtime: 'roofline', measured_tokens_per_second: 150 }).expect(200);
    expect(roof.body.runtime).toBe('roofline');
    expect(roof.body.fitted_efficiency).not.toBeCloseTo(fit.body.fitted_efficiency, 3);
    const prefill = await post('/api/calibrate', { ...base, measured_prefill_seconds: 0.5 }).expect(200);
    const check = await post('/api/calibrate', {
      ...base,
      efficiency: prefill.body.fitted_efficiency,
      measured_prefill_seconds: 0.5,
    }).expect(200);
    expect(check.body.estimate_at_current).toBeCloseTo(0.5, 4);
    await post('/api/calibrate', { ...base, runtime: 'llama.cpp', precision: 'fp8', measured_tokens_per_second: 10 }).expect(400);
  });
});
