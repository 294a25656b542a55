import { expect, test, type Page } from '@playwright/test';
import { chooseOption, expectNoHorizontalScroll, openCalculator } from './support';

/** The calculator, compare and training pages as a first-time user meets them (issue 13). */

const NO_FIT = '/?model=llama-3.1-70b&gpu=rtx-4090&num_gpus=2&tensor_parallel=2&precision=bf16';

async function calculated(page: Page): Promise<void> {
  await expect(page.getByTestId('result-summary')).toBeVisible();
}

test.describe('results and what they answer', () => {
  test('a result keeps the request it answers: changing the GPU marks it stale until recalculated', async ({ page }) => {
    await openCalculator(page);
    await page.getByTestId('calculate').click();
    await calculated(page);
    await expect(page.getByTestId('summary-title')).toContainText('H100');
    await chooseOption(page, 'gpu-select', /A100 80GB SXM4/);
    await expect(page.getByTestId('stale-banner')).toBeVisible();
    await expect(page.getByTestId('results-stale')).toBeVisible();
    // The headings still say what was computed, not what the form now says.
    await expect(page.locator('#results-heading')).toContainText('H100');
    await expect(page.locator('#results-heading')).toContainText('bf16 · batch 1 · 4,096 + 1,000 tokens');
    await page.getByTestId('recalculate').click();
    await expect(page.getByTestId('stale-banner')).toHaveCount(0);
    await expect(page.locator('#results-heading')).toContainText('A100');
  });

  test('a setup that does not fit shows no speed or price, and offers changes that fit, one click away', async ({ page }) => {
    await page.goto(NO_FIT);
    await expect(page.getByTestId('summary-verdict')).toHaveText('Does not fit');
    await expect(page.getByTestId('summary-no-fit')).toContainText('would not run');
    await expect(page.getByTestId('summary-tps')).toHaveCount(0);
    const perf = page.locator('mat-card').filter({ has: page.getByRole('heading', { name: 'Performance Estimates' }) });
    await expect(perf.locator('[data-figure=tokens_per_second] dd')).toHaveText(/Does not run/);
    await expect(perf.locator('[data-figure=cost_per_million_tokens] dd')).toHaveText(/Does not run/);

    const suggestions = page.getByTestId('fit-suggestions');
    await expect(suggestions.getByTestId('fit-gpus')).toContainText('8 GPUs in tensor parallel');
    await expect(suggestions.getByTestId('fit-precision')).toBeVisible();
    await suggestions.getByTestId('fit-precision').click();
    await expect(page.getByTestId('summary-verdict')).not.toHaveText('Does not fit');
    await expect(page.getByTestId('summary-tps')).toHaveText(/tok\/s/);
  });

  test('a setup with almost no headroom is flagged as tight, not just "Fits"', async ({ page, request }) => {
    const probe = await request.post('/api/fit', { data: { model: 'llama-3.1-8b', gpu: 'h100-sxm' } });
    const { max_batch_size } = (await probe.json()) as { max_batch_size: number };
    await page.goto(`/?model=llama-3.1-8b&gpu=h100-sxm&batch_size=${max_batch_size}`);
    await expect(page.getByTestId('summary-verdict')).toHaveText('Fits, little headroom');
    await expect(page.getByTestId('summary-tight')).toContainText('is left on each GPU');
  });

  test('memory shows raw sizes with the overhead apart, in GB or GiB', async ({ page }) => {
    await openCalculator(page);
    await page.getByTestId('calculate').click();
    const weights = page.locator('[data-figure=weights_bytes] dd');
    // Llama 3.1 8B in bf16: 8.03e9 × 2 bytes = 16.1 GB. A runtime profile counts its own overheads apart
    // (system overhead), so the weights are the raw size...
    await expect(weights).toHaveText('16.1 GB');
    // ...and the plain roofline adds its 5% allowance, shown apart.
    await chooseOption(page, 'runtime-select', /^Roofline/);
    await page.getByTestId('calculate').click();
    await expect(weights).toContainText('16.1 GB');
    await expect(weights).toContainText('+ 803 MB allowance (5%)');
    await page.getByTestId('byte-unit').getByText('GiB', { exact: true }).click();
    await expect(weights).toContainText('15 GiB');
    await expect(page.getByTestId('memory-bar').locator('..')).toContainText('GiB');
    await page.reload();
    await page.getByTestId('calculate').click();
    await expect(page.locator('[data-figure=weights_bytes] dd')).toContainText('GiB');
    await page.getByTestId('byte-unit').getByText('GB', { exact: true }).click();
  });
});

test.describe('errors and input', () => {
  test('an invalid field gets the focus, with its message next to it', async ({ page }) => {
    await openCalculator(page);
    const batch = page.getByRole('spinbutton', { name: 'Batch size', exact: true });
    await batch.fill('0');
    await page.getByTestId('calculate').click();
    await expect(batch).toBeFocused();
    await expect(batch).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('mat-form-field').filter({ has: batch })).toContainText('Must be at least 1');
  });

  test("server errors speak the form's words, with numbers formatted, and mark the field", async ({ page }) => {
    await openCalculator(page);
    await page.getByRole('spinbutton', { name: 'Number of GPUs', exact: true }).fill('4');
    await page.getByRole('spinbutton', { name: 'Tensor parallel', exact: true }).fill('3');
    await page.getByTestId('calculate').click();
    const error = page.getByTestId('calculate-error');
    await expect(error).toContainText('Number of GPUs must be a multiple of Tensor parallel × Pipeline parallel (3)');
    await expect(error).not.toContainText('num_gpus');
    const gpus = page.getByRole('spinbutton', { name: 'Number of GPUs', exact: true });
    await expect(gpus).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('mat-form-field').filter({ has: gpus })).toContainText('must be a multiple of');
    // Fixing another field clears the server's verdict, and the request goes through.
    await page.getByRole('spinbutton', { name: 'Tensor parallel', exact: true }).fill('4');
    await expect(gpus).toHaveAttribute('aria-invalid', 'false');
    await page.getByTestId('calculate').click();
    await calculated(page);
  });

  test("warnings use the form's labels and formatted numbers", async ({ page }) => {
    await page.goto('/?model=llama-3.1-8b&gpu=h100-sxm&sequence_length=1000000&output_tokens=1000');
    await expect(page.getByRole('status', { name: 'Warnings' })).toContainText(
      '1,001,000 tokens = Sequence length (prompt tokens) + Output tokens',
    );
  });

  test('an imported config is named after its file, the picker shows it, and a missing key is said once', async ({ page }) => {
    await openCalculator(page);
    await page.getByText('Import config.json (Hugging Face)').click();
    const config = {
      model_type: 'qwen2',
      hidden_size: 896,
      intermediate_size: 4864,
      num_hidden_layers: 24,
      num_attention_heads: 14,
      num_key_value_heads: 2,
      vocab_size: 151936,
    };
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'Qwen2.5-0.5B.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(config)) });
    await expect(page.getByTestId('import-result')).toContainText('Imported “Qwen2.5-0.5B”');
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Qwen2.5-0.5B');
    await expect(page.getByTestId('preset-select')).toContainText('Custom model: Qwen2.5-0.5B');
    await expect(page.getByTestId('preset-select')).not.toContainText('Llama 3.1 8B');

    const gemma = {
      model_type: 'gemma3',
      text_config: {
        hidden_size: 2560,
        intermediate_size: 10240,
        num_hidden_layers: 34,
        num_attention_heads: 8,
        num_key_value_heads: 4,
        head_dim: 256,
      },
    };
    await page.getByTestId('import-text').fill(JSON.stringify(gemma));
    await page.getByTestId('import-config').click();
    const error = page.getByTestId('import-error');
    await expect(error).toHaveText(/^vocab_size is missing from this config/);
    await expect(error).not.toContainText('must not be less than');
  });

  test('a link naming an unknown model says so in plain words and shows the defaults', async ({ page }) => {
    await page.goto('/?model=gpt-5&gpu=h100-sxm&batch_size=2');
    await expect(page.getByTestId('link-notice')).toContainText(
      'This link asks for the model “gpt-5”, which this calculator does not have',
    );
    await expect(page.getByTestId('link-notice')).not.toContainText('/api/');
    await expect(page.getByTestId('preset-select')).toContainText('Llama 3.1 8B');
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Llama 3.1 8B');
    await expect(page.getByRole('spinbutton', { name: 'Batch size', exact: true })).toHaveValue('2');
    await expect(page.getByTestId('result-summary')).toHaveCount(0);
  });
});

test.describe('getting around', () => {
  test('at 1440x900 Calculate and the headline result are on screen beside the form', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openCalculator(page);
    await expect(page.getByTestId('calculate')).toBeInViewport();
    await page.getByRole('spinbutton', { name: 'Price per GPU-hour (USD)' }).scrollIntoViewIfNeeded();
    await expect(page.getByTestId('calculate')).toBeInViewport();
    await page.getByTestId('calculate').click();
    await expect(page.getByTestId('result-summary')).toBeInViewport();
    await expect(page.getByTestId('summary-tps')).toHaveText(/tok\/s/);
  });

  test('on a phone Calculate stays at the bottom of the window, and the result is scrolled to', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await openCalculator(page);
    await expect(page.getByTestId('calculate')).toBeInViewport();
    await page.getByRole('spinbutton', { name: 'Batch size', exact: true }).scrollIntoViewIfNeeded();
    await expect(page.getByTestId('calculate')).toBeInViewport();
    await page.getByTestId('calculate').click();
    await expect(page.getByTestId('action-headline')).toContainText('tok/s');
    await expect(page.getByTestId('result-summary')).toBeInViewport();
    await expectNoHorizontalScroll(page);
  });

  test('help buttons are out of the Tab order but describe their field, and F1 shows them', async ({ page }) => {
    await openCalculator(page);
    const batch = page.getByRole('spinbutton', { name: 'Batch size', exact: true });
    await expect(batch).toHaveAttribute('aria-describedby', /\S/);
    const describedBy = String(await batch.getAttribute('aria-describedby'));
    const descriptions = await page.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(descriptions).toContain('Sequences processed together');
    await expect(page.getByRole('button', { name: 'Help: Batch size' })).toHaveAttribute('tabindex', '-1');
    await batch.focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('combobox', { name: 'Weights precision' })).toBeFocused();
    await batch.focus();
    await page.keyboard.press('F1');
    await expect(page.locator('.help-tooltip')).toContainText('Sequences processed together');
  });

  test('the Calculator link is marked as the current page, query parameters and all', async ({ page }) => {
    await page.goto('/?model=llama-3.1-8b&gpu=h100-sxm&batch_size=2');
    await calculated(page);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calculator' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await page.goto('/compare');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calculator' })).not.toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  test('an unknown path shows a not-found page, not the calculator', async ({ page }) => {
    await page.goto('/no-such-page?x=1');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByTestId('not-found')).toContainText('/no-such-page');
    await expect(page).toHaveTitle(/Page not found/);
    await expect(page).toHaveURL(/no-such-page/);
    await expect(page.getByTestId('calculate')).toHaveCount(0);
  });

  test('the catalogues and saved models are asked for once, whichever pages are visited', async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/(available_models|gpu_configs|custom_models)$/.test(r.url())) asked.push(new URL(r.url()).pathname);
    });
    await openCalculator(page);
    await page.getByRole('link', { name: 'Compare', exact: true }).click();
    await expect(page.getByTestId('compare-model')).toContainText('Llama 3.1 8B');
    await page.getByRole('link', { name: 'Training', exact: true }).click();
    await expect(page.getByTestId('training-model')).toContainText('Llama 3.1 8B');
    await page.getByRole('link', { name: 'Calculator', exact: true }).click();
    await expect(page.getByTestId('preset-select')).toContainText('Llama 3.1 8B');
    expect(asked.sort()).toEqual(['/api/available_models', '/api/custom_models', '/api/gpu_configs']);
  });
});

test.describe('compare and training', () => {
  test('/compare is ranked by cost, GPUs that fit first, with headroom and max batch', async ({ page }) => {
    await page.goto('/compare?model=llama-3.1-8b&gpu_count=1');
    const rows = page.getByTestId('compare-row');
    await expect(rows.first()).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Headroom per GPU' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Max batch' })).toBeVisible();
    await expect(rows.first().getByTestId('cheapest-badge')).toBeVisible();
    await expect(rows.first().getByTestId('compare-max-batch')).toHaveText(/^[\d,]+$/);
    await expect(rows.first().getByTestId('compare-headroom')).toHaveText(/GB/);
    const costs = await rows.evaluateAll((trs) =>
      trs
        .filter((tr) => tr.querySelector('.fits-yes'))
        .map((tr) => tr.querySelector('.mat-column-cost_per_million_tokens')?.textContent?.trim() ?? '')
        .filter((t) => t.startsWith('$'))
        .map((t) => Number(t.replace(/[$,]/g, ''))),
    );
    expect(costs.length).toBeGreaterThan(2);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
  });

  test('/training keeps its inputs in the URL, reruns a link, and drops an estimate beside invalid input', async ({ page }) => {
    await page.goto('/training?model=llama-3.1-70b&gpu=h100-sxm&num_gpus=64&mfu=0.35');
    await expect(page.getByTestId('training-results')).toBeVisible();
    await expect(page.getByTestId('training-num-gpus')).toHaveValue('64');
    await expect(page.getByTestId('training-results')).toContainText('Llama 3.1 70B');
    await page.getByTestId('training-num-gpus').fill('128');
    await expect(page.getByTestId('training-stale')).toBeVisible();
    await page.getByTestId('training-submit').click();
    await expect(page).toHaveURL(/num_gpus=128/);
    await page.getByTestId('training-mfu').fill('5');
    await expect(page.getByTestId('training-results')).toHaveCount(0);
  });
});

test.describe('loading and layout', () => {
  test("the form's skeleton shows before any script has run", async ({ page }) => {
    await page.route('**/*.js', (route) => route.abort());
    await page.goto('/');
    await expect(page.getByTestId('boot-skeleton')).toBeVisible();
    await expect(page.getByTestId('boot-skeleton')).toContainText('LLM Scaling Calculator');
    await expect(page.getByTestId('boot-skeleton')).toContainText('Hardware');
  });

  for (const width of [375, 1440]) {
    test(`at ${width} px no field label runs under its "?" and none is cut off`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      for (const path of ['/', '/training', '/compare']) {
        await page.goto(path);
        await expect(page.locator('mat-form-field').first()).toBeVisible();
        // the floating labels and the "?" settle once Material's transitions have finished
        await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
        const problems = await page.evaluate(() =>
          [...document.querySelectorAll('mat-form-field')].flatMap((field) => {
            const label = field.querySelector('label.mdc-floating-label') as HTMLElement | null;
            const suffix = field.querySelector('.mat-mdc-form-field-icon-suffix');
            if (!label || label.offsetParent === null) return [];
            const text = label.textContent?.trim() ?? '';
            const out: string[] = [];
            if (label.scrollWidth > label.clientWidth + 1) out.push(`${text}: cut off`);
            if (suffix && label.getBoundingClientRect().right > suffix.getBoundingClientRect().left + 1) out.push(`${text}: under the ?`);
            const value = field.querySelector('.mat-mdc-select-value-text') as HTMLElement | null;
            if (value && value.scrollWidth > value.clientWidth + 1) out.push(`${value.textContent?.trim()}: value cut off`);
            return out;
          }),
        );
        expect(problems, path).toEqual([]);
      }
    });
  }

  test("at 375 px the calibrate panel's header neither overlaps nor clips", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await openCalculator(page);
    const header = page.getByTestId('calibrate-panel').locator('mat-expansion-panel-header');
    const clipped = await header.evaluate((h) =>
      [...h.querySelectorAll('mat-panel-title, mat-panel-description')]
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .some((e) => e.scrollWidth > e.clientWidth + 1),
    );
    expect(clipped).toBe(false);
    await expect(header).toContainText('Calibrate with a measurement');
  });

  test('the "Does not fit" chip stays on one line at 1440 px', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(NO_FIT);
    for (const chip of await page.locator('.chip.no').all()) {
      const box = await chip.boundingBox();
      expect(box?.height ?? 0).toBeLessThan(30);
    }
  });

  test('the context chart uses round lengths', async ({ page }) => {
    const sweep = page.waitForRequest(
      (r) => r.url().endsWith('/api/sweep') && (r.postDataJSON() as { vary: string }).vary === 'sequence_length',
    );
    await openCalculator(page);
    await page.getByTestId('calculate').click();
    const values = ((await sweep).postDataJSON() as { values: number[] }).values;
    expect(values[0]).toBe(512);
    for (const v of values) expect(Number.isInteger(Math.log2(v)) || Number.isInteger(Math.log2(v / 3))).toBe(true);
  });
});
