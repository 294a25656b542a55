import { expect, test, type Download } from '@playwright/test';
import { postCalculation, screenshotPath } from './support';

async function downloadedText(download: Download): Promise<string> {
  const chunks = await (await download.createReadStream()).toArray();
  return Buffer.concat(chunks).toString('utf8');
}

test.describe('visualize exports', () => {
  const FIRST = 'export-first';
  const SECOND = '=export-second';

  test.beforeAll(async ({ request }) => {
    const custom = {
      name: FIRST,
      hidden_size: 1024,
      intermediate_size: 4096,
      num_layers: 8,
      num_attention_heads: 8,
      num_kv_heads: 8,
      head_dim: 128,
      vocab_size: 32000,
      tie_word_embeddings: true,
      ffn_type: 'gated',
    };
    await postCalculation(request, { custom_model: custom, gpu: 'h100-sxm' });
    await postCalculation(request, { custom_model: { ...custom, name: SECOND }, gpu: 'l4' });
  });

  test('exports two selected runs as CSV and JSON, and the chart as PNG', async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto('/visualize');
    await page.getByTestId('filter-q').fill('export-');
    const rows = page.locator('tr.mat-mdc-row:not(.no-data)');
    await expect(rows).toHaveCount(2);
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await expect(page.getByText('2 selected')).toBeVisible();

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^llm-history-.*\.csv$/);
    const text = await downloadedText(csv);
    expect(text.startsWith('timestamp,source,model,gpu,precision,kv_cache_precision,')).toBe(true);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(text).toContain(`,${FIRST},`);
    expect(text).toContain(`,'${SECOND},`); // formula-escaped

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const runs = JSON.parse(await downloadedText(json)) as { model_summary: { name: string } }[];
    expect(runs.map((r) => r.model_summary.name).sort()).toEqual([SECOND, FIRST].sort());

    await page.getByTestId('plot-selected').click();
    await expect(page.getByTestId('history-chart')).toBeVisible();
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const bytes = Buffer.concat(await (await png.createReadStream()).toArray());
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(2000);
    await page.screenshot({ path: screenshotPath('visualize-export'), fullPage: true });
  });
});
