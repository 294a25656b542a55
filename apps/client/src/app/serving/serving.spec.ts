import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { FormGroup } from '@angular/forms';
import { provideRouter } from '@angular/router';
import type { RecommendResponse } from '@llm-calc/contracts';
import { AT_LOAD_SLA, CompareAtLoad } from './compare-at-load';
import { ServingPage } from './serving-page';
import { DEFAULT_SERVING_FORM, recommendCsv, servingParamsFromValue, servingValueFromParams, toServingRequest } from './serving-params';

const OPTION = {
  gpu: 'h100-sxm',
  name: 'NVIDIA H100 SXM5 80GB',
  num_gpus: 1,
  tensor_parallel: 1,
  replicas: 1,
  precision: 'fp8',
  kv_cache_precision: 'fp8',
  runtime: 'roofline',
  max_request_rate_per_replica: 20,
  throughput: {
    requests_per_second: 10,
    input_tokens_per_second: 10240,
    output_tokens_per_second: 2560,
    total_tokens_per_second: 12800,
    output_tokens_per_second_per_gpu: 2560,
    total_tokens_per_second_per_gpu: 12800,
  },
  latency: {
    ttft_seconds: { p50: 0.04, p90: 0.1, p99: 0.2, mean: 0.05 },
    tpot_seconds: { p50: 0.01, p90: 0.012, p99: 0.02, mean: 0.011 },
    e2e_seconds: { p50: 2, p90: 4, p99: 6, mean: 2.5 },
  },
  cost: {
    price_per_gpu_hour: 2.8,
    cost_per_hour: 2.8,
    cost_per_million_input_tokens: 0.02,
    cost_per_million_output_tokens: 0.2,
    cost_per_million_tokens: 0.06,
    at_request_rate: 10,
  },
} as const;

describe('serving params', () => {
  it('a link carries the form and reads back only what parses and is known', () => {
    const params = servingParamsFromValue({ ...DEFAULT_SERVING_FORM, runtime: 'vllm', ttft_p99: null });
    expect(params['runtime']).toBe('vllm');
    expect(params['ttft_p99']).toBeUndefined();
    const back = servingValueFromParams({ ...params, gpu: 'nope', request_rate: 'fast' }, ['llama-3.1-8b'], ['h100-sxm']);
    expect(back.model).toBe('llama-3.1-8b');
    expect(back.gpu).toBeUndefined();
    expect(back.request_rate).toBeUndefined();
    expect(back.runtime).toBe('vllm');
  });

  it('the request carries only the fields of the chosen distribution and arrival', () => {
    const r = toServingRequest({
      ...DEFAULT_SERVING_FORM,
      arrival: 'concurrency',
      concurrency: 8,
      input_distribution: 'uniform',
      input_min: 100,
      input_max: 200,
    });
    expect(r.workload).toMatchObject({
      arrival: 'concurrency',
      concurrency: 8,
      input_tokens: { distribution: 'uniform', min: 100, max: 200 },
    });
    expect(r.workload.request_rate).toBeUndefined();
    expect(r.curves).toBe(true);
  });

  it('the recommend CSV has one row per option, cheapest first', () => {
    const csv = recommendCsv({ options: [OPTION, { ...OPTION, gpu: 'a100-sxm-80gb' }] } as unknown as RecommendResponse);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^h100-sxm,fp8,1,1,1,2.8,/);
  });
});

describe('CompareAtLoad', () => {
  it('asks /api/recommend (unlogged) for the chosen GPUs only and shows the cheapest first', async () => {
    TestBed.configureTestingModule({ imports: [CompareAtLoad], providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CompareAtLoad);
    fixture.componentRef.setInput('model', 'llama-3.1-8b');
    fixture.componentRef.setInput('gpus', ['h100-sxm', 'l40s']);
    fixture.detectChanges();
    const req = http.expectOne('/api/recommend?log=false'); // a side view: not logged
    expect(req.request.body).toMatchObject({ model: 'llama-3.1-8b', gpus: ['h100-sxm', 'l40s'], sla: AT_LOAD_SLA });
    req.flush({
      options: [OPTION],
      best: OPTION,
      rejected: [
        {
          gpu: 'l40s',
          runtime: 'roofline',
          name: 'L40S',
          precision: 'bf16',
          tensor_parallel: 1,
          reason: 'TPOT',
          detail: 'TP 1: misses the SLA',
        },
      ],
      searched: 6,
    });
    fixture.detectChanges();
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid=recommend-best]')?.textContent).toContain('h100-sxm');
    expect(el.querySelector('[data-testid=recommend-rejected]')?.textContent).toContain('TPOT');
    expect(el.querySelector('[data-testid=at-load-summary]')?.textContent).toContain('10 requests/s');
    http.verify();
  });
});

describe('ServingPage form rules (from the field registry)', () => {
  async function page() {
    TestBed.configureTestingModule({
      imports: [ServingPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const fixture = TestBed.createComponent(ServingPage);
    fixture.detectChanges();
    const c = fixture.componentInstance as unknown as {
      form: FormGroup;
      errorOf: (k: string) => string;
    };
    return { fixture, form: c.form, errorOf: (k: string) => c.errorOf(k) };
  }

  it('refuses what the API refuses, with the registry words, and validates only the fields shown', async () => {
    const { form, errorOf } = await page();
    expect(form.valid).toBe(true);
    form.patchValue({ request_rate: 0 });
    expect(errorOf('request_rate')).toBe('Must be more than 0');
    expect(form.valid).toBe(false);
    // Concurrent users: the rate is not used, so it no longer blocks the form.
    form.patchValue({ arrival: 'concurrency', concurrency: 1.5 });
    expect(errorOf('concurrency')).toBe('Must be a whole number');
    form.patchValue({ concurrency: 8 });
    expect(form.valid).toBe(true);
    form.patchValue({ input_distribution: 'lognormal', input_sigma: 4 });
    expect(errorOf('input_sigma')).toBe('Must be at most 3');
    form.patchValue({ input_distribution: 'fixed' });
    expect(form.valid).toBe(true);
    form.patchValue({ max_num_seqs: 100_000, gpu_memory_utilization: 0 });
    expect(errorOf('max_num_seqs')).toBe('Must be at most 65,536');
    expect(errorOf('gpu_memory_utilization')).toMatch(/^Must be (more than|at least) /);
    form.patchValue({ tpot_p90: null, ttft_p90: null });
    expect(errorOf('tpot_p90')).toBe('');
  });
});
