import { expect, test } from '@playwright/test';
import { BASE_CUSTOM_MODEL, chooseOption, postCalculation, screenshotPath } from './support';

const MARKUP_NAME = '<img src=x onerror=alert(1)>';

test.describe('visualize', () => {
  test.beforeAll(async ({ request }) => {
    // A few runs of different models and GPUs, as the CLI or a script would add them.
    await postCalculation(request, { model: 'llama-3.1-8b', gpu: 'h100-sxm' });
    await postCalculation(request, { model: 'mixtral-8x7b', gpu: 'a100-sxm-80gb', batch_size: 4 });
    await postCalculation(request, { model: 'qwen2.5-7b', gpu: 'rtx-4090', precision: 'q4_k_m' });
    await postCalculation(request, { custom_model: { ...BASE_CUSTOM_MODEL, name: MARKUP_NAME }, gpu: 'l4' });
  });

  test.beforeEach(async ({ page }) => {
    page.on('dialog', (dialog) => {
      throw new Error(`unexpected dialog: ${dialog.message()}`);
    });
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('lists the runs, newest first, with the skipped-lines notice', async ({ page }) => {
    await page.goto('/visualize');
    const rows = page.locator('tr.mat-mdc-row:not(.no-data)');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    await expect(rows.first().locator('[data-testid=history-model]')).toHaveText(MARKUP_NAME);
    await expect(page.getByTestId('skipped-notice')).toHaveText(/1 unreadable log line was skipped/);
    await expect(page.getByTestId('chart-empty')).toContainText('Select runs to plot');
    await page.screenshot({ path: screenshotPath('visualize'), fullPage: true });
  });

  test('a model name with markup shows as literal text', async ({ page }) => {
    await page.goto('/visualize');
    await page.getByTestId('filter-q').fill('onerror');
    const cell = page.locator('[data-testid=history-model]').first();
    await expect(cell).toHaveText(MARKUP_NAME);
    await expect(page.locator('table img')).toHaveCount(0);
  });

  test('sorts by a column and filters by model', async ({ page }) => {
    await page.goto('/visualize');
    const models = page.locator('[data-testid=history-model]');
    await expect(models.first()).toBeVisible();

    const sortRequest = page.waitForRequest((r) => r.url().includes('sort=model') && r.url().includes('order=asc'));
    await page.getByRole('columnheader', { name: 'Model' }).click();
    await sortRequest;
    await expect(async () => {
      const names = await models.allTextContents();
      const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
      expect(names.map((n) => n.trim())).toEqual(sorted.map((n) => n.trim()));
    }).toPass();

    await page.getByTestId('filter-model').fill('mixtral');
    await expect(models).toHaveCount(1);
    await expect(models.first()).toContainText('Mixtral');

    await page.getByTestId('filter-model').fill('');
    await chooseOption(page, 'filter-source', 'CLI');
    await expect(page.getByTestId('history-empty')).toContainText('No runs match these filters');
  });

  test('plots two selected runs as a bar chart', async ({ page }) => {
    await page.goto('/visualize');
    const rows = page.locator('tr.mat-mdc-row:not(.no-data)');
    await expect(rows.nth(1)).toBeVisible();
    await rows.nth(1).getByRole('checkbox').check();
    await rows.nth(2).getByRole('checkbox').check();
    await expect(page.getByText('2 selected')).toBeVisible();
    await page.getByTestId('plot-selected').click();

    const canvas = page.getByTestId('history-chart');
    await expect(canvas).toBeVisible();
    await expect(async () => {
      const painted = await canvas.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
        return count;
      });
      expect(painted).toBeGreaterThan(1000);
    }).toPass();
    await page.screenshot({ path: screenshotPath('visualize-chart'), fullPage: true });
  });

  test('draws the chart text light on dark in dark mode, dark on light in light mode', async ({ page }) => {
    // Opaque pixels of the left axis strip (axis title and ticks), counted as light (brighter than
    // the blue and orange bars) or dark (darker than mid-grey).
    const axisTextPixels = () =>
      page.getByTestId('history-chart').evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const data = c.getContext('2d')?.getImageData(0, 0, Math.min(40, c.width), c.height).data ?? new Uint8ClampedArray();
        const counts = { light: 0, dark: 0 };
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] <= 128) continue;
          const luminance = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
          if (luminance > 170) counts.light++;
          else if (luminance < 100) counts.dark++;
        }
        return counts;
      });
    const plot = async () => {
      await page.goto('/visualize');
      const rows = page.locator('tr.mat-mdc-row:not(.no-data)');
      await expect(rows.nth(1)).toBeVisible();
      await rows.nth(0).getByRole('checkbox').check();
      await rows.nth(1).getByRole('checkbox').check();
      await page.getByTestId('plot-selected').click();
      await expect(page.getByTestId('history-chart')).toBeVisible();
    };

    await page.emulateMedia({ colorScheme: 'dark' });
    await plot();
    await expect.poll(async () => (await axisTextPixels()).light).toBeGreaterThan(20);
    expect((await axisTextPixels()).dark).toBe(0);
    await page.getByTestId('history-chart').screenshot({ path: screenshotPath('visualize-chart-dark') });

    await page.emulateMedia({ colorScheme: 'light' });
    await plot();
    await expect.poll(async () => (await axisTextPixels()).dark).toBeGreaterThan(20);
    expect((await axisTextPixels()).light).toBe(0);
  });

  test('shows GPU count, fits and per-GPU VRAM, and reopens a run in the calculator with its inputs', async ({ page }) => {
    await page.goto('/visualize?model=mixtral');
    const row = page.locator('tr.mat-mdc-row:not(.no-data)').first();
    await expect(row.locator('[data-testid=history-model]')).toContainText('Mixtral');
    await expect(row.getByTestId('history-gpus')).toHaveText('1');
    await expect(row.getByTestId('history-fits')).toHaveText(/yes|no/);
    await row.getByTestId('reopen-run').click();
    await expect(page).toHaveURL(/\/\?model=mixtral-8x7b&gpu=a100-sxm-80gb&.*batch_size=4/);
  });

  test('keeps filters, sort and page in the URL across a reload', async ({ page }) => {
    await page.goto('/visualize');
    await expect(page.locator('[data-testid=history-model]').first()).toBeVisible();
    await page.getByRole('columnheader', { name: 'Tokens/s' }).click();
    await page.getByTestId('filter-gpu').fill('a100');
    await expect(page).toHaveURL(/sort=tokens_per_second/);
    await expect(page).toHaveURL(/gpu=a100/);
    await page.reload();
    await expect(page.getByTestId('filter-gpu')).toHaveValue('a100');
    await expect(page).toHaveURL(/sort=tokens_per_second/);
    await expect(page.getByRole('columnheader', { name: 'Tokens/s' })).toHaveAttribute('aria-sort', 'ascending');
  });

  test('exports every run that matches the filters as one file', async ({ page }) => {
    await page.goto('/visualize?q=llama');
    await expect(page.locator('[data-testid=history-model]').first()).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-all-json').click();
    const file = await download;
    const runs = JSON.parse(await (await file.createReadStream()).toArray().then((b) => Buffer.concat(b).toString('utf8'))) as {
      inputs: { model: string | null };
    }[];
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((r) => (r.inputs.model ?? '').includes('llama'))).toBe(true);
  });

  test('on a phone the runs are cards, not a table wider than the screen', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/visualize');
    await expect(page.getByTestId('history-card').first()).toBeVisible();
    await expect(page.locator('table[mat-table]')).toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByTestId('history-card').first().getByTestId('reopen-run')).toBeVisible();
  });
});
