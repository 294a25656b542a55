import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, screenshotPath } from './support';

async function simulate(page: Page, url = '/serving'): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('serving-model')).toContainText('Llama 3.1 8B');
  await expect(page.getByTestId('serving-gpu')).toContainText('H100');
  await page.getByTestId('serving-submit').click();
  await expect(page.getByTestId('serving-figures')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('latency-chart')).toBeVisible();
}

test.describe('serving', () => {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('simulates a deployment under load: figures with definitions, SLA, charts with the knee, a link that reruns it', async ({
    page,
  }) => {
    await simulate(page);
    await expect(page.getByTestId('serving-output-tps')).toHaveText(/\d.*tok\/s/);
    await expect(page.getByTestId('serving-latency')).toContainText('TTFT');
    await expect(page.getByTestId('serving-latency')).toContainText('excluding the first');
    await expect(page.getByTestId('serving-sla')).toContainText(/SLA (met|missed)/);
    await expect(page.getByTestId('serving-max-rate')).toHaveText(/\d/);
    await expect(page.getByTestId('throughput-chart')).toBeVisible();
    await expect(page.getByTestId('latency-chart')).toHaveAttribute('aria-label', /knee at [\d.]+ requests\/s/);
    // The URL carries the inputs; opening it reruns the simulation with them.
    await expect(page).toHaveURL(/request_rate=10/);
    const url = page.url().replace('request_rate=10', 'request_rate=3');
    await page.goto(url);
    await expect(page.getByTestId('serving-figures')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('serving-rate')).toHaveValue('3');
    await page.goto(`${url}&runtime=vllm`);
    await expect(page.getByTestId('serving-figures')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('serving-runtime')).toContainText('vllm');
    await expect(page.getByText('runtime vllm')).toBeVisible();
    await page.getByTestId('serving-share').click();
    await expect(page.getByTestId('serving-copied')).toContainText('runtime=vllm');
  });

  test('exports the curves as CSV and the answer as JSON', async ({ page }) => {
    await simulate(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('serving-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^serving.*\.csv$/);
    const text = await (await csv.createReadStream()).toArray();
    const body = Buffer.concat(text).toString('utf8');
    expect(body.split(/\r?\n/)[0]?.trim()).toBe(
      'series,request_rate,concurrency,requests_per_second,output_tokens_per_second,ttft_p50_seconds,ttft_p99_seconds,tpot_p50_seconds,tpot_p99_seconds',
    );
    expect(body).toContain('latency_vs_rate,');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('serving-json').click()]);
    const parsed = JSON.parse(Buffer.concat(await (await json.createReadStream()).toArray()).toString('utf8'));
    expect(parsed.request.model).toBe('llama-3.1-8b');
    expect(parsed.response.kind).toBe('serving');
  });

  test('finds the cheapest deployments meeting the SLA, the best highlighted, rejections explained', async ({ page }) => {
    await page.goto('/serving');
    await expect(page.getByTestId('serving-model')).toContainText('Llama 3.1 8B');
    await page.getByTestId('recommend-submit').click();
    await expect(page.getByTestId('recommend-table')).toBeVisible({ timeout: 45_000 });
    await expect(page.getByTestId('recommend-best')).toContainText('Cheapest');
    await expect(page.getByTestId('recommend-rejected')).toContainText(/does not fit|precision not supported|TTFT|TPOT/);
  });

  test('a request the server refuses is answered with the reason, naming the field', async ({ page }) => {
    await page.goto('/serving?model=llama-3.1-8b&gpu=a100-sxm-80gb&precision=fp8');
    await expect(page.getByTestId('serving-error')).toContainText("'fp8' is not supported on NVIDIA A100", { timeout: 30_000 });
  });

  test('a negative rate is refused in the form before anything is sent', async ({ page }) => {
    await page.goto('/serving');
    await expect(page.getByTestId('serving-model')).toContainText('Llama 3.1 8B');
    await page.getByTestId('serving-rate').fill('-1');
    await page.getByTestId('serving-submit').click();
    await expect(page.getByTestId('serving-rate-error')).toContainText('more than 0');
    await expect(page.getByTestId('serving-figures')).toHaveCount(0);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${colorScheme}, 1440 x 900`, () => {
      test.use({ viewport: { width: 1440, height: 900 }, colorScheme });
      test('screenshot', async ({ page }) => {
        await simulate(page);
        await page.getByTestId('recommend-submit').click();
        await expect(page.getByTestId('recommend-table')).toBeVisible({ timeout: 45_000 });
        await expectNoHorizontalScroll(page);
        await page.screenshot({ path: screenshotPath(`serving-1440-${colorScheme}`), fullPage: true });
      });
    });
    test.describe(`${colorScheme}, 375 x 812`, () => {
      test.use({ viewport: { width: 375, height: 812 }, colorScheme });
      test('screenshot, no horizontal scroll', async ({ page }) => {
        await simulate(page);
        await page.getByTestId('recommend-submit').click();
        await expect(page.getByTestId('recommend-table')).toBeVisible({ timeout: 45_000 });
        await expectNoHorizontalScroll(page);
        await page.screenshot({ path: screenshotPath(`serving-375-${colorScheme}`), fullPage: true });
        // The full page is too tall to read at once: also in viewport-sized parts.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let part = 0; part * 1200 < height; part++) {
          await page.screenshot({
            path: screenshotPath(`serving-375-${colorScheme}-part${part + 1}`),
            fullPage: true,
            clip: { x: 0, y: part * 1200, width: 375, height: Math.min(1200, height - part * 1200) },
          });
        }
      });
    });
  }
});
