import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';
import type { HistoryResponse } from '@llm-calc/contracts';
import { historyPage } from '../testing/fixtures';
import { FileDownloader } from '../shared/export';
import { HistoryChart, runConfigurationLines, runLabel } from './history-chart';
import { FILTER_DEBOUNCE_MS, VisualizePage } from './visualize-page';
import { INITIAL_HISTORY_VIEW, toHistoryQuery, withFilters } from './history-query';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('VisualizePage', () => {
  let fixture: ComponentFixture<VisualizePage>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let el: HTMLElement;
  let saved: { name: string; text: string }[];

  /** The row checkboxes (the first checkbox is the header's "select all on this page"). */
  async function rowBoxes(): Promise<MatCheckboxHarness[]> {
    const boxes = await loader.getAllHarnesses(MatCheckboxHarness);
    expect(await boxes[1].getAriaLabel()).toMatch(/^Select Model \d+ on /);
    return boxes.slice(1);
  }

  function expectHistory(): TestRequest {
    return http.expectOne((r) => r.url === '/api/history');
  }

  async function answer(response: HistoryResponse): Promise<string> {
    const req = expectHistory();
    const params = req.request.params.toString();
    req.flush(response);
    await fixture.whenStable();
    return params;
  }

  beforeEach(async () => {
    saved = [];
    TestBed.configureTestingModule({
      imports: [VisualizePage],
      providers: [
        {
          provide: FileDownloader,
          useValue: {
            saveCsv: (name: string, text: string) => saved.push({ name, text }),
            saveJson: (name: string, value: unknown) => saved.push({ name, text: JSON.stringify(value) }),
            save: jest.fn(),
          },
        },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend] }),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VisualizePage);
    el = fixture.nativeElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('asks for the first page, newest first, and lists the runs', async () => {
    expect(await answer(historyPage(3, 3))).toBe('page=1&page_size=25&sort=timestamp&order=desc');
    const names = Array.from(el.querySelectorAll('[data-testid=history-model]')).map((c) => c.textContent?.trim());
    expect(names).toEqual(['Model 1', 'Model 2', 'Model 3']);
    expect(el.textContent).toContain('18.8 GB');
  });

  it('shows the empty state with a link to the calculator', async () => {
    await answer(historyPage(0, 0));
    const empty = el.querySelector('[data-testid=history-empty]');
    expect(empty?.textContent).toContain('No calculations yet');
    expect(empty?.querySelector('a')?.getAttribute('href')).toBe('/');
    expect(el.querySelector('[data-testid=chart-empty]')?.textContent).toContain('Select runs to plot');
  });

  it('says how many unreadable log lines were skipped', async () => {
    await answer({ ...historyPage(1, 1), skipped_lines: 3 });
    expect(el.querySelector('[data-testid=skipped-notice]')?.textContent).toContain('3 unreadable log lines were skipped');
  });

  it('sends the debounced filters and starts again at page 1', async () => {
    await answer(historyPage(25, 60));
    const paginator = await loader.getHarness(MatPaginatorHarness);
    await paginator.goToNextPage();
    expect(await answer(historyPage(25, 60, 2, 25, 25))).toContain('page=2&');

    const q = await loader.getHarness(MatInputHarness.with({ selector: '[data-testid=filter-q]' }));
    const model = await loader.getHarness(MatInputHarness.with({ selector: '[data-testid=filter-model]' }));
    const gpu = await loader.getHarness(MatInputHarness.with({ selector: '[data-testid=filter-gpu]' }));
    await q.setValue('bf16');
    await model.setValue('llama');
    await gpu.setValue('h100');
    http.expectNone((r) => r.url === '/api/history'); // still debouncing
    await wait(FILTER_DEBOUNCE_MS + 50);
    await fixture.whenStable();
    expect(await answer(historyPage(2, 2))).toBe('page=1&page_size=25&sort=timestamp&order=desc&q=bf16&model=llama&gpu=h100');

    const source = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid=filter-source]' }));
    await source.open();
    await source.clickOptions({ text: 'CLI' });
    await wait(FILTER_DEBOUNCE_MS + 50);
    await fixture.whenStable();
    expect(await answer(historyPage(0, 0))).toContain('&source=cli');
    expect(el.querySelector('[data-testid=history-empty]')?.textContent).toContain('No runs match these filters');
  });

  it('sorts on the server by the clicked column', async () => {
    await answer(historyPage(3, 3));
    const sort = await loader.getHarness(MatSortHarness);
    const [modelHeader] = await sort.getSortHeaders({ label: 'Model' });
    await modelHeader.click();
    expect(await answer(historyPage(3, 3))).toBe('page=1&page_size=25&sort=model&order=asc');
    const [vram] = await sort.getSortHeaders({ label: 'VRAM' });
    await vram.click();
    expect(await answer(historyPage(3, 3))).toBe('page=1&page_size=25&sort=total_bytes&order=asc');
    await vram.click();
    expect(await answer(historyPage(3, 3))).toBe('page=1&page_size=25&sort=total_bytes&order=desc');
  });

  it('changes page size from the paginator', async () => {
    await answer(historyPage(25, 200));
    const paginator = await loader.getHarness(MatPaginatorHarness);
    await paginator.setPageSize(100);
    expect(await answer(historyPage(100, 200, 1, 100))).toBe('page=1&page_size=100&sort=timestamp&order=desc');
  });

  it('keeps the selection across pages and plots the selected runs', async () => {
    await answer(historyPage(25, 60));
    expect((el.querySelector('[data-testid=plot-selected]') as HTMLButtonElement).disabled).toBe(true);

    let boxes = await rowBoxes();
    await boxes[0].check(); // Model 1

    const paginator = await loader.getHarness(MatPaginatorHarness);
    await paginator.goToNextPage();
    await answer(historyPage(25, 60, 2, 25, 25));
    boxes = await rowBoxes();
    await boxes[1].check(); // Model 27

    await paginator.goToPreviousPage();
    await answer(historyPage(25, 60));
    boxes = await rowBoxes();
    expect(await boxes[0].isChecked()).toBe(true);
    expect(await boxes[1].isChecked()).toBe(false);
    expect(el.textContent).toContain('2 selected');

    (el.querySelector('[data-testid=plot-selected]') as HTMLButtonElement).click();
    await fixture.whenStable();
    const chart = fixture.debugElement.query(By.directive(HistoryChart));
    const runs = (chart.componentInstance as HistoryChart).runs();
    expect(runs.map((r) => r.model_summary.name)).toEqual(['Model 1', 'Model 27']);
  });

  it('exports the selected runs from every page as CSV and JSON', async () => {
    await answer(historyPage(25, 60));
    const exportCsv = el.querySelector('[data-testid=export-csv]') as HTMLButtonElement;
    expect(exportCsv.disabled).toBe(true);

    let boxes = await rowBoxes();
    await boxes[2].check(); // Model 3
    const paginator = await loader.getHarness(MatPaginatorHarness);
    await paginator.goToNextPage();
    await answer(historyPage(25, 60, 2, 25, 25));
    boxes = await rowBoxes();
    await boxes[0].check(); // Model 26

    exportCsv.click();
    expect(saved[0].name).toMatch(/^llm-history-.*\.csv$/);
    const lines = saved[0].text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^timestamp,source,model,gpu,precision,/);
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual(['Model 3', 'Model 26']);

    (el.querySelector('[data-testid=export-json]') as HTMLButtonElement).click();
    const runs = JSON.parse(saved[1].text) as { id: string }[];
    expect(runs.map((r) => r.id)).toEqual(['run-3', 'run-26']);
  });

  it('shows GPU count, fits, output tokens and per-GPU VRAM, and links each run to the calculator', async () => {
    await answer(historyPage(2, 2));
    expect(el.querySelector('[data-testid=history-gpus]')?.textContent?.trim()).toBe('1');
    expect(el.querySelector('[data-testid=history-fits]')?.textContent?.trim()).toBe('yes');
    const headers = Array.from(el.querySelectorAll('th')).map((h) => h.textContent?.trim());
    expect(headers).toEqual(expect.arrayContaining(['GPUs', 'Output', 'Per GPU', 'Fits']));
    const link = el.querySelector('[data-testid=reopen-run]')?.getAttribute('href') ?? '';
    expect(link).toMatch(/^\/\?model=llama-3\.1-8b&gpu=h100-sxm&sequence_length=4096&output_tokens=1000/);
  });

  it('exports every run that matches the filters, page after page, as one file', async () => {
    await answer(historyPage(25, 1100));
    (el.querySelector('[data-testid=export-all-csv]') as HTMLButtonElement).click();
    const pages: string[] = [];
    for (const [page, count] of [
      [1, 500],
      [2, 500],
      [3, 100],
    ]) {
      await wait(0);
      const req = expectHistory();
      pages.push(req.request.params.toString());
      req.flush(historyPage(count, 1100, page, 500, (page - 1) * 500));
    }
    await wait(0);
    expect(pages).toEqual([1, 2, 3].map((p) => `page=${p}&page_size=500&sort=timestamp&order=desc`));
    const save = TestBed.inject(FileDownloader).save as jest.Mock;
    expect(save).toHaveBeenCalledTimes(1);
    const [name, blob] = save.mock.calls[0] as [string, Blob];
    expect(name).toMatch(/^llm-history-all-.*\.csv$/);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blob);
    });
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 1100);
    expect(lines.filter((l) => l.startsWith('timestamp,'))).toHaveLength(1);
    expect(lines[1100]?.split(',')[2]).toBe('Model 1100');
  });

  it('selects and clears a whole page from the header checkbox', async () => {
    await answer(historyPage(5, 5));
    const [all] = await loader.getAllHarnesses(MatCheckboxHarness);
    expect(await all.getAriaLabel()).toBe('Select all runs on this page');
    await all.check();
    expect(el.textContent).toContain('5 selected');
    await all.uncheck();
    expect(el.textContent).toContain('0 selected');
  });
});

describe('history query', () => {
  it('turns the view into the API query, leaving out empty filters and "all"', () => {
    expect(toHistoryQuery(INITIAL_HISTORY_VIEW)).toEqual({ page: 1, page_size: 25, sort: 'timestamp', order: 'desc' });
    const view = withFilters({ ...INITIAL_HISTORY_VIEW, pageIndex: 4 }, { q: ' x ', model: '', gpu: 'a100', source: 'web' });
    expect(toHistoryQuery(view)).toEqual({ page: 1, page_size: 25, sort: 'timestamp', order: 'desc', q: 'x', gpu: 'a100', source: 'web' });
  });
});

describe('chart labels', () => {
  it("says the runtime's values were used when a run left the efficiencies empty", () => {
    const [run] = historyPage(1, 1).items;
    const lines = runConfigurationLines({ ...run, inputs: { ...run.inputs, efficiency: null, memory_efficiency: null } });
    expect(lines).toContain("Efficiency: compute runtime's, memory runtime's");
  });

  it('names each run by model, precision, GPU count and GPU and lists its configuration', () => {
    const [run] = historyPage(1, 1).items;
    expect(runLabel(run)).toBe('Model 1 bf16 @ 1 × NVIDIA H100 SXM5 80GB');
    expect(runConfigurationLines(run)).toEqual([
      'Model: Model 1',
      'GPU: NVIDIA H100 SXM5 80GB',
      'Precision: bf16 (KV cache bf16)',
      'Batch: 1, sequence: 4,096, output tokens: 1,000',
      'GPUs: 1 (tensor 1 × pipeline 1)',
      'Runtime: vllm',
      'Efficiency: compute 0.3, memory 0.8',
      'Fits: yes',
    ]);
  });
});
