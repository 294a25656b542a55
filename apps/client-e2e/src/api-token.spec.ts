import { expect, test } from '@playwright/test';
import { workspaceRoot } from '@nx/devkit';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshotPath } from './support';

/**
 * A server started with API_TOKEN (its own process, on the next port, with its own history): the
 * page asks for the token when a logged calculation is refused, sends it once given, and the run
 * is logged; nothing is logged before.
 */
const PORT = Number(process.env['E2E_PORT'] || '5055') + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = 'e2e-s3cret';

let server: ChildProcess;
let logDir: string;

const logged = (): number => {
  try {
    return readFileSync(join(logDir, 'web_app_calculations.log'), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

test.beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'llm-calc-e2e-token-'));
  server = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: workspaceRoot,
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LOG_DIR: logDir, DATA_DIR: join(logDir, 'data'), API_TOKEN: TOKEN },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the API_TOKEN server did not start on ${BASE}`);
});

test.afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(logDir, { recursive: true, force: true });
});

test('a server with API_TOKEN: the page asks for the token, a wrong one is refused, the right one logs the run', async ({ page }) => {
  await page.goto(`${BASE}/`);
  await expect(page.getByTestId('preset-select')).toContainText('Llama 3.1 8B');
  await expect(page.getByTestId('gpu-select')).toContainText('H100');
  await page.getByTestId('calculate').click();
  const banner = page.getByTestId('api-token-banner');
  await expect(banner).toContainText('This server needs an API token');
  expect(logged()).toBe(0);
  await page.screenshot({ path: screenshotPath('api-token-banner'), fullPage: false });

  await page.getByTestId('api-token-input').fill('wrong');
  await page.getByTestId('api-token-save').click();
  await expect(banner).toHaveCount(0);
  await page.getByTestId('calculate').click();
  await expect(banner).toContainText('did not accept the API token');
  expect(logged()).toBe(0);

  await page.getByTestId('api-token-input').fill(TOKEN);
  await page.getByTestId('api-token-save').click();
  await page.getByTestId('calculate').click();
  await expect(page.getByTestId('result-summary')).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect.poll(logged).toBe(1);
});
