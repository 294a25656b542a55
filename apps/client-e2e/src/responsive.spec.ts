import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, openCalculator, screenshotPath } from './support';

test.use({ viewport: { width: 375, height: 800 } });

test.describe('375 px wide', () => {
  test('the calculator with results has no horizontal scroll', async ({ page }) => {
    await openCalculator(page);
    await expectNoHorizontalScroll(page);
    await page.getByTestId('calculate').click();
    await expect(page.getByRole('heading', { name: 'Performance Estimates' })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('calculator-375'), fullPage: true });
    await page.locator('.results').screenshot({ path: screenshotPath('calculator-375-results') });
  });

  test('the history page has no horizontal scroll: runs are cards on a phone', async ({ page }) => {
    await page.goto('/visualize');
    await expect(page.locator('[data-testid=history-model]').first()).toBeVisible();
    await expectNoHorizontalScroll(page);
    const cards = page.getByRole('list', { name: 'Calculation history' });
    await expect(cards).toBeVisible();
    const overflow = await cards.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(overflow).toBe(false);
    await page.screenshot({ path: screenshotPath('visualize-375'), fullPage: true });
  });

  test('dark mode can be chosen and is remembered', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    await expect(page.locator('html')).toHaveClass(/theme-dark/);
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/theme-dark/);
    await expect(page.getByRole('button', { name: 'Switch to light mode' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('calculator-dark-375'), fullPage: true });
  });
});
