import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { NonNullableFormBuilder } from '@angular/forms';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HarnessLoader } from '@angular/cdk/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import type { CalculateRequest, CalibrateResponse, FitResponse, SweepResponse } from '@llm-calc/contracts';
import { GPUS, LLAMA_8B_CONFIG, MODELS, calculateResponse } from '../testing/fixtures';
import { DownloadService } from '../shared/download';
import { CalculatorPage } from './calculator-page';
import { CalculatorStore } from './calculator-store';
import { buildCalculatorForm, toCalculateRequest } from './calculator-form';

/** The request the page sends for the defaults (Llama 3.1 8B on one H100). */
const DEFAULT_REQUEST: CalculateRequest = {
  model: 'llama-3.1-8b',
  gpu: 'h100-sxm',
  sequence_length: 4096,
  output_tokens: 1000,
  batch_size: 1,
  precision: 'bf16',
  kv_cache_precision: 'bf16',
  num_gpus: 1,
  tensor_parallel: 1,
  pipeline_parallel: 1,
  runtime: 'auto',
  // The efficiencies are left to the runtime's fitted values.
};

const badRequest = (message: string[]) =>
  [
    { statusCode: 400, message, error: 'Bad Request' },
    { status: 400, statusText: 'Bad Request' },
  ] as const;

/** Creates the page at `url` (a share link, or plain `/`) and answers the catalogue requests. */
async function openPage(url = '/'): Promise<{ fixture: ComponentFixture<CalculatorPage>; http: HttpTestingController }> {
  TestBed.configureTestingModule({
    imports: [CalculatorPage],
    providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: '**', children: [] }])],
  });
  const http = TestBed.inject(HttpTestingController);
  await TestBed.inject(Router).navigateByUrl(url);
  const fixture = TestBed.createComponent(CalculatorPage);
  fixture.detectChanges();
  http.expectOne('/api/available_models').flush(MODELS);
  http.expectOne('/api/gpu_configs').flush(GPUS);
  http.expectOne('/api/custom_models').flush({ models: [] });
  return { fixture, http };
}

describe('CalculatorPage', () => {
  let fixture: ComponentFixture<CalculatorPage>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let el: HTMLElement;

  /** The page's store: the state its components share (form, last run, staleness). */
  const store = () => fixture.debugElement.injector.get(CalculatorStore);
  const controls = () => store().controls;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid=${id}]`);
  const click = (id: string) => {
    const button = byTestId<HTMLButtonElement>(id);
    if (!button) throw new Error(`no [data-testid=${id}]`);
    button.click();
  };
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim();
  /** Types into a plain input or textarea as a user would. */
  const type = (id: string, value: string) => {
    const field = byTestId<HTMLInputElement | HTMLTextAreaElement>(id);
    if (!field) throw new Error(`no [data-testid=${id}]`);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };

  /** The three scaling sweeps that follow a successful calculation, answered with no points. */
  function answerSweeps(): SweepResponse['vary'][] {
    const requests = http.match('/api/sweep');
    expect(requests).toHaveLength(3);
    return requests.map((r) => {
      const vary = (r.request.body as { vary: SweepResponse['vary'] }).vary;
      r.flush({ vary, runtime: 'vllm', points: [] } satisfies SweepResponse);
      return vary;
    });
  }

  /** Presses Calculate and answers with `response`, then the sweeps. */
  async function calculateWith(response = calculateResponse()): Promise<TestRequest> {
    click('calculate');
    const req = http.expectOne('/api/calculate');
    req.flush(response);
    await fixture.whenStable();
    answerSweeps();
    await fixture.whenStable();
    return req;
  }

  // The first test compiles the page and its Material parts: give the hook room on a busy machine.
  beforeEach(async () => {
    ({ fixture, http } = await openPage());
    el = fixture.nativeElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
    http.expectOne('/api/model_config/llama-3.1-8b').flush(LLAMA_8B_CONFIG);
    await fixture.whenStable();
  }, 30_000);
  afterEach(() => http.verify());

  it('picks the default preset and GPU and fills the custom form from the preset', () => {
    const c = controls();
    expect(c.preset.value).toBe('llama-3.1-8b');
    expect(c.hardware.controls.gpu.value).toBe('h100-sxm');
    expect(c.mode.value).toBe('preset');
    expect(c.custom.getRawValue()).toMatchObject({ name: 'Llama 3.1 8B', hidden_size: 4096, num_kv_heads: 8, num_experts: null });
    expect(text('result-summary')).toBeUndefined();
    expect(el.textContent).toContain('Press Calculate to see whether it fits');
  });

  it('groups presets by family', async () => {
    const select = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=preset-select]' }));
    await select.open();
    const groups = await select.getOptionGroups();
    expect(await Promise.all(groups.map((g) => g.getLabelText()))).toEqual(['Llama', 'DeepSeek']);
  });

  it('shows each GPU with its memory and bandwidth', async () => {
    const select = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=gpu-select]' }));
    await select.open();
    const texts = await Promise.all((await select.getOptions()).map((o) => o.getText()));
    expect(texts).toEqual(['NVIDIA H100 SXM5 80GB — 80 GB, 3.35 TB/s', 'NVIDIA V100 SXM2 32GB — 32 GB, 900 GB/s']);
  });

  it('sends the preset, GPU and defaults, then shows the headline and the four result cards', async () => {
    click('calculate');
    const req = http.expectOne('/api/calculate');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual(DEFAULT_REQUEST);
    await fixture.whenStable();
    expect(byTestId<HTMLButtonElement>('calculate')?.disabled).toBe(true);
    expect(text('calculate')).toBe('Calculating…');

    req.flush(calculateResponse());
    await fixture.whenStable();
    expect(text('summary-title')).toContain('Llama 3.1 8B');
    expect(text('summary-verdict')).toBe('Fits');
    // The estimate with the band of its runtime's measured errors.
    expect(text('summary-tps')).toBe('141 tok/s, 121–152');
    // A pool server (vLLM here) reserves more than the workload needs: both are shown.
    expect(text('summary-memory')).toBe('18.8 GB needed, 72 GB reserved by vLLM, of 80 GB per GPU');
    const headline = () => Array.from(el.querySelectorAll('[data-testid=action-headline] > span')).map((e) => e.textContent?.trim());
    expect(headline()).toEqual(['Fits', '141 tok/s, 121–152']);
    const titles = Array.from(el.querySelectorAll('app-result-cards mat-card-title')).map((t) => t.textContent?.trim());
    expect(titles).toEqual(['Model Summary', 'Memory Requirements', 'Computational Requirements', 'Performance Estimates']);
    const all = el.textContent ?? '';
    expect(all).toContain('8.03B');
    expect(all).toContain('18.8 GB');
    expect(all).toContain('memory-bound (0.94 FLOP/B vs ridge 295 FLOP/B)');
    expect(all).toContain('Prefill + 1,000 tokens');
    const figure = (key: string) => el.querySelector(`[data-figure=${key}] dd`)?.textContent?.replace(/\s+/g, ' ').trim();
    expect(figure('runtime')).toBe('vLLM');
    // A runtime profile's sizes are raw (its overheads are counted apart): no roofline allowance.
    expect(figure('weights_bytes')).toBe('16.9 GB');
    expect(el.querySelector('app-memory-bar')?.textContent).toMatch(/Weights:\s*16\.9 GB/);
    const value = (key: string) => el.querySelector(`[data-figure=${key}] dd > span`)?.textContent?.trim();
    const note = (key: string) => el.querySelector(`[data-figure=${key}] dd .note`)?.textContent?.trim();
    // Estimates with the band of their runtime's measured errors on a second line.
    expect([value('total_bytes'), note('total_bytes')]).toEqual(['18.8 GB', '17.9–19.9 GB']);
    expect([value('tokens_per_second'), note('tokens_per_second')]).toEqual(['141 tok/s', '121–152 tok/s']);
    expect(value('reserved_bytes')).toBe('72 GB');
    expect(note('reserved_bytes')).toBe('KV pool 405,000 tokens');
    expect([value('prefill_latency_seconds'), note('prefill_latency_seconds')]).toEqual(['223 ms', '190–300 ms']);
    expect(figure('efficiencies')).toBe('0.45 / 0.81');
    expect(byTestId<HTMLButtonElement>('calculate')?.disabled).toBe(false);
    expect(answerSweeps().sort()).toEqual(['batch_size', 'num_gpus', 'sequence_length']);
  });

  it('switches to custom when a field is edited and sends the custom model', async () => {
    const layers = await loader.getHarness(MatInputHarness.with({ selector: 'input[name=num_layers]' }));
    await layers.setValue('40');
    expect(controls().mode.value).toBe('custom');

    click('calculate');
    const req = http.expectOne('/api/calculate');
    const body = req.request.body as CalculateRequest;
    expect(body.model).toBeUndefined();
    expect(body.custom_model).toMatchObject({
      name: 'Llama 3.1 8B',
      num_layers: 40,
      num_experts: 1,
      experts_per_token: 1,
      expert_intermediate_size: 14336,
      kv_lora_rank: null,
      sliding_window: null,
      // Kept from the preset although the form does not show them.
      norm_type: 'rmsnorm',
      max_position_embeddings: 131072,
    });
    req.flush(calculateResponse());
    await fixture.whenStable();
    answerSweeps();
  });

  it('validates whole numbers, minimum and required with inline messages, sends nothing and focuses the field', async () => {
    const batch = controls().inference.controls.batch_size;
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Batch size' }));
    const input = await loader.getHarness(MatInputHarness.with({ selector: '[formcontrolname=batch_size]' }));

    await input.setValue('0');
    await input.blur();
    expect(batch.hasError('min')).toBe(true);
    expect(await field.getTextErrors()).toEqual(['Must be at least 1']);

    await input.setValue('1.5');
    expect(batch.hasError('integer')).toBe(true);
    expect(await field.getTextErrors()).toEqual(['Must be a whole number']);

    await input.setValue('');
    expect(batch.hasError('required')).toBe(true);
    expect(await field.getTextErrors()).toEqual(['Required']);

    // An invalid form is not sent; focus goes to the first field that needs attention.
    click('calculate');
    await fixture.whenStable();
    http.expectNone('/api/calculate');
    expect(text('calculate-error')).toContain('Some fields need attention');
    expect(document.activeElement).toBe(el.querySelector('[formcontrolname=batch_size]'));
  });

  it('rejects efficiencies outside [0.01, 1], saying so under the field', async () => {
    const efficiency = controls().hardware.controls.efficiency;
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: /^Compute efficiency/ }));
    const input = await loader.getHarness(MatInputHarness.with({ selector: '[formcontrolname=efficiency]' }));
    await input.setValue('1.5');
    await input.blur();
    expect(efficiency.hasError('max')).toBe(true);
    expect(await field.getTextErrors()).toEqual(['Must be at most 1']);
    // The registry's physical floor (issue 14: 5e-324 is not an efficiency).
    await input.setValue('0');
    expect(efficiency.hasError('min')).toBe(true);
    expect(await field.getTextErrors()).toEqual(['Must be at least 0.01']);
    await input.setValue('0.3');
    expect(efficiency.valid).toBe(true);
    // Empty is allowed: the server's default is used and written back.
    await input.setValue('');
    expect(efficiency.valid).toBe(true);
  });

  it('disables precisions the GPU cannot run, with the reason, and leaves a supported one chosen', async () => {
    const gpu = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=gpu-select]' }));
    await gpu.open();
    await gpu.clickOptions({ text: /V100/ });
    expect(controls().inference.controls.precision.value).toBe('fp16');
    expect(el.textContent).toContain('bf16 is not supported on NVIDIA V100 SXM2 32GB; switched to fp16.');

    const precision = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=precision-select]' }));
    await precision.open();
    const options = await precision.getOptions();
    const states = await Promise.all(options.map(async (o) => [await o.getText(), await o.isDisabled()] as const));
    expect(states).toContainEqual(['bf16 — not supported on NVIDIA V100 SXM2 32GB', true]);
    expect(states).toContainEqual(['fp8 — not supported on NVIDIA V100 SXM2 32GB', true]);
    expect(states).toContainEqual(['fp16', false]);
    expect(states).toContainEqual(['q4_k_m', false]);
  });

  it("shows the server's objections in the form's words and marks the field they name until it is edited", async () => {
    click('calculate');
    http
      .expectOne('/api/calculate')
      .flush(...badRequest(['tensor_parallel must divide num_attention_heads', 'batch_size must not be greater than 100000']));
    await fixture.whenStable();
    const items = Array.from(el.querySelectorAll('[data-testid=calculate-error] li')).map((li) => li.textContent?.trim());
    expect(items).toEqual(['Tensor parallel must divide Attention heads', 'Batch size must not be greater than 100,000']);
    expect(text('result-summary')).toBeUndefined();

    const batchField = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Batch size' }));
    expect(await batchField.getTextErrors()).toEqual(['Batch size must not be greater than 100,000']);
    const batch = await loader.getHarness(MatInputHarness.with({ selector: '[formcontrolname=batch_size]' }));
    await batch.setValue('2');
    expect(await batchField.getTextErrors()).toEqual([]);
    expect(controls().inference.controls.batch_size.valid).toBe(true);
  });

  it('drops an earlier result when the next calculation fails', async () => {
    await calculateWith();
    expect(text('result-summary')).toBeDefined();
    controls().inference.controls.batch_size.setValue(2);
    click('calculate');
    http.expectOne('/api/calculate').flush(...badRequest(['nope']));
    await fixture.whenStable();
    expect(text('result-summary')).toBeUndefined();
    expect(byTestId('results')).toBeNull();
    expect(text('calculate-error')).toContain('nope');
  });

  it('shows a model name with markup as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const response = calculateResponse();
    await calculateWith({ ...response, model_summary: { ...response.model_summary, name: evil } });
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain(evil);
  });

  it('marks the results as stale once the form asks for something else, and recalculates from the banner', async () => {
    await calculateWith();
    expect(byTestId('stale-banner')).toBeNull();
    expect(text('calculate')).toBe('Calculate');

    controls().inference.controls.batch_size.setValue(8);
    await fixture.whenStable();
    expect(store().stale()).toBe(true);
    expect(text('stale-banner')).toContain('Inputs changed');
    expect(byTestId('results-stale')).not.toBeNull();
    expect(text('calculate')).toBe('Recalculate');
    expect(text('action-headline')).toContain('(earlier inputs)');

    // Back to the inputs of the result: not stale any more.
    controls().inference.controls.batch_size.setValue(1);
    await fixture.whenStable();
    expect(byTestId('stale-banner')).toBeNull();

    controls().inference.controls.batch_size.setValue(8);
    await fixture.whenStable();
    click('recalculate');
    const req = http.expectOne('/api/calculate');
    expect((req.request.body as CalculateRequest).batch_size).toBe(8);
    req.flush(calculateResponse({ inputs: { ...calculateResponse().inputs, batch_size: 8 } }));
    await fixture.whenStable();
    answerSweeps();
    await fixture.whenStable();
    expect(byTestId('stale-banner')).toBeNull();
  });

  it('gives no speed or price for a setup that does not fit, and offers the nearest changes that do', async () => {
    const base = calculateResponse();
    controls().inference.controls.batch_size.setValue(8);
    controls().hardware.controls.price_per_gpu_hour.setValue(2);
    click('calculate');
    const sent = http.expectOne('/api/calculate');
    sent.flush(
      calculateResponse({
        inputs: { ...base.inputs, batch_size: 8, price_per_gpu_hour: 2 },
        memory: { ...base.memory, fits: false, headroom_bytes: -12e9, max_batch_size: 2, max_sequence_length: 0, min_gpus: 2 },
        cost: { price_per_gpu_hour: 2, cost_per_hour: 2, cost_per_million_tokens: 28.94 },
      }),
    );
    await fixture.whenStable();
    answerSweeps();
    expect(text('summary-verdict')).toBe('Does not fit');
    expect(text('summary-no-fit')).toContain('each GPU needs 12 GB more than it has');
    expect(byTestId('summary-tps')).toBeNull();
    const headline = Array.from(el.querySelectorAll('[data-testid=action-headline] > span')).map((e) => e.textContent?.trim());
    expect(headline).toEqual(['Does not fit']); // no speed beside it
    const performance = el.querySelector('[data-figure=tokens_per_second] dd')?.textContent?.trim();
    expect(performance).toBe('Does not run');
    expect(el.querySelector('[data-figure=cost_per_million_tokens] dd')?.textContent?.trim()).toBe('Does not run');

    // Smaller formats are checked with /api/fit (no history entry); the first that holds batch 8 is offered.
    const fits = http.match('/api/fit');
    expect(fits.map((r) => (r.request.body as CalculateRequest).precision)).toEqual([
      'fp8',
      'int8',
      'q8_0',
      'q6_k',
      'q5_k_m',
      'q4_k_m',
      'int4',
      'q4_0',
    ]);
    fits.forEach((r) => {
      const precision = (r.request.body as CalculateRequest).precision;
      r.flush({
        max_batch_size: precision === 'fp8' ? 4 : 12,
        max_sequence_length: 0,
        max_prompt_tokens: 0,
        min_gpus: 1,
        max_gpu_layers: null,
        runtime: 'vllm',
      } satisfies FitResponse);
    });
    await fixture.whenStable();
    expect(text('fit-precision')).toBe('Use int8 weights');
    expect(text('fit-batch')).toBe('Batch 2 instead of 8');
    expect(text('fit-gpus')).toBe('2 GPUs in tensor parallel');

    click('fit-gpus');
    const next = http.expectOne('/api/calculate');
    expect(next.request.body).toMatchObject({ ...DEFAULT_REQUEST, batch_size: 8, num_gpus: 2, tensor_parallel: 2, pipeline_parallel: 1 });
    next.flush(calculateResponse());
    await fixture.whenStable();
    answerSweeps();
  });

  it('asks for the scaling sweeps only after a successful calculation, built from the sent request', async () => {
    controls().hardware.controls.pipeline_parallel.setValue(2);
    controls().hardware.controls.num_gpus.setValue(2);
    click('calculate');
    http.expectNone('/api/sweep');
    const calc = http.expectOne('/api/calculate');
    calc.flush(calculateResponse());
    await fixture.whenStable();
    const sweeps = http.match('/api/sweep');
    const byVary = Object.fromEntries(sweeps.map((r) => [(r.request.body as { vary: string }).vary, r.request.body]));
    const base = calc.request.body as CalculateRequest;
    expect(byVary['sequence_length']).toEqual({ ...base, vary: 'sequence_length', values: expect.any(Array) });
    const contexts = (byVary['sequence_length'] as { values: number[] }).values;
    expect(contexts[0]).toBe(512);
    expect(contexts[contexts.length - 1]).toBe(131072); // Llama 3.1's trained context
    expect(byVary['batch_size']).toEqual({ ...base, vary: 'batch_size', values: [1, 2, 4, 8, 16, 32, 64, 128, 256] });
    // num_gpus stays a multiple of the pipeline (2): tensor parallel 1, 2, 4, 8.
    expect(byVary['num_gpus']).toEqual({ ...base, vary: 'num_gpus', values: [2, 4, 8, 16] });

    const states = () => el.querySelectorAll('[data-testid^=scaling-] [role=status]').length;
    expect(states()).toBe(3);
    sweeps.forEach((r) => r.flush({ vary: (r.request.body as { vary: SweepResponse['vary'] }).vary, points: [] }));
    await fixture.whenStable();
    expect(states()).toBe(0);
    expect(el.querySelectorAll('[data-testid^=scaling-] canvas')).toHaveLength(3);
  });

  it('shows a failed sweep in its own chart', async () => {
    click('calculate');
    http.expectOne('/api/calculate').flush(calculateResponse());
    await fixture.whenStable();
    for (const r of http.match('/api/sweep')) {
      if ((r.request.body as { vary: string }).vary === 'num_gpus') {
        r.flush(...badRequest(['values: 3 GPUs is not a multiple of pipeline_parallel (2)']));
      } else {
        r.flush({ vary: (r.request.body as { vary: SweepResponse['vary'] }).vary, points: [] });
      }
    }
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=scaling-gpus] [role=alert]')?.textContent).toContain('not a multiple of pipeline_parallel');
  });

  it('sends the price typed in and shows the cost per million tokens', async () => {
    const price = controls().hardware.controls.price_per_gpu_hour;
    expect(price.value).toBeNull(); // the H100 fixture has no price
    const input = await loader.getHarness(MatInputHarness.with({ selector: '[formcontrolname=price_per_gpu_hour]' }));
    await input.setValue('2.5');
    const req = await calculateWith(
      calculateResponse({ cost: { price_per_gpu_hour: 2.5, cost_per_hour: 2.5, cost_per_million_tokens: 4.92 } }),
    );
    expect((req.request.body as CalculateRequest).price_per_gpu_hour).toBe(2.5);
    expect(el.textContent).toContain('$4.92');
  });

  it('leaves empty efficiencies to the runtime and sends the ones typed in', async () => {
    const { efficiency, memory_efficiency } = controls().hardware.controls;
    expect(efficiency.value).toBeNull();
    expect(memory_efficiency.value).toBeNull();
    await calculateWith();
    // Nothing is written back: a number in the field would override every runtime's fitted value.
    expect(efficiency.value).toBeNull();
    expect(store().stale()).toBe(false);

    const input = await loader.getHarness(MatInputHarness.with({ selector: '[formcontrolname=memory_efficiency]' }));
    await input.setValue('0.6');
    click('calculate');
    const req = http.expectOne('/api/calculate');
    expect(req.request.body).toMatchObject({ memory_efficiency: 0.6 });
    expect((req.request.body as CalculateRequest).efficiency).toBeUndefined();
    req.flush(calculateResponse());
    await fixture.whenStable();
    answerSweeps();
  });

  it("offers every runtime, and llama.cpp's GPU layers only under llama.cpp", async () => {
    const runtime = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=runtime-select]' }));
    expect(await runtime.getValueText()).toContain('Auto');
    await runtime.open();
    const options = await Promise.all((await runtime.getOptions()).map((o) => o.getText()));
    expect(options).toEqual(expect.arrayContaining(['llama.cpp', 'vLLM', 'SGLang', 'TensorRT-LLM', 'HF transformers (eager)', 'MLX']));
    expect(byTestId('gpu-layers')).toBeNull();

    await runtime.clickOptions({ text: 'llama.cpp' });
    await fixture.whenStable();
    expect(byTestId('gpu-layers')).not.toBeNull();
    type('gpu-layers', '20');
    click('calculate');
    let req = http.expectOne('/api/calculate');
    expect(req.request.body).toMatchObject({ runtime: 'llama.cpp', gpu_layers: 20 });
    const base = calculateResponse();
    req.flush(
      calculateResponse({
        inputs: { ...base.inputs, runtime: 'llama.cpp', gpu_layers: 20, gpu_memory_utilization: null },
        memory: { ...base.memory, reserved_bytes: null, kv_pool_bytes: null, kv_pool_tokens: null, host_bytes: 9.1e9, gpu_layers: 20 },
      }),
    );
    await fixture.whenStable();
    answerSweeps();
    await fixture.whenStable();
    // No pool: one memory figure; the offloaded part is in host memory.
    expect(text('summary-memory')).toBe('18.8 GB of 80 GB per GPU');
    expect(el.querySelector('[data-figure=host_bytes] dd > span')?.textContent?.trim()).toBe('9.1 GB');
    expect(el.querySelector('[data-figure=host_bytes] dd .note')?.textContent?.trim()).toBe('20 layers on the GPU');
    expect(el.querySelector('[data-figure=reserved_bytes]')).toBeNull();
    expect(text('summary-title')).toContain('· llama.cpp');

    // Another runtime: the field goes, and its value is not sent.
    await runtime.open();
    await runtime.clickOptions({ text: 'vLLM' });
    await fixture.whenStable();
    expect(byTestId('gpu-layers')).toBeNull();
    click('calculate');
    req = http.expectOne('/api/calculate');
    expect(req.request.body).toMatchObject({ runtime: 'vllm' });
    expect(req.request.body).not.toHaveProperty('gpu_layers');
    req.flush(calculateResponse());
    await fixture.whenStable();
    answerSweeps();
  });

  it('calibrates with a measured decode speed, and "Use it" sets the fitted efficiency and recalculates', async () => {
    type('calibrate-value', '120');
    click('calibrate');
    const req = http.expectOne('/api/calibrate');
    expect(req.request.body).toEqual({ ...DEFAULT_REQUEST, measured_tokens_per_second: 120 });
    req.flush({
      parameter: 'memory_efficiency',
      measured: 120,
      unit: 'tokens/s',
      fitted_efficiency: 0.63812,
      current_efficiency: 0.75,
      estimate_at_current: 141.2,
      relative_error_at_current: 0.1767,
      best_possible: 188,
      message: 'memory_efficiency 0.638 reproduces 120 tokens/s.',
      runtime: 'vllm',
    } satisfies CalibrateResponse);
    await fixture.whenStable();
    expect(text('calibrate-result')).toContain('memory_efficiency 0.638 reproduces 120 tokens/s.');
    expect(text('calibrate-result')).toContain('17.7%');

    click('calibrate-use');
    expect(controls().hardware.controls.memory_efficiency.value).toBe(0.638);
    const calc = http.expectOne('/api/calculate');
    expect((calc.request.body as CalculateRequest).memory_efficiency).toBe(0.638);
    calc.flush(calculateResponse());
    await fixture.whenStable();
    answerSweeps();
  });

  it("sends a prefill measurement as measured_prefill_seconds and shows the server's refusal", async () => {
    const prefill = await loader.getHarness(MatButtonToggleHarness.with({ text: 'Prefill seconds' }));
    await prefill.check();
    type('calibrate-value', '0.25');
    click('calibrate');
    const req = http.expectOne('/api/calibrate');
    expect(req.request.body).toMatchObject({ measured_prefill_seconds: 0.25 });
    expect(req.request.body).not.toHaveProperty('measured_tokens_per_second');
    req.flush(...badRequest(['measured_prefill_seconds must be positive']));
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=calibrate-panel] [role=alert]')?.textContent).toContain(
      'measured_prefill_seconds must be positive',
    );
  });

  it('does not calibrate an empty measurement or an invalid form', async () => {
    click('calibrate');
    http.expectNone('/api/calibrate');
    type('calibrate-value', '50');
    controls().inference.controls.batch_size.setValue(null);
    click('calibrate');
    await fixture.whenStable();
    http.expectNone('/api/calibrate');
    expect(el.querySelector('[data-testid=calibrate-panel] [role=alert]')?.textContent).toContain('Some fields need attention');
  });

  it('saves the custom model under a name, loads a saved one back and deletes it', async () => {
    type('save-name', 'my llama');
    click('save-model');
    const save = http.expectOne({ method: 'POST', url: '/api/custom_models' });
    expect(save.request.body).toMatchObject({ name: 'my llama', hidden_size: 4096, num_layers: 32, norm_type: 'rmsnorm' });
    save.flush({ name: 'my llama', saved_at: '2026-01-01T00:00:00Z', model: { ...LLAMA_8B_CONFIG, name: 'my llama', num_layers: 20 } });
    await fixture.whenStable();
    expect(text('saved-message')).toContain('Saved “my llama”.');

    const saved = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=saved-models-select]' }));
    await saved.open();
    await saved.clickOptions({ text: 'my llama' });
    click('load-saved');
    await fixture.whenStable();
    expect(controls().mode.value).toBe('custom');
    expect(controls().preset.value).toBe(''); // the picker no longer names the preset
    expect(controls().custom.getRawValue()).toMatchObject({ name: 'my llama', num_layers: 20 });
    expect(text('saved-message')).toContain('Loaded “my llama”');

    click('delete-saved');
    http.expectOne({ method: 'DELETE', url: '/api/custom_models/my%20llama' }).flush({ deleted: 'my llama' });
    await fixture.whenStable();
    expect(text('saved-message')).toContain('Deleted “my llama”.');
  });

  it("saves under the model's own name when none is typed, and refuses an invalid model", async () => {
    controls().custom.controls.hidden_size.setValue(null);
    click('save-model');
    await fixture.whenStable();
    http.expectNone({ method: 'POST', url: '/api/custom_models' });
    expect(el.textContent).toContain('The custom model has fields that need attention');

    controls().custom.controls.hidden_size.setValue(4096);
    click('save-model');
    const save = http.expectOne({ method: 'POST', url: '/api/custom_models' });
    expect(save.request.body).toMatchObject({ name: 'Llama 3.1 8B' });
    save.flush(...badRequest(['disk full']));
    await fixture.whenStable();
    expect(el.querySelector('app-custom-model-tools [role=alert]')?.textContent).toContain('disk full');
  });

  it('imports a pasted config.json into the custom fields, named after its _name_or_path, and lists the keys not understood', async () => {
    type('import-text', '{"_name_or_path": "Qwen/Qwen2.5-7B", "hidden_size": 2048, "rope_scaling": {}}');
    click('import-config');
    const req = http.expectOne('/api/import_hf_config');
    expect(req.request.body).toEqual({ _name_or_path: 'Qwen/Qwen2.5-7B', hidden_size: 2048, rope_scaling: {} });
    req.flush({
      custom_model: { ...LLAMA_8B_CONFIG, name: 'qwen2 (config.json)', hidden_size: 2048 },
      unknown_keys: ['rope_scaling', 'torch_dtype'],
      notes: ['head_dim taken as hidden_size / num_attention_heads'],
    });
    await fixture.whenStable();
    expect(controls().mode.value).toBe('custom');
    expect(controls().preset.value).toBe('');
    expect(controls().custom.controls.hidden_size.value).toBe(2048);
    expect(controls().custom.controls.name.value).toBe('Qwen/Qwen2.5-7B');
    expect(text('import-unknown')).toContain('Not understood: rope_scaling, torch_dtype');
    expect(text('import-result')).toContain('head_dim taken as');
  });

  it('says "vocab_size is missing" once instead of each rule the missing key breaks', async () => {
    type('import-text', '{"hidden_size": 2048}');
    click('import-config');
    http
      .expectOne('/api/import_hf_config')
      .flush(...badRequest(['vocab_size must be an integer number', 'vocab_size must not be less than 1']));
    await fixture.whenStable();
    expect(text('import-error')).toBe('vocab_size is missing from this config: add it (see the model card) and import again');
  });

  it('says plainly when the pasted text is not JSON, without asking the server', async () => {
    type('import-text', '{ not json');
    click('import-config');
    http.expectNone('/api/import_hf_config');
    await fixture.whenStable();
    expect(text('import-error')).toContain('This is not valid JSON');
  });

  it('downloads the result as JSON and as CSV', async () => {
    const download = TestBed.inject(DownloadService);
    const saveText = jest.spyOn(download, 'text').mockImplementation(() => undefined);
    await calculateWith();
    click('download-json');
    click('download-csv');
    const [json, csv] = saveText.mock.calls;
    expect(JSON.parse(json[0]).model_summary.name).toBe('Llama 3.1 8B');
    expect(json.slice(1)).toEqual(['llama-3-1-8b-nvidia-h100-sxm5-80gb.json', 'application/json']);
    expect(csv[0]).toContain('memory,per_gpu_bytes,18800000000,bytes\r\n');
    expect(csv[1]).toBe('llama-3-1-8b-nvidia-h100-sxm5-80gb.csv');
  });

  it('shows memory in GiB when asked, and keeps the choice', async () => {
    await calculateWith();
    const perGpu = () => el.querySelector('[data-figure=per_gpu_bytes] dd')?.textContent?.trim();
    expect(perGpu()).toBe('18.8 GB');
    const gib = await loader.getHarness(MatButtonToggleHarness.with({ text: 'GiB' }));
    await gib.check();
    await fixture.whenStable();
    expect(perGpu()).toBe('17.5 GiB');
    expect(localStorage.getItem('llm-calc.byte-unit')).toBe('GiB');
    localStorage.removeItem('llm-calc.byte-unit');
  });

  it('shows the CLI command and the share link for the current inputs', async () => {
    click('copy-cli');
    await fixture.whenStable();
    expect(text('shared-text')).toBe(
      // The registry's order.
      'npm run calc -- calculate --model llama-3.1-8b --gpu h100-sxm --sequence-length 4096 --output-tokens 1000 --batch-size 1 ' +
        '--precision bf16 --kv-cache-precision bf16 --num-gpus 1 --tensor-parallel 1 --pipeline-parallel 1 --runtime auto',
    );

    controls().inference.controls.batch_size.setValue(4);
    controls().hardware.controls.runtime.setValue('sglang');
    click('copy-cli');
    await fixture.whenStable();
    expect(text('shared-text')).toContain('--runtime sglang');
    click('copy-link');
    await fixture.whenStable();
    const url = new URL(text('shared-text') ?? '');
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('model')).toBe('llama-3.1-8b');
    expect(url.searchParams.get('gpu')).toBe('h100-sxm');
    expect(url.searchParams.get('batch_size')).toBe('4');
    expect(url.searchParams.get('runtime')).toBe('sglang');
  });

  it('keeps the address bar following the form', async () => {
    controls().inference.controls.sequence_length.setValue(8192);
    await new Promise((resolve) => setTimeout(resolve, 400)); // the URL is written once the form rests
    await fixture.whenStable();
    const router = TestBed.inject(Router);
    const params = router.parseUrl(router.url).queryParams;
    expect(params).toMatchObject({ model: 'llama-3.1-8b', gpu: 'h100-sxm', sequence_length: '8192' });
  });
});

describe('CalculatorPage opened from a share link', () => {
  let http: HttpTestingController;

  afterEach(() => http.verify());

  it('restores a preset link and calculates it at once, without logging it', async () => {
    let fixture: ComponentFixture<CalculatorPage>;
    ({ fixture, http } = await openPage(
      '/?model=llama-3.1-70b&gpu=h100-sxm&batch_size=4&sequence_length=8192&precision=fp8&price_per_gpu_hour=3.1&runtime=tensorrt-llm',
    ));
    const calc = http.expectOne('/api/calculate?log=false');
    expect(calc.request.body).toMatchObject({
      model: 'llama-3.1-70b',
      gpu: 'h100-sxm',
      batch_size: 4,
      sequence_length: 8192,
      precision: 'fp8',
      price_per_gpu_hour: 3.1,
      output_tokens: 1000,
      runtime: 'tensorrt-llm',
    });
    http.expectOne('/api/model_config/llama-3.1-70b').flush({ ...LLAMA_8B_CONFIG, id: 'llama-3.1-70b', name: 'Llama 3.1 70B' });
    calc.flush(calculateResponse());
    await fixture.whenStable();
    expect(http.match('/api/sweep')).toHaveLength(3);
    expect(fixture.nativeElement.querySelector('[data-testid=link-notice]')).toBeNull();
  });

  it('restores a custom model link', async () => {
    let fixture: ComponentFixture<CalculatorPage>;
    ({ fixture, http } = await openPage(
      '/?model_name=tiny%20one&hidden_size=1024&intermediate_size=4096&num_layers=8&num_attention_heads=8&num_kv_heads=2' +
        '&head_dim=128&vocab_size=32000&tie_word_embeddings=true&ffn_type=plain&sliding_window=4096&norm_type=layernorm' +
        '&gpu=v100-sxm2-32gb&precision=bf16',
    ));
    const calc = http.expectOne('/api/calculate?log=false');
    const body = calc.request.body as CalculateRequest;
    expect(body.model).toBeUndefined();
    expect(body.custom_model).toMatchObject({
      name: 'tiny one',
      hidden_size: 1024,
      num_layers: 8,
      num_kv_heads: 2,
      tie_word_embeddings: true,
      ffn_type: 'plain',
      sliding_window: 4096,
      norm_type: 'layernorm',
      num_experts: 1,
    });
    expect(body.gpu).toBe('v100-sxm2-32gb');
    expect(body.precision).toBe('fp16'); // the V100 cannot run bf16
    calc.flush(...badRequest(['nope']));
    await fixture.whenStable();
    http.expectNone('/api/sweep');
  });

  it('says which model of a link it does not have, keeps the defaults and does not calculate', async () => {
    let fixture: ComponentFixture<CalculatorPage>;
    ({ fixture, http } = await openPage('/?model=my-model&gpu=h100-sxm&batch_size=4'));
    http.expectOne('/api/model_config/llama-3.1-8b').flush(LLAMA_8B_CONFIG);
    await fixture.whenStable();
    http.expectNone('/api/calculate?log=false');
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid=link-notice]')?.textContent).toContain('the model “my-model”');
    const store = fixture.debugElement.injector.get(CalculatorStore);
    expect(store.controls.mode.value).toBe('preset');
    expect(store.controls.preset.value).toBe('llama-3.1-8b');
    expect(store.controls.inference.controls.batch_size.value).toBe(4); // the rest of the link is kept
  });
});

describe('toCalculateRequest', () => {
  it('sends null for empty advanced fields and dense defaults for empty MoE fields', () => {
    TestBed.configureTestingModule({});
    const form = buildCalculatorForm(TestBed.inject(NonNullableFormBuilder));
    form.controls.mode.setValue('custom');
    form.controls.hardware.controls.gpu.setValue('h100-sxm');
    form.controls.custom.patchValue({ sliding_window: 4096 });
    const body = toCalculateRequest(form);
    expect(body.custom_model).toMatchObject({
      num_experts: 1,
      experts_per_token: 1,
      expert_intermediate_size: 14336,
      num_shared_experts: 0,
      first_dense_layers: 0,
      kv_lora_rank: null,
      qk_rope_head_dim: null,
      sliding_window: 4096,
      sliding_window_pattern: null,
    });
  });
});
