import { defineConfig } from '@playwright/test';
import { workspaceRoot } from '@nx/devkit';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * End-to-end tests against the real server: the built api (dist/apps/api/main.js) serving the
 * built client (dist/apps/client/browser), in Debian's headless Chromium (no browser download).
 * Build first: `npx nx build client && npx nx build api`.
 */
const PORT = process.env['E2E_PORT'] || '5055';
const baseURL = `http://127.0.0.1:${PORT}`;

/** A history folder of its own, created fresh for each run so the tests start from known logs. */
export const E2E_LOG_DIR = join(workspaceRoot, 'dist/e2e-logs/run');

// Workers load this file too; only the main process (before the server starts) resets the folder.
if (!process.env['TEST_WORKER_INDEX']) {
  rmSync(E2E_LOG_DIR, { recursive: true, force: true });
  mkdirSync(E2E_LOG_DIR, { recursive: true });
  // One unreadable line, so the "lines were skipped" notice has something to report.
  writeFileSync(join(E2E_LOG_DIR, 'cli_calculations.log'), 'this is not json\n');
}

export default defineConfig({
  testDir: './src',
  outputDir: join(workspaceRoot, 'dist/test-results/e2e-artifacts'),
  // One server and one history shared by every test: run them one after another.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: join(workspaceRoot, 'dist/test-results/e2e.json') }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'node dist/apps/api/main.js',
    cwd: workspaceRoot,
    env: { PORT, HOST: '127.0.0.1', LOG_DIR: E2E_LOG_DIR },
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
  projects: [{ name: 'chromium' }],
});
