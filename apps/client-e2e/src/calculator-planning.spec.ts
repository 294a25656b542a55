import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openCalculator, screenshotPath } from './support';

const SHARE_LINK = '/?model=llama-3.1-8b&gpu=h100-sxm&batch_size=4&sequence_length=8192&output_tokens=500&precision=bf16';

/** Pixels of a chart canvas that differ from its corner (the background): more than a few means something is drawn. */
async function drawnPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return 0;
    const [r, g, b, a] = [data[0], data[1], data[2], data[3]];
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b || data[i + 3] !== a) count++;
    }
    return count;
  });
}

async function openShareLink(page: Page): Promise<void> {
  await page.goto(SHARE_LINK);
  await expect(page.getByRole('heading', { name: 'Performance Estimates' })).toBeVisible();
}

test.describe('calculator planning', () => {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('a share link restores the inputs and calculates at once; the scaling charts render', async ({ page }) => {
    await openShareLink(page);
    await expect(page.getByRole('spinbutton', { name: 'Batch size', exact: true })).toHaveValue('4');
    await expect(page.getByRole('spinbutton', { name: 'Sequence length (prompt tokens)' })).toHaveValue('8192');
    await expect(page.getByTestId('preset-select')).toContainText('Llama 3.1 8B');
    const perf = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Performance Estimates' }) });
    await expect(perf.locator('[data-figure=aggregate_tokens_per_second] dt')).toContainText('batch 4');
    await expect(perf.locator('[data-figure=total_latency_seconds] dt')).toContainText('Prefill + 500 tokens');
    await expect(perf.locator('[data-figure=cost_per_hour] dd')).toHaveText(/^\$\d/);

    for (const chart of ['context', 'batch', 'gpus']) {
      const canvas = page.getByTestId(`scaling-${chart}`).locator('canvas');
      await expect(canvas).toBeVisible();
      await expect.poll(() => drawnPixels(canvas)).toBeGreaterThan(1000);
    }
    // The URL keeps the inputs (written back after the restore).
    await expect(page).toHaveURL(/batch_size=4/);

    const card = page.getByTestId('scaling-card');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: screenshotPath('calculator-scaling') });
    await page.screenshot({ path: screenshotPath('calculator-planning'), fullPage: true });

    const png = page.waitForEvent('download');
    await page.getByTestId('scaling-batch').getByRole('button', { name: 'Download PNG' }).click();
    expect((await png).suggestedFilename()).toMatch(/-batch\.png$/);
  });

  test('an edited input goes into the URL, and the link reopens it', async ({ page }) => {
    await openCalculator(page);
    await page.getByRole('spinbutton', { name: 'Output tokens', exact: true }).fill('321');
    await expect(page).toHaveURL(/output_tokens=321/);
    await page.getByTestId('copy-link').click();
    const link = await page.getByTestId('shared-text').innerText();
    expect(link).toContain('output_tokens=321');
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Performance Estimates' })).toBeVisible();
    await expect(page.getByRole('spinbutton', { name: 'Output tokens', exact: true })).toHaveValue('321');
  });

  test('"Copy as CLI command" gives the command line', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openShareLink(page);
    await page.getByTestId('copy-cli').click();
    const shown = page.getByTestId('shared-text');
    await expect(shown).toContainText('npm run calc -- calculate --model llama-3.1-8b --gpu h100-sxm');
    await expect(shown).toContainText('--batch-size 4');
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toContain('--model');
    expect(clipboard).toBe(await shown.textContent());
  });

  test('the result downloads as JSON and CSV', async ({ page }) => {
    await openShareLink(page);
    const jsonDownload = page.waitForEvent('download');
    await page.getByTestId('download-json').click();
    const json = JSON.parse(readFileSync((await (await jsonDownload).path()) as string, 'utf8'));
    expect(json.model_summary.name).toBe('Llama 3.1 8B');
    expect(json.inputs.batch_size).toBe(4);

    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('download-csv').click();
    const csv = readFileSync((await (await csvDownload).path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('section,field,value,unit');
    expect(csv).toMatch(/\r\nmemory,per_gpu_bytes,[\d.e+]+,bytes\r\n/);
  });

  test('a pasted config.json fills the custom form', async ({ page }) => {
    await openCalculator(page);
    await page.getByText('Import config.json (Hugging Face)').click();
    const config = {
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      hidden_size: 2048,
      intermediate_size: 5632,
      num_hidden_layers: 22,
      num_attention_heads: 32,
      num_key_value_heads: 4,
      vocab_size: 32000,
      max_position_embeddings: 2048,
      tie_word_embeddings: false,
      e2e_unknown_key: 1,
    };
    await page.getByTestId('import-text').fill(JSON.stringify(config));
    await page.getByTestId('import-config').click();
    await expect(page.getByTestId('import-result')).toBeVisible();
    await expect(page.getByRole('spinbutton', { name: 'Hidden size', exact: true })).toHaveValue('2048');
    await expect(page.getByRole('spinbutton', { name: 'Layers', exact: true })).toHaveValue('22');
    await expect(page.getByRole('spinbutton', { name: 'KV heads', exact: true })).toHaveValue('4');
    await expect(page.getByTestId('import-unknown')).toContainText('e2e_unknown_key');
    await expect(page.getByRole('radio', { name: 'Custom' })).toBeChecked();

    await page.getByTestId('import-text').fill('{ not json');
    await page.getByTestId('import-config').click();
    await expect(page.getByTestId('import-error')).toContainText('not valid JSON');
  });

  test('a custom model is saved and loaded back', async ({ page }) => {
    await openCalculator(page);
    const name = `e2e saved ${Date.now()}`;
    await page.getByRole('spinbutton', { name: 'Layers', exact: true }).fill('12');
    await page.getByTestId('save-name').fill(name);
    await page.getByTestId('save-model').click();
    await expect(page.getByTestId('saved-message')).toContainText(`Saved “${name}”`);

    await page.getByRole('spinbutton', { name: 'Layers', exact: true }).fill('3');
    await page.getByTestId('saved-models-select').click();
    await page.getByRole('option', { name }).click();
    await page.getByTestId('load-saved').click();
    await expect(page.getByRole('spinbutton', { name: 'Layers', exact: true })).toHaveValue('12');
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);

    await page.getByTestId('calculate').click();
    const model = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Model Summary' }) });
    await expect(model.locator('[data-figure=name] dd')).toHaveText(name);
    await expect(model.locator('[data-figure=num_layers] dd')).toHaveText('12');
  });

  test('calibrating with a measured decode speed and using the fit recalculates', async ({ page }) => {
    await openShareLink(page);
    await page.getByText('Calibrate with a measurement').click();
    await page.getByTestId('calibrate-value').fill('60');
    await page.getByTestId('calibrate').click();
    await expect(page.getByTestId('calibrate-result')).toContainText('memory_efficiency');
    await page.getByTestId('calibrate-use').click();
    await expect(page.getByRole('spinbutton', { name: 'Memory efficiency' })).not.toHaveValue('0.75');
    await expect(page).toHaveURL(/memory_efficiency=0\.\d+/);
  });
});
