import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { NonNullableFormBuilder } from '@angular/forms';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HarnessLoader } from '@angular/cdk/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import type { CalculateRequest, CalibrateResponse, SweepResponse } from '@llm-calc/contracts';
import { GPUS, LLAMA_8B_CONFIG, MODELS, calculateResponse } from '../testing/fixtures';
import { DownloadService } from '../shared/download';
import { CalculatorPage } from './calculator-page';
import { buildCalculatorForm, toCalculateRequest } from './calculator-form';

describe('CalculatorPage', () => {
  let fixture: ComponentFixture<CalculatorPage>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let el: HTMLElement;

  /** The page's form, reached through the component instance (protected in the class). */
  const form = () => (fixture.componentInstance as unknown as { form: ReturnType<typeof buildCalculatorForm> }).form;

  /** Creates the page at `url` (a share link, or plain `/`) and answers the catalogue requests. */
  async function create(url = '/'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CalculatorPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(Router).navigateByUrl(url);
    fixture = TestBed.createComponent(CalculatorPage);
    el = fixture.nativeElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/available_models').flush(MODELS);
    http.expectOne('/api/gpu_configs').flush(GPUS);
    http.expectOne('/api/custom_models').flush({ models: [] });
  }

  async function setUp(): Promise<void> {
    await create();
    http.expectOne('/api/model_config/llama-3.1-8b').flush(LLAMA_8B_CONFIG);
    await fixture.whenStable();
  }

  /** The three scaling sweeps that follow a successful calculation, answered with no points. */
  function answerSweeps(): SweepResponse['vary'][] {
    const requests = http.match('/api/sweep');
    expect(requests).toHaveLength(3);
    return requests.map((r) => {
      const vary = (r.request.body as { vary: SweepResponse['vary'] }).vary;
      r.flush({ vary, points: [] } satisfies SweepResponse);
      return vary;
    });
  }

  /** A protected member of the page, for the tests that drive it directly. */
  const page = () => fixture.componentInstance as unknown as Record<string, (...args: unknown[]) => void>;

  // The first test compiles the page and its Material parts: give the hook room on a busy machine.
  beforeEach(setUp, 30_000);
  afterEach(() => http.verify());

  it('picks the default preset and GPU and fills the custom form from the preset', () => {
    const f = form();
    expect(f.controls.preset.value).toBe('llama-3.1-8b');
    expect(f.controls.hardware.controls.gpu.value).toBe('h100-sxm');
    expect(f.controls.mode.value).toBe('preset');
    expect(f.controls.custom.getRawValue()).toMatchObject({ name: 'Llama 3.1 8B', hidden_size: 4096, num_kv_heads: 8, num_experts: null });
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

  it('sends the preset, GPU and defaults, then shows the four result cards', async () => {
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/calculate');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
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
      efficiency: 0.42,
      memory_efficiency: 0.75,
    } satisfies CalculateRequest);
    await fixture.whenStable();
    expect((el.querySelector('[data-testid=calculate]') as HTMLButtonElement).disabled).toBe(true);

    req.flush(calculateResponse());
    await fixture.whenStable();
    const titles = Array.from(el.querySelectorAll('app-result-cards mat-card-title')).map((t) => t.textContent?.trim());
    expect(titles).toEqual(['Model Summary', 'Memory Requirements', 'Computational Requirements', 'Performance Estimates']);
    const text = el.textContent ?? '';
    expect(text).toContain('8.03B');
    expect(text).toContain('18.8 GB');
    expect(text).toContain('Fits');
    expect(text).toContain('141 tok/s');
    expect(text).toContain('memory-bound (0.94 FLOP/B vs ridge 295 FLOP/B)');
    expect(text).toContain('Prefill + 1,000 tokens');
    expect((el.querySelector('[data-testid=calculate]') as HTMLButtonElement).disabled).toBe(false);
    expect(answerSweeps().sort()).toEqual(['batch_size', 'num_gpus', 'sequence_length']);
  });

  it('switches to custom when a field is edited and sends the custom model', async () => {
    const layers = await loader.getHarness(MatInputHarness.with({ selector: 'input[name=num_layers]' }));
    await layers.setValue('40');
    expect(form().controls.mode.value).toBe('custom');

    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
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
    answerSweeps();
  });

  it('validates whole numbers, minimum and required with inline messages', async () => {
    const batch = form().controls.inference.controls.batch_size;
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

    // An invalid form is not sent.
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    http.expectNone('/api/calculate');
  });

  it('rejects efficiencies outside (0, 1]', () => {
    const efficiency = form().controls.hardware.controls.efficiency;
    efficiency.setValue(1.5);
    expect(efficiency.hasError('max')).toBe(true);
    efficiency.setValue(0);
    expect(efficiency.hasError('min')).toBe(true);
    efficiency.setValue(0.3);
    expect(efficiency.valid).toBe(true);
  });

  it('disables precisions the GPU cannot run, with the reason, and leaves a supported one chosen', async () => {
    const gpu = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=gpu-select]' }));
    await gpu.open();
    await gpu.clickOptions({ text: /V100/ });
    expect(form().controls.inference.controls.precision.value).toBe('fp16');
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

  it('shows every line of an API error plainly', async () => {
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    http.expectOne('/api/calculate').flush(
      { statusCode: 400, message: ['tensor_parallel must divide num_attention_heads', 'batch_size must not be greater than 100000'], error: 'Bad Request' },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    const items = Array.from(el.querySelectorAll('[data-testid=calculate-error] li')).map((li) => li.textContent?.trim());
    expect(items).toEqual(['tensor_parallel must divide num_attention_heads', 'batch_size must not be greater than 100000']);
  });

  it('shows a model name with markup as text', async () => {
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    const evil = '<img src=x onerror=alert(1)>';
    const response = calculateResponse();
    http.expectOne('/api/calculate').flush({ ...response, model_summary: { ...response.model_summary, name: evil } });
    await fixture.whenStable();
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain(evil);
    answerSweeps();
  });

  it('asks for the scaling sweeps only after a successful calculation, built from the sent request', async () => {
    form().controls.hardware.controls.pipeline_parallel.setValue(2);
    form().controls.hardware.controls.num_gpus.setValue(2);
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
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
    expect(contexts).toHaveLength(12);
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
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    http.expectOne('/api/calculate').flush(calculateResponse());
    await fixture.whenStable();
    for (const r of http.match('/api/sweep')) {
      if ((r.request.body as { vary: string }).vary === 'num_gpus') {
        r.flush({ statusCode: 400, message: ['values: 3 GPUs is not a multiple of pipeline_parallel (2)'], error: 'Bad Request' }, { status: 400, statusText: 'Bad Request' });
      } else {
        r.flush({ vary: (r.request.body as { vary: SweepResponse['vary'] }).vary, points: [] });
      }
    }
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=scaling-gpus] [role=alert]')?.textContent).toContain('not a multiple of pipeline_parallel');
  });

  it('fills the price from the chosen GPU and sends it', async () => {
    const price = form().controls.hardware.controls.price_per_gpu_hour;
    expect(price.value).toBeNull(); // the H100 fixture has no price
    price.setValue(2.5);
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/calculate');
    expect((req.request.body as CalculateRequest).price_per_gpu_hour).toBe(2.5);
    req.flush(calculateResponse({ cost: { price_per_gpu_hour: 2.5, cost_per_hour: 2.5, cost_per_million_tokens: 4.92 } }));
    await fixture.whenStable();
    expect(el.textContent).toContain('$4.92');
    answerSweeps();
  });

  it('writes the server\'s efficiencies back only into empty fields', async () => {
    const { efficiency, memory_efficiency } = form().controls.hardware.controls;
    efficiency.setValue(null);
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/calculate');
    expect((req.request.body as CalculateRequest).efficiency).toBeUndefined();
    const response = calculateResponse();
    req.flush({ ...response, inputs: { ...response.inputs, efficiency: 0.42, memory_efficiency: 0.9 } });
    await fixture.whenStable();
    expect(efficiency.value).toBe(0.42);
    expect(memory_efficiency.value).toBe(0.75); // the form had one: kept
    answerSweeps();
  });

  it('calibrates with a measurement and "Use it" sets the fitted efficiency and recalculates', async () => {
    page()['calibrate']({ kind: 'decode', value: 120 });
    const req = http.expectOne('/api/calibrate');
    expect(req.request.body).toMatchObject({ model: 'llama-3.1-8b', gpu: 'h100-sxm', measured_tokens_per_second: 120 });
    expect(req.request.body).not.toHaveProperty('measured_prefill_seconds');
    req.flush({
      parameter: 'memory_efficiency', measured: 120, unit: 'tokens/s', fitted_efficiency: 0.63812,
      current_efficiency: 0.75, estimate_at_current: 141.2, relative_error_at_current: 0.1767, best_possible: 188,
      message: 'memory_efficiency 0.638 reproduces 120 tokens/s.',
    } satisfies CalibrateResponse);
    await fixture.whenStable();
    const result = el.querySelector('[data-testid=calibrate-result]');
    expect(result?.textContent).toContain('memory_efficiency 0.638 reproduces 120 tokens/s.');
    expect(result?.textContent).toContain('17.7%');

    (el.querySelector('[data-testid=calibrate-use]') as HTMLButtonElement).click();
    expect(form().controls.hardware.controls.memory_efficiency.value).toBe(0.638);
    const calc = http.expectOne('/api/calculate');
    expect((calc.request.body as CalculateRequest).memory_efficiency).toBe(0.638);
    calc.flush(calculateResponse());
    await fixture.whenStable();
    answerSweeps();
  });

  it('sends a prefill measurement as measured_prefill_seconds', () => {
    page()['calibrate']({ kind: 'prefill', value: 0.25 });
    const req = http.expectOne('/api/calibrate');
    expect(req.request.body).toMatchObject({ measured_prefill_seconds: 0.25 });
    expect(req.request.body).not.toHaveProperty('measured_tokens_per_second');
    req.flush({ statusCode: 400, message: ['measured_prefill_seconds must be positive'], error: 'Bad Request' }, { status: 400, statusText: 'Bad Request' });
  });

  it('saves the custom model under a name and loads a saved one back', async () => {
    page()['saveCustomModel']('my llama');
    const save = http.expectOne({ method: 'POST', url: '/api/custom_models' });
    expect(save.request.body).toMatchObject({ name: 'my llama', hidden_size: 4096, num_layers: 32, norm_type: 'rmsnorm' });
    save.flush({ name: 'my llama', saved_at: '2026-01-01T00:00:00Z', model: { ...LLAMA_8B_CONFIG, name: 'my llama', num_layers: 20 } });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=saved-message]')?.textContent).toContain('Saved “my llama”.');

    const saved = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=saved-models-select]' }));
    await saved.open();
    await saved.clickOptions({ text: 'my llama' });
    (el.querySelector('[data-testid=load-saved]') as HTMLButtonElement).click();
    expect(form().controls.mode.value).toBe('custom');
    expect(form().controls.custom.getRawValue()).toMatchObject({ name: 'my llama', num_layers: 20 });

    (el.querySelector('[data-testid=delete-saved]') as HTMLButtonElement).click();
    http.expectOne({ method: 'DELETE', url: '/api/custom_models/my%20llama' }).flush({ deleted: 'my llama' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=saved-message]')?.textContent).toContain('Deleted “my llama”.');
  });

  it('imports a pasted config.json into the custom fields and lists the keys not understood', async () => {
    page()['importConfig']('{"hidden_size": 2048, "rope_scaling": {}}');
    const req = http.expectOne('/api/import_hf_config');
    expect(req.request.body).toEqual({ hidden_size: 2048, rope_scaling: {} });
    req.flush({
      custom_model: { ...LLAMA_8B_CONFIG, name: 'imported', hidden_size: 2048 },
      unknown_keys: ['rope_scaling', 'torch_dtype'],
      notes: ['head_dim taken as hidden_size / num_attention_heads'],
    });
    await fixture.whenStable();
    expect(form().controls.mode.value).toBe('custom');
    expect(form().controls.custom.controls.hidden_size.value).toBe(2048);
    expect(el.querySelector('[data-testid=import-unknown]')?.textContent).toContain('Not understood: rope_scaling, torch_dtype');
    expect(el.querySelector('[data-testid=import-result]')?.textContent).toContain('head_dim taken as');
  });

  it('says plainly when the pasted text is not JSON, without asking the server', async () => {
    page()['importConfig']('{ not json');
    http.expectNone('/api/import_hf_config');
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=import-error]')?.textContent).toContain('This is not valid JSON');
  });

  it('downloads the result as JSON and as CSV', async () => {
    const download = TestBed.inject(DownloadService);
    const text = jest.spyOn(download, 'text').mockImplementation(() => undefined);
    (el.querySelector('[data-testid=calculate]') as HTMLButtonElement).click();
    http.expectOne('/api/calculate').flush(calculateResponse());
    await fixture.whenStable();
    answerSweeps();
    (el.querySelector('[data-testid=download-json]') as HTMLButtonElement).click();
    (el.querySelector('[data-testid=download-csv]') as HTMLButtonElement).click();
    const [json, csv] = text.mock.calls;
    expect(JSON.parse(json[0]).model_summary.name).toBe('Llama 3.1 8B');
    expect(json.slice(1)).toEqual(['llama-3-1-8b-nvidia-h100-sxm5-80gb.json', 'application/json']);
    expect(csv[0]).toContain('memory,per_gpu_bytes,18800000000,bytes\r\n');
    expect(csv[1]).toBe('llama-3-1-8b-nvidia-h100-sxm5-80gb.csv');
  });

  it('shows the CLI command for the current inputs', async () => {
    (el.querySelector('[data-testid=copy-cli]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=shared-text]')?.textContent).toBe(
      'npm run calc -- calculate --model llama-3.1-8b --gpu h100-sxm --precision bf16 --kv-cache-precision bf16 --batch-size 1 ' +
        '--sequence-length 4096 --output-tokens 1000 --num-gpus 1 --tensor-parallel 1 --pipeline-parallel 1 --efficiency 0.42 ' +
        '--memory-efficiency 0.75',
    );
  });
});

describe('CalculatorPage opened from a share link', () => {
  let http: HttpTestingController;

  async function open(url: string): Promise<ComponentFixture<CalculatorPage>> {
    TestBed.configureTestingModule({
      imports: [CalculatorPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await TestBed.inject(Router).navigateByUrl(url);
    const fixture = TestBed.createComponent(CalculatorPage);
    fixture.detectChanges();
    http.expectOne('/api/available_models').flush(MODELS);
    http.expectOne('/api/gpu_configs').flush(GPUS);
    http.expectOne('/api/custom_models').flush({ models: [] });
    return fixture;
  }

  afterEach(() => http.verify());

  it('restores a preset link and calculates it at once', async () => {
    const fixture = await open('/?model=llama-3.1-70b&gpu=h100-sxm&batch_size=4&sequence_length=8192&precision=fp8&price_per_gpu_hour=3.1');
    const calc = http.expectOne('/api/calculate');
    expect(calc.request.body).toMatchObject({
      model: 'llama-3.1-70b', gpu: 'h100-sxm', batch_size: 4, sequence_length: 8192, precision: 'fp8', price_per_gpu_hour: 3.1,
      output_tokens: 1000, efficiency: 0.42,
    });
    http.expectOne('/api/model_config/llama-3.1-70b').flush({ ...LLAMA_8B_CONFIG, id: 'llama-3.1-70b', name: 'Llama 3.1 70B' });
    calc.flush(calculateResponse());
    await fixture.whenStable();
    expect(http.match('/api/sweep')).toHaveLength(3);
  });

  it('restores a custom model link', async () => {
    const fixture = await open(
      '/?model_name=tiny%20one&hidden_size=1024&intermediate_size=4096&num_layers=8&num_attention_heads=8&num_kv_heads=2' +
        '&head_dim=128&vocab_size=32000&tie_word_embeddings=true&ffn_type=plain&sliding_window=4096&norm_type=layernorm' +
        '&gpu=v100-sxm2-32gb&precision=bf16',
    );
    const calc = http.expectOne('/api/calculate');
    const body = calc.request.body as CalculateRequest;
    expect(body.model).toBeUndefined();
    expect(body.custom_model).toMatchObject({
      name: 'tiny one', hidden_size: 1024, num_layers: 8, num_kv_heads: 2, tie_word_embeddings: true, ffn_type: 'plain',
      sliding_window: 4096, norm_type: 'layernorm', num_experts: 1,
    });
    expect(body.gpu).toBe('v100-sxm2-32gb');
    expect(body.precision).toBe('fp16'); // the V100 cannot run bf16
    calc.flush({ statusCode: 400, message: ['nope'], error: 'Bad Request' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    http.expectNone('/api/sweep');
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
