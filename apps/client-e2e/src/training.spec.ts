import { expect, test } from '@playwright/test';
import { BASE_CUSTOM_MODEL, chooseOption, expectNoHorizontalScroll, screenshotPath } from './support';

test.describe('training', () => {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('estimates time, cost and per-GPU memory', async ({ page }) => {
    await page.goto('/training');
    await expect(page.getByTestId('training-model')).toContainText('Llama 3.1 8B');
    await expect(page.getByTestId('training-gpu')).toContainText('H100');
    await page.getByTestId('training-submit').click();

    const results = page.getByTestId('training-results');
    await expect(results).toBeVisible();
    await expect(page.getByTestId('training-time')).toHaveText(/\d+(\.\d+)? days? \([\d,]+ h\)/);
    await expect(page.getByTestId('training-flops')).toContainText('FLOP');
    await expect(page.getByTestId('training-gpu-hours')).toContainText('GPU-h');
    await expect(page.getByTestId('training-cost')).toContainText('$');
    await expect(page.getByTestId('training-memory')).toContainText('Optimizer states');
    // The H100's 80 GB label is binary: 80 GiB = 85.9 GB.
    await expect(page.getByTestId('training-memory-total')).toHaveText(/GB of 85\.9 GB/);
    await expect(page.getByTestId('training-fits')).toContainText('Fits');
    await page.screenshot({ path: screenshotPath('training'), fullPage: true });
  });

  test('trains a custom model saved from the calculator', async ({ page, request }) => {
    const name = `e2e saved ${Date.now()}`;
    const saved = await request.post('/api/custom_models', { data: { ...BASE_CUSTOM_MODEL, name } });
    expect(saved.ok()).toBe(true);
    await page.goto('/training');
    await expect(page.getByTestId('training-model')).toContainText('Llama 3.1 8B');
    await chooseOption(page, 'training-model', name);
    await page.getByTestId('training-submit').click();
    await expect(page.getByTestId('training-results')).toContainText(name);
    await expect(page.getByTestId('training-time')).toHaveText(/\d/);
    await request.delete(`/api/custom_models/${encodeURIComponent(name)}`);
  });

  test('explains why a run is rejected', async ({ page }) => {
    await page.goto('/training');
    await expect(page.getByTestId('training-gpu')).toContainText('H100');
    await chooseOption(page, 'training-gpu', /V100/);
    await page.getByTestId('training-submit').click();
    await expect(page.getByTestId('training-error')).toContainText('not supported on NVIDIA V100');
  });

  test.describe('375 px wide', () => {
    test.use({ viewport: { width: 375, height: 800 } });

    test('has no horizontal page scroll', async ({ page }) => {
      await page.goto('/training');
      await expect(page.getByTestId('training-gpu')).toContainText('H100');
      await expectNoHorizontalScroll(page);
      await page.getByTestId('training-submit').click();
      await expect(page.getByTestId('training-results')).toBeVisible();
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: screenshotPath('training-375'), fullPage: true });
    });
  });
});
