import { expect, test } from '@playwright/test';
import { chooseOption, expectNoHorizontalScroll, openCalculator } from './support';

/** Runtime profiles on the page (issue 12): the runtime input, ranges, "reserved" beside "needed", offload. */

/** "52 tok/s, 44–58": the estimate, then its low–high band. */
const WITH_RANGE = /^[\d.,]+ tok\/s, [\d.,]+–[\d.,]+$/;

test.describe('runtime profiles', () => {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  test('the default runtime is named, figures carry their range, and a pool server shows reserved beside needed', async ({ page }) => {
    await openCalculator(page);
    await expect(page.getByTestId('runtime-select')).toContainText('Auto');
    await expect(page.getByTestId('gpu-layers')).toHaveCount(0);
    await page.getByTestId('calculate').click();

    await expect(page.getByTestId('summary-tps')).toHaveText(WITH_RANGE);
    await expect(page.getByTestId('action-headline').locator('.speed')).toHaveText(WITH_RANGE);
    // auto picks vLLM for bf16 on an H100: a KV-pool server that reserves 90% of the GPU.
    await expect(page.locator('[data-figure=runtime] dd')).toHaveText('vLLM');
    await expect(page.getByTestId('summary-title')).toContainText('· vLLM');
    await expect(page.getByTestId('summary-memory')).toHaveText(/needed, [\d.]+ GB reserved by vLLM, of [\d.]+ GB per GPU/);
    await expect(page.locator('[data-figure=reserved_bytes] dd')).toContainText(/GB\s*KV pool [\d,]+ tokens/);
    // In the cards the band sits under each figure.
    await expect(page.locator('[data-figure=total_bytes] dd .note')).toHaveText(/^[\d.]+–[\d.]+ GB$/);
    await expect(page.locator('[data-figure=prefill_latency_seconds] dd .note')).toHaveText(/^.+–.+ m?s$/);
  });

  test('the runtime is sent, kept in the link and the CLI command; the plain roofline has no reservation', async ({ page }) => {
    await openCalculator(page);
    await chooseOption(page, 'runtime-select', 'SGLang');
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/calculate') && r.method() === 'POST');
    await page.getByTestId('calculate').click();
    expect((await sent).postDataJSON()).toMatchObject({ runtime: 'sglang' });
    await expect(page.locator('[data-figure=runtime] dd')).toHaveText('SGLang');
    await expect(page).toHaveURL(/runtime=sglang/);
    await page.getByTestId('copy-cli').click();
    await expect(page.getByTestId('shared-text')).toContainText('--runtime sglang');

    await chooseOption(page, 'runtime-select', /^Roofline/);
    await page.getByTestId('calculate').click();
    await expect(page.locator('[data-figure=runtime] dd')).toHaveText(/^Roofline/);
    await expect(page.getByTestId('summary-memory')).toHaveText(/^[\d.]+ GB of [\d.]+ GB per GPU$/);
    await expect(page.locator('[data-figure=reserved_bytes]')).toHaveCount(0);
  });

  test('llama.cpp: GPU layers appear, a link with them reruns, and the offloaded part is in host memory', async ({ page }) => {
    await page.goto('/?model=llama-3.1-70b&gpu=rtx-4090&precision=q4_k_m&runtime=llama.cpp&gpu_layers=40');
    await expect(page.getByTestId('gpu-layers')).toHaveValue('40');
    await expect(page.locator('[data-figure=runtime] dd')).toHaveText('llama.cpp');
    await expect(page.locator('[data-figure=host_bytes] dd')).toContainText(/GB\s*40 layers on the GPU/);
    await expect(page.getByTestId('summary-memory')).not.toContainText('reserved');
    await page.getByTestId('copy-cli').click();
    await expect(page.getByTestId('shared-text')).toContainText('--runtime llama.cpp --gpu-layers 40');

    // Another runtime has no offload: the field goes and the link drops it.
    await chooseOption(page, 'runtime-select', /^vLLM$/);
    await expect(page.getByTestId('gpu-layers')).toHaveCount(0);
    await expect(page).not.toHaveURL(/gpu_layers=/);
    await expect(page).toHaveURL(/runtime=vllm/);
  });

  test('"how could it fit" offers llama.cpp\'s offload, one click away', async ({ page }) => {
    await page.goto('/?model=llama-3.1-70b&gpu=rtx-4090&precision=q4_k_m&runtime=llama.cpp');
    await expect(page.getByTestId('summary-verdict')).toHaveText('Does not fit');
    const offload = page.getByTestId('fit-suggestions').getByTestId('fit-offload');
    await expect(offload).toHaveText(/Keep \d+ layers on the GPU/);
    const layers = Number(/(\d+)/.exec(await offload.innerText())?.[1]);
    expect(layers).toBeGreaterThan(0);
    expect(layers).toBeLessThan(80);
    await offload.click();
    await expect(page.getByTestId('gpu-layers')).toHaveValue(String(layers));
    await expect(page.getByTestId('summary-verdict')).not.toHaveText('Does not fit');
    await expect(page.getByTestId('summary-tps')).toHaveText(WITH_RANGE);
    await expect(page.locator('[data-figure=host_bytes] dd')).toContainText(`${layers} layers on the GPU`);
  });

  test('compare sends the runtime and keeps it in its link', async ({ page }) => {
    await page.goto('/compare?runtime=tensorrt-llm&gpus=h100-sxm,a100-sxm-80gb');
    await expect(page.getByTestId('compare-runtime')).toContainText('TensorRT-LLM');
    await chooseOption(page, 'compare-runtime', /^vLLM$/);
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/compare') && r.method() === 'POST');
    await page.getByTestId('compare-submit').click();
    expect((await sent).postDataJSON()).toMatchObject({ runtime: 'vllm' });
    await expect(page.getByTestId('compare-row').first()).toBeVisible();
    await expect(page).toHaveURL(/runtime=vllm/);
  });

  test.describe('375 px wide', () => {
    test.use({ viewport: { width: 375, height: 812 } });

    test('the runtime picker and a ranged headline fit the phone', async ({ page }) => {
      await openCalculator(page);
      await page.getByTestId('calculate').click();
      await expect(page.getByTestId('summary-tps')).toHaveText(WITH_RANGE);
      await expect(page.getByTestId('runtime-select')).toBeVisible();
      await expectNoHorizontalScroll(page);
    });
  });
});
