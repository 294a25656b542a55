import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NonNullableFormBuilder } from '@angular/forms';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HarnessLoader } from '@angular/cdk/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import type { CalculateRequest } from '@llm-calc/contracts';
import { GPUS, LLAMA_8B_CONFIG, MODELS, calculateResponse } from '../testing/fixtures';
import { CalculatorPage } from './calculator-page';
import { buildCalculatorForm, toCalculateRequest } from './calculator-form';

describe('CalculatorPage', () => {
  let fixture: ComponentFixture<CalculatorPage>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let el: HTMLElement;

  /** The page's form, reached through the component instance (protected in the class). */
  const form = () => (fixture.componentInstance as unknown as { form: ReturnType<typeof buildCalculatorForm> }).form;

  async function setUp(): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CalculatorPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CalculatorPage);
    el = fixture.nativeElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/available_models').flush(MODELS);
    http.expectOne('/api/gpu_configs').flush(GPUS);
    http.expectOne('/api/model_config/llama-3.1-8b').flush(LLAMA_8B_CONFIG);
    await fixture.whenStable();
  }

  beforeEach(setUp);
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
      efficiency: 0.3,
      memory_efficiency: 0.8,
    } satisfies CalculateRequest);
    await fixture.whenStable();
    expect((el.querySelector('[data-testid=calculate]') as HTMLButtonElement).disabled).toBe(true);

    req.flush(calculateResponse());
    await fixture.whenStable();
    const titles = Array.from(el.querySelectorAll('mat-card-title')).map((t) => t.textContent?.trim());
    expect(titles).toEqual(['Model Summary', 'Memory Requirements', 'Computational Requirements', 'Performance Estimates']);
    const text = el.textContent ?? '';
    expect(text).toContain('8.03B');
    expect(text).toContain('18.8 GB');
    expect(text).toContain('Fits');
    expect(text).toContain('141 tok/s');
    expect(text).toContain('memory-bound (0.94 FLOP/B vs ridge 295 FLOP/B)');
    expect((el.querySelector('[data-testid=calculate]') as HTMLButtonElement).disabled).toBe(false);
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
