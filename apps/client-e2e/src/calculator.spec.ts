import { expect, test } from '@playwright/test';
import { CARD_TITLES, chooseOption, openCalculator, screenshotPath } from './support';

test.describe('calculator', () => {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('a preset calculation fills the four result cards with numbers', async ({ page }) => {
    await openCalculator(page);
    await chooseOption(page, 'preset-select', /Mistral 7B v0\.3/);
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(/Mistral/);
    await page.getByTestId('calculate').click();

    for (const title of CARD_TITLES) {
      const card = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
      await expect(card).toBeVisible();
      await expect(card.locator('dd').first()).toHaveText(/\S/);
    }
    const model = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Model Summary' }) });
    await expect(model.locator('[data-figure=total_parameters] dd')).toHaveText(/^\d+(\.\d+)?B$/);
    const memory = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Memory Requirements' }) });
    // Estimates carry the band of their runtime's measured errors under them: "16.8 GB", "12.3–37.9 GB".
    await expect(memory.locator('[data-figure=total_bytes] dd > span')).toHaveText(/^\d+(\.\d+)? GB$/);
    await expect(memory.locator('[data-figure=total_bytes] dd .note')).toHaveText(/^[\d.]+–[\d.]+ GB$/);
    await expect(memory.locator('[data-figure=fits] dd')).toHaveText(/^(Fits|Does not fit)$/);
    const perf = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Performance Estimates' }) });
    await expect(perf.locator('[data-figure=tokens_per_second] dd > span')).toHaveText(/^[\d,.]+ tok\/s$/);
    await expect(perf.locator('[data-figure=tokens_per_second] dd .note')).toHaveText(/^[\d,.]+–[\d,.]+ tok\/s$/);
    await expect(perf.locator('[data-figure=decode_bound] dd')).toHaveText(/(compute|memory)-bound \(.+ FLOP\/B vs ridge .+ FLOP\/B\)/);
    await expect(page.getByTestId('memory-bar')).toBeVisible();

    await page.screenshot({ path: screenshotPath('calculator'), fullPage: true });
  });

  test('a custom model calculation', async ({ page }) => {
    await openCalculator(page);
    await page.getByRole('radio', { name: 'Custom' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('e2e tiny custom model');
    await page.getByRole('spinbutton', { name: 'Hidden size', exact: true }).fill('1024');
    await page.getByRole('spinbutton', { name: 'Intermediate (FFN) size', exact: true }).fill('4096');
    await page.getByRole('spinbutton', { name: 'Layers', exact: true }).fill('8');
    await page.getByRole('spinbutton', { name: 'Attention heads', exact: true }).fill('8');
    await page.getByRole('spinbutton', { name: 'KV heads', exact: true }).fill('2');
    await page.getByRole('spinbutton', { name: 'Head dim', exact: true }).fill('128');
    await page.getByRole('spinbutton', { name: 'Vocabulary size', exact: true }).fill('32000');
    await page.getByTestId('calculate').click();

    const model = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Model Summary' }) });
    await expect(model.locator('[data-figure=name] dd')).toHaveText('e2e tiny custom model');
    await expect(model.locator('[data-figure=total_parameters] dd')).toHaveText(/M$/);
    const memory = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Memory Requirements' }) });
    await expect(memory.locator('[data-figure=fits] dd')).toHaveText('Fits');
  });

  test('an invalid field shows its message and the server is not asked', async ({ page }) => {
    await openCalculator(page);
    const batch = page.getByRole('spinbutton', { name: 'Batch size', exact: true });
    await batch.fill('0');
    await batch.blur();
    await expect(page.getByText('Must be at least 1')).toBeVisible();
    await page.getByTestId('calculate').click();
    await expect(page.getByTestId('calculate-error')).toContainText('Some fields need attention');
  });

  test('choosing a V100 disables bf16', async ({ page }) => {
    await openCalculator(page);
    await chooseOption(page, 'gpu-select', /V100/);
    await expect(page.getByTestId('precision-select')).toContainText('fp16');
    await expect(page.getByText(/bf16 is not supported on .*V100/)).toBeVisible();

    await page.getByTestId('precision-select').click();
    const bf16 = page.getByRole('option', { name: /^bf16/ });
    await expect(bf16).toHaveAttribute('aria-disabled', 'true');
    await expect(bf16).toContainText(/not supported on .*V100/);
    await expect(page.getByRole('option', { name: /^fp16/ })).toHaveAttribute('aria-disabled', 'false');
    await page.keyboard.press('Escape');
  });

  test('the API error lines are shown plainly', async ({ page }) => {
    await openCalculator(page);
    await page.getByRole('spinbutton', { name: 'Tensor parallel', exact: true }).fill('3');
    await page.getByTestId('calculate').click();
    const error = page.getByTestId('calculate-error');
    await expect(error).toBeVisible();
    await expect(error.locator('li').first()).toHaveText(/\S/);
    await page.screenshot({ path: screenshotPath('calculator-error'), fullPage: true });
  });
});
