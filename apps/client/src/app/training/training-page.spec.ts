import { provideRouter } from '@angular/router';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { GPUS, MODELS, SAVED_MODEL } from '../testing/fixtures';
import { TRAINING_RESPONSE } from '../testing/planning-fixtures';
import { buildTrainingForm, toTrainingRequest } from './training-form';
import { TrainingPage } from './training-page';

describe('TrainingPage', () => {
  let fixture: ComponentFixture<TrainingPage>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let el: HTMLElement;

  const submit = () => (el.querySelector('[data-testid=training-submit]') as HTMLButtonElement).click();
  const input = (selector: string) => loader.getHarness(MatInputHarness.with({ selector }));

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TrainingPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TrainingPage);
    el = fixture.nativeElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/custom_models').flush({ models: [SAVED_MODEL] });
    http.expectOne('/api/available_models').flush(MODELS);
    http.expectOne('/api/gpu_configs').flush(GPUS);
    await fixture.whenStable();
  });

  it('trains a custom model saved from the calculator, sent as custom_model', async () => {
    const model = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=training-model]' }));
    await model.open();
    await model.clickOptions({ text: 'my llama' });
    submit();
    const req = http.expectOne('/api/training');
    expect(req.request.body.custom_model).toEqual(SAVED_MODEL.model);
    expect('model' in req.request.body).toBe(false);
    req.flush(TRAINING_RESPONSE);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('sends the form as a training request, tokens in billions turned into tokens', async () => {
    expect(await (await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=training-gpu]' }))).getValueText()).toContain(
      'NVIDIA H100 SXM5 80GB',
    );
    const gpu = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=training-gpu]' }));
    await gpu.open();
    await gpu.clickOptions({ text: /V100/ });
    await (await input('[data-testid=training-tokens]')).setValue('15000');
    await (await input('[data-testid=training-num-gpus]')).setValue('1024');
    await (await input('[formControlName=price_per_gpu_hour]')).setValue('2.5');
    submit();
    const req = http.expectOne('/api/training');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      model: 'llama-3.1-8b',
      gpu: 'v100-sxm2-32gb',
      num_gpus: 1024,
      training_tokens: 15e12,
      sequence_length: 4096,
      micro_batch_size: 1,
      precision: 'bf16',
      zero_stage: 1,
      activation_recompute: 'selective',
      mfu: 0.4,
      price_per_gpu_hour: 2.5,
    });
    req.flush(TRAINING_RESPONSE);
    await fixture.whenStable();

    const text = (id: string) => el.querySelector(`[data-testid=${id}]`)?.textContent?.replace(/\s+/g, ' ').trim();
    expect(text('training-flops')).toBe('4.82e22 FLOP');
    expect(text('training-time')).toBe('176 days (4,233 h)');
    expect(text('training-gpu-hours')).toBe('33,862 GPU-h');
    expect(text('training-cost')).toBe('$94,815 at $2.80/GPU-hour');
    expect(text('training-memory-total')).toBe('64.5 GB of 80 GB');
    expect(text('training-memory')).toContain('Optimizer states');
    expect(text('training-fits')).toContain('Fits: 15.5 GB to spare');
  });

  it('shows field messages and sends nothing while the form is invalid', async () => {
    await (await input('[data-testid=training-mfu]')).setValue('1.5');
    await (await input('[data-testid=training-num-gpus]')).setValue('2.5');
    await (await input('[formControlName=micro_batch_size]')).setValue('');
    submit();
    await fixture.whenStable();
    http.expectNone('/api/training');
    const errors = await Promise.all(
      (await loader.getAllHarnesses(MatFormFieldHarness)).map(async (f) => [await f.getLabel(), await f.getTextErrors()] as const),
    );
    const byLabel = Object.fromEntries(errors.filter(([, e]) => e.length > 0));
    expect(byLabel).toEqual({
      'Number of GPUs': ['Must be a whole number'],
      'Micro-batch size': ['Required'],
      MFU: ['Must be at most 1'],
    });
  });

  it("shows the server's messages in the form's words, one per line, and drops the old result", async () => {
    submit();
    http.expectOne('/api/training').flush(TRAINING_RESPONSE);
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=training-results]')).not.toBeNull();

    submit();
    http.expectOne('/api/training').flush(
      {
        statusCode: 400,
        message: ["precision 'bf16' is not supported on NVIDIA V100 SXM2 32GB", 'mfu must be in (0, 1]'],
        error: 'Bad Request',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    // In the form's words: its labels ("Precision" as this form says, not the calculator's "Weights precision").
    expect(el.querySelector('[data-testid=training-error]')?.textContent).toBe(
      "Precision 'bf16' is not supported on NVIDIA V100 SXM2 32GB\nMFU must be in (0, 1]",
    );
    expect(el.querySelector('[data-testid=training-results]')).toBeNull();
  });

  it('says when the run does not fit and when there is no price', async () => {
    submit();
    http.expectOne('/api/training').flush({
      ...TRAINING_RESPONSE,
      fits: false,
      per_gpu: { ...TRAINING_RESPONSE.per_gpu, total_bytes: 100e9 },
      cost: { price_per_gpu_hour: null, total_cost: null },
    });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=training-fits]')?.textContent).toContain('Does not fit: 20 GB over');
    expect(el.querySelector('[data-testid=training-cost]')?.textContent).toContain('No price for this GPU');
  });
});

describe('toTrainingRequest', () => {
  it('leaves an empty price out so the server uses the catalogue price', () => {
    const form = buildTrainingForm(TestBed.inject(NonNullableFormBuilder));
    form.patchValue({ model: 'm', gpu: 'g', training_tokens_billions: 0.5, zero_stage: 3, activation_recompute: 'full' });
    const request = toTrainingRequest(form.getRawValue());
    expect(request).toMatchObject({ training_tokens: 5e8, zero_stage: 3, activation_recompute: 'full', num_gpus: 8 });
    expect('price_per_gpu_hour' in request).toBe(false);
  });
});
