import { expect, test, type Locator } from '@playwright/test';
import { chooseOption, expectNoHorizontalScroll, screenshotPath } from './support';

/** Pixels of the canvas that are not transparent: a drawn chart has thousands. */
async function paintedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
    return count;
  });
}

test.describe('compare', () => {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('compares every GPU, highlights the cheapest that fits and draws the chart', async ({ page }) => {
    await page.goto('/compare');
    await expect(page.getByTestId('compare-model')).toContainText('Llama 3.1 8B');
    await page.getByTestId('compare-submit').click();

    const rows = page.getByTestId('compare-row');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(10);

    const summary = page.getByTestId('cheapest-summary');
    await expect(summary).toContainText('Cheapest GPU that fits:');
    const cheapestName = (await summary.locator('strong').innerText()).trim();
    expect(cheapestName.length).toBeGreaterThan(0);

    const highlighted = page.locator('tr.cheapest');
    await expect(highlighted).toHaveCount(1);
    await expect(highlighted.getByTestId('compare-gpu-name')).toHaveText(cheapestName);
    await expect(highlighted.getByTestId('cheapest-badge')).toBeVisible();
    // The highlight is a real background colour, not just a class.
    const background = await highlighted
      .locator('td')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');

    // An unsupported GPU stays in the list, greyed, with the reason.
    await expect(page.locator('tr.unsupported').first()).toContainText('is not supported');

    const canvas = page.getByTestId('compare-chart');
    await expect(canvas).toBeVisible();
    await expect(async () => expect(await paintedPixels(canvas)).toBeGreaterThan(1000)).toPass();
    await page.screenshot({ path: screenshotPath('compare'), fullPage: true });

    // Price instead of throughput: still drawn.
    await page.getByTestId('metric-cost').click();
    await expect(async () => expect(await paintedPixels(canvas)).toBeGreaterThan(1000)).toPass();
  });

  test('a 70B model: each GPU with the fewest of its kind that fit, or one of each when asked', async ({ page }) => {
    await page.goto('/compare');
    await expect(page.getByTestId('compare-model')).toContainText('Llama 3.1 8B');
    await chooseOption(page, 'compare-model', 'Llama 3.1 70B');
    await page.getByTestId('compare-gpus').click();
    for (const name of [/H100 SXM5/, /MI300X/, /GeForce RTX 4090/]) await page.getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('compare-gpu-count')).toContainText('Fewest that fit');
    await page.getByTestId('compare-submit').click();

    const rows = page.getByTestId('compare-row');
    await expect(rows).toHaveCount(3);
    // ~141 GB of bf16 weights: one MI300X (192 GB), two H100s (80 GB), more RTX 4090s (24 GB).
    const row = (name: RegExp) => rows.filter({ has: page.getByTestId('compare-gpu-name').filter({ hasText: name }) });
    await expect(row(/MI300X/).getByTestId('compare-entry-count')).toHaveCount(0);
    await expect(row(/H100/).getByTestId('compare-entry-count')).toHaveText('2 ×');
    await expect(row(/RTX 4090/).getByTestId('compare-entry-count')).toHaveText(/^\d+ ×$/);
    for (const name of [/MI300X/, /H100/, /RTX 4090/]) await expect(row(name)).toContainText('✓ Yes');
    await expect(page.getByTestId('cheapest-summary')).toContainText('Cheapest GPU that fits:');
    await page.screenshot({ path: screenshotPath('compare-fewest-gpus'), fullPage: true });

    // One of each: only the MI300X holds it.
    await chooseOption(page, 'compare-gpu-count', /^1$/);
    await page.getByTestId('compare-submit').click();
    await expect(row(/H100/)).toContainText('✗ No');
    await expect(row(/MI300X/)).toContainText('✓ Yes');
    await expect(page.getByTestId('compare-entry-count')).toHaveCount(0);
  });

  test('a link reopens a comparison and runs it; the URL follows the form', async ({ page }) => {
    await page.goto('/compare?model=llama-3.1-70b&gpus=h100-sxm,mi300x&gpu_count=fewest&batch_size=2');
    await expect(page.getByTestId('compare-model')).toContainText('Llama 3.1 70B');
    await expect(page.getByRole('spinbutton', { name: 'Batch size' })).toHaveValue('2');
    const rows = page.getByTestId('compare-row');
    await expect(rows).toHaveCount(2);
    // Under the default runtime (vLLM, binary 80 GiB capacities) two H100s hold it at batch 2; one MI300X.
    await expect(page.getByTestId('compare-entry-count')).toHaveText('2 ×');

    await chooseOption(page, 'compare-gpu-count', /^2$/);
    await page.getByTestId('compare-submit').click();
    await expect(page).toHaveURL(/gpu_count=2/);
    await expect(page.getByTestId('compare-entry-count')).toHaveText(['2 ×', '2 ×']);
  });

  test('sorts by price and downloads the table and chart', async ({ page }) => {
    await page.goto('/compare');
    await expect(page.getByTestId('compare-model')).toContainText('Llama 3.1 8B');
    await page.getByTestId('compare-submit').click();
    await expect(page.getByTestId('compare-row').first()).toBeVisible();

    // Ranked by cost from the start: the cheapest GPU that fits heads the table.
    await expect(page.getByTestId('compare-row').first()).toHaveClass(/cheapest/);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^gpu-comparison-.*\.csv$/);
    const text = await (await csv.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(text.startsWith('gpu,name,family,num_gpus,tensor_parallel,pipeline_parallel,supported,')).toBe(true);
    expect(text.split('\r\n')[1]).toContain(',true,,true,true,'); // supported, no reason, fits, cheapest: first after sorting

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = await (await png.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  test.describe('375 px wide', () => {
    test.use({ viewport: { width: 375, height: 800 } });

    test('has no horizontal page scroll; the table scrolls in its own box', async ({ page }) => {
      await page.goto('/compare');
      await expect(page.getByTestId('compare-model')).toContainText('Llama 3.1 8B');
      await expectNoHorizontalScroll(page);
      await page.getByTestId('compare-submit').click();
      await expect(page.getByTestId('compare-row').first()).toBeVisible();
      await expect(page.getByTestId('compare-chart')).toBeVisible();
      await expectNoHorizontalScroll(page);
      const box = page.getByRole('region', { name: 'GPU comparison' });
      expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await page.screenshot({ path: screenshotPath('compare-375'), fullPage: true });
    });
  });

  test.describe('360 px wide', () => {
    test.use({ viewport: { width: 360, height: 740 } });

    test('the toolbar keeps all four links on screen without sideways scroll', async ({ page }) => {
      await page.goto('/compare');
      await expect(page.getByTestId('compare-model')).toContainText('Llama 3.1 8B');
      await expectNoHorizontalScroll(page);
      for (const name of ['Calculator', 'Visualize', 'Compare', 'Training']) {
        const box = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).boundingBox();
        expect(box, name).not.toBeNull();
        expect((box?.x ?? 0) + (box?.width ?? 0), name).toBeLessThanOrEqual(360);
      }
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training' }).click();
      await expect(page.getByTestId('training-gpu')).toContainText('H100');
      await expectNoHorizontalScroll(page);
    });
  });
});
