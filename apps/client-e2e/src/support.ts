import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { workspaceRoot } from '@nx/devkit';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCREENSHOT_DIR = join(workspaceRoot, 'dist/screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

export const CARD_TITLES = ['Model Summary', 'Memory Requirements', 'Computational Requirements', 'Performance Estimates'];

export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, `${name}.png`);
}

/** Opens a mat-select by its data-testid and clicks the option whose text matches. */
export async function chooseOption(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

/** Waits until the calculator's catalogues have loaded and the default preset is filled in. */
export async function openCalculator(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('preset-select')).toContainText('Llama 3.1 8B');
  await expect(page.getByTestId('gpu-select')).toContainText('H100');
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Llama 3.1 8B');
}

export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const sizes = await page.evaluate(() => {
    const root = document.scrollingElement as HTMLElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(sizes.scrollWidth, `page is ${sizes.scrollWidth}px wide in a ${sizes.clientWidth}px viewport`).toBeLessThanOrEqual(
    sizes.clientWidth,
  );
}

export const BASE_CUSTOM_MODEL = {
  name: 'e2e-model',
  hidden_size: 2048,
  intermediate_size: 8192,
  num_layers: 16,
  num_attention_heads: 16,
  num_kv_heads: 4,
  head_dim: 128,
  vocab_size: 32000,
  tie_word_embeddings: true,
  ffn_type: 'gated',
  num_experts: 1,
  experts_per_token: 1,
  expert_intermediate_size: 8192,
  num_shared_experts: 0,
  first_dense_layers: 0,
  kv_lora_rank: null,
  qk_rope_head_dim: null,
  sliding_window: null,
  sliding_window_pattern: null,
};

/** Runs a calculation through the API (as a script would) and returns its response. */
export async function postCalculation(request: APIRequestContext, body: Record<string, unknown>) {
  const response = await request.post('/api/calculate', { data: body });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { id: string; model_summary: { name: string } };
}
