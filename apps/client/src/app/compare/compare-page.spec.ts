import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { By } from '@angular/platform-browser';
import { BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';
import { FileDownloader } from '../shared/export';
import { GPUS, MODELS, SAVED_MODEL } from '../testing/fixtures';
import { COMPARE_RESPONSE } from '../testing/planning-fixtures';
import { CompareChart } from './compare-chart';
import { ComparePage } from './compare-page';
import { buildCompareForm, toCompareRequest } from './compare-form';
import { NonNullableFormBuilder } from '@angular/forms';
import { Router, provideRouter } from '@angular/router';

describe('ComparePage', () => {
  let fixture: ComponentFixture<ComparePage>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let el: HTMLElement;
  let saved: { name: string; text: string }[];

  const rowNames = () => Array.from(el.querySelectorAll('[data-testid=compare-gpu-name]')).map((c) => c.textContent?.trim());

  async function compare(): Promise<Record<string, unknown>> {
    (el.querySelector('[data-testid=compare-submit]') as HTMLButtonElement).click();
    const req = http.expectOne('/api/compare');
    expect(req.request.method).toBe('POST');
    req.flush(COMPARE_RESPONSE);
    await fixture.whenStable();
    return req.request.body as Record<string, unknown>;
  }

  beforeEach(async () => {
    saved = [];
    TestBed.configureTestingModule({
      imports: [ComparePage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Tooltip] }),
        {
          provide: FileDownloader,
          useValue: {
            saveCsv: (name: string, text: string) => saved.push({ name, text }),
            saveJson: (name: string, value: unknown) => saved.push({ name, text: JSON.stringify(value) }),
            save: jest.fn(),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ComparePage);
    el = fixture.nativeElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/custom_models').flush({ models: [SAVED_MODEL] });
    http.expectOne('/api/available_models').flush(MODELS);
    http.expectOne('/api/gpu_configs').flush(GPUS);
    await fixture.whenStable();
  });

  it('writes the comparison asked for into the URL', async () => {
    await compare();
    const url = TestBed.inject(Router).url;
    expect(url).toContain('model=llama-3.1-8b');
    expect(url).toContain('gpu_count=fewest');
  });

  it('compares a custom model saved from the calculator, sent as custom_model', async () => {
    const model = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=compare-model]' }));
    await model.open();
    const groups = await model.getOptionGroups();
    expect(await groups[groups.length - 1].getLabelText()).toBe('Saved custom models');
    await model.clickOptions({ text: 'my llama' });
    const body = await compare();
    expect(body['custom_model']).toEqual(SAVED_MODEL.model);
    expect('model' in body).toBe(false);
  });

  afterEach(() => {
    // The max-batch column asks POST /api/fit for each GPU that fits.
    for (const fit of http.match('/api/fit')) fit.flush({ max_batch_size: 12, max_sequence_length: 50_000, min_gpus: 1 });
    http.verify();
  });

  it('starts from Llama 3.1 8B and compares every GPU when none is chosen', async () => {
    const model = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=compare-model]' }));
    expect(await model.getValueText()).toBe('Llama 3.1 8B');
    expect(await compare()).toEqual({
      model: 'llama-3.1-8b',
      sequence_length: 4096,
      output_tokens: 1000,
      batch_size: 1,
      precision: 'bf16',
      kv_cache_precision: 'bf16',
      runtime: 'auto', // efficiencies left to each runtime's fitted values
      fewest_gpus: true,
    });
  });

  it('sends the chosen GPUs only', async () => {
    const gpus = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=compare-gpus]' }));
    await gpus.open();
    await gpus.clickOptions({ text: /V100/ });
    await gpus.close();
    expect((await compare())['gpus']).toEqual(['v100-sxm2-32gb']);
  });

  it('lists every GPU, greys the unsupported one with its reason, and highlights the cheapest that fits', async () => {
    await compare();
    const rows = Array.from(el.querySelectorAll<HTMLElement>('[data-testid=compare-row]'));
    expect(rows).toHaveLength(5);
    const v100 = rows.find((r) => r.dataset['gpu'] === 'v100-sxm2-32gb');
    expect(v100?.classList).toContain('unsupported');
    expect(v100?.textContent).toContain("precision 'bf16' is not supported");
    expect(v100?.textContent).toContain('Not supported');

    // Each speed with the band of its runtime's measured errors, and the runtime it is for.
    const h100 = rows.find((r) => r.dataset['gpu'] === 'h100-sxm');
    expect(h100?.querySelector('[data-testid=compare-tps]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('161 tok/s 85–110 tok/s');
    expect(h100?.querySelector('[data-testid=compare-runtime-name]')?.textContent?.trim()).toBe('vLLM');
    expect(v100?.querySelector('[data-testid=compare-tps] .band')).toBeNull();

    const highlighted = rows.filter((r) => r.classList.contains('cheapest'));
    expect(highlighted.map((r) => r.dataset['gpu'])).toEqual(['rtx-3090']);
    expect(highlighted[0].querySelector('[data-testid=cheapest-badge]')).not.toBeNull();
    expect(highlighted[0].textContent).toContain('$1.54');
    expect(el.querySelector('[data-testid=cheapest-summary]')?.textContent).toContain(
      'Cheapest GPU that fits: NVIDIA GeForce RTX 3090 at $1.54 per million tokens',
    );
  });

  it('says so when nothing fits', async () => {
    (el.querySelector('[data-testid=compare-submit]') as HTMLButtonElement).click();
    http.expectOne('/api/compare').flush({
      results: COMPARE_RESPONSE.results.map((r) => ({ ...r, fits: false })),
      cheapest_fitting: null,
    });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=cheapest-summary]')?.textContent).toContain('No GPU fits this workload');
    expect(el.querySelector('[data-testid=compare-chart-empty]')).not.toBeNull();
  });

  it('sorts in the browser and exports the rows in the order shown', async () => {
    await compare();
    // Ranked by cost at first (cheapest that fits on top; what does not fit, then what cannot run, last).
    expect(rowNames()).toEqual([
      'NVIDIA GeForce RTX 3090',
      'NVIDIA H100 SXM5 80GB',
      'NVIDIA GeForce RTX 4080',
      'Apple M2 Ultra',
      'NVIDIA V100 SXM2 32GB',
    ]);
    const sort = await loader.getHarness(MatSortHarness);
    const [price] = await sort.getSortHeaders({ label: '$/M tokens' });
    await price.click(); // now the dearest first, still the fitting ones above the others
    expect(rowNames()).toEqual([
      'NVIDIA H100 SXM5 80GB',
      'NVIDIA GeForce RTX 3090',
      'NVIDIA GeForce RTX 4080',
      'Apple M2 Ultra',
      'NVIDIA V100 SXM2 32GB',
    ]);
    (el.querySelector('[data-testid=compare-export-csv]') as HTMLButtonElement).click();
    expect(saved[0].name).toMatch(/^gpu-comparison-.*\.csv$/);
    const gpus = saved[0].text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(gpus).toEqual(['h100-sxm', 'rtx-3090', 'rtx-4080', 'apple-m2-ultra', 'v100-sxm2-32gb']);

    (el.querySelector('[data-testid=compare-export-json]') as HTMLButtonElement).click();
    const json = JSON.parse(saved[1].text) as { cheapest_fitting: string; results: unknown[] };
    expect(json.cheapest_fitting).toBe('rtx-3090');
    expect(json.results).toHaveLength(5);
  });

  it('charts the GPUs that fit and switches the figure to price', async () => {
    await compare();
    const chart = () => fixture.debugElement.query(By.directive(CompareChart)).componentInstance as CompareChart;
    expect(chart().metric()).toBe('aggregate_tokens_per_second');
    const toggle = await loader.getHarness(MatButtonToggleHarness.with({ text: '$/M tokens' }));
    await toggle.check();
    expect(chart().metric()).toBe('cost_per_million_tokens');
    expect(el.querySelector('[data-testid=compare-chart]')?.getAttribute('aria-label')).toContain(
      'NVIDIA GeForce RTX 3090: $1.54; NVIDIA H100 SXM5 80GB: $4.83',
    );
  });

  it('shows the messages of a rejected request', async () => {
    const batch = await loader.getHarness(MatInputHarness.with({ selector: '[formControlName=batch_size]' }));
    await batch.setValue('0');
    (el.querySelector('[data-testid=compare-submit]') as HTMLButtonElement).click();
    await fixture.whenStable();
    http.expectNone('/api/compare');
    expect(el.textContent).toContain('Must be at least 1');

    await batch.setValue('2');
    (el.querySelector('[data-testid=compare-submit]') as HTMLButtonElement).click();
    http
      .expectOne('/api/compare')
      .flush(
        { statusCode: 400, message: ['Sequence length (prompt tokens) must not be greater than 100000000'], error: 'Bad Request' },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=compare-error]')?.textContent).toContain('Sequence length (prompt tokens) must not be greater');
  });
});

describe('toCompareRequest', () => {
  it('maps the form and leaves gpus out when none are chosen', () => {
    const form = buildCompareForm(TestBed.inject(NonNullableFormBuilder));
    form.patchValue({ model: 'x', batch_size: 8, gpus: ['h100-sxm', 'l4'] });
    expect(toCompareRequest(form.getRawValue())).toMatchObject({ model: 'x', batch_size: 8, gpus: ['h100-sxm', 'l4'] });
    form.patchValue({ gpus: [] });
    expect('gpus' in toCompareRequest(form.getRawValue())).toBe(false);
  });

  it('asks for the fewest GPUs that fit by default, or the same number of every kind', () => {
    const form = buildCompareForm(TestBed.inject(NonNullableFormBuilder));
    form.patchValue({ model: 'x' });
    const fewest = toCompareRequest(form.getRawValue());
    expect(fewest.fewest_gpus).toBe(true);
    expect('num_gpus' in fewest).toBe(false);
    form.patchValue({ gpu_count: 4 });
    const four = toCompareRequest(form.getRawValue());
    expect(four.num_gpus).toBe(4);
    expect('fewest_gpus' in four).toBe(false);
  });
});
