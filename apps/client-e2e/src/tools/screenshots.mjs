// Screenshots of every page the calculator team owns, at 1440x900 and 375x812, light and dark
// (the theme follows prefers-color-scheme, set through the browser context's colorScheme).
// Starts the built api (serving the built client) on 127.0.0.1:$PORT with a fresh history.
// Usage: PORT=5312 node apps/client-e2e/src/tools/screenshots.mjs [name-filter]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const port = process.env.PORT ?? '5312';
const base = `http://127.0.0.1:${port}`;
const out = join(process.cwd(), 'dist/screenshots');
mkdirSync(out, { recursive: true });
const filter = process.argv[2] ?? '';

const server = spawn('node', ['dist/apps/api/main.js'], {
  env: { ...process.env, PORT: port, HOST: '127.0.0.1', LOG_DIR: mkdtempSync(join(tmpdir(), 'shots-')) },
  stdio: 'ignore',
});

/** Each page: where to go and what to do before the picture (press the page's main button). */
const PAGES = [
  {
    name: 'calculator',
    path: '/',
    ready: '[data-testid=preset-select]:has-text("Llama 3.1 8B")',
    press: '[data-testid=calculate]',
    after: '[data-testid=result-summary]',
  },
  {
    name: 'calculator-no-fit',
    path: '/?model=llama-3.1-70b&gpu=rtx-4090&num_gpus=2&tensor_parallel=2&precision=bf16',
    ready: '[data-testid=result-summary]',
    after: '[data-testid=fit-suggestions] button',
  },
  {
    name: 'compare',
    path: '/compare',
    ready: '[data-testid=compare-model]:has-text("Llama 3.1 8B")',
    press: '[data-testid=compare-submit]',
    after: '[data-testid=compare-table]',
  },
  {
    name: 'training',
    path: '/training',
    ready: '[data-testid=training-model]:has-text("Llama 3.1 8B")',
    press: '[data-testid=training-submit]',
    after: '[data-testid=training-results]',
  },
  { name: 'not-found', path: '/no-such-page', ready: '[data-testid=not-found]' },
];
const VIEWPORTS = [
  { label: '1440', width: 1440, height: 900 },
  { label: '375', width: 375, height: 812 },
];

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 100) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
  for (const scheme of ['light', 'dark']) {
    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, colorScheme: scheme });
      for (const p of PAGES) {
        const name = `${p.name}-${vp.label}-${scheme}`;
        if (filter && !name.includes(filter)) continue;
        const page = await context.newPage();
        await page.goto(`${base}${p.path}`);
        await page.locator(p.ready).first().waitFor({ timeout: 20000 });
        await page.screenshot({ path: join(out, `${name}-top.png`) });
        if (p.press) await page.locator(p.press).first().click();
        if (p.after) await page.locator(p.after).first().waitFor({ timeout: 20000 });
        // charts and Material transitions finish their animations before the picture
        await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
        await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
        console.log(name);
        await page.close();
      }
      await context.close();
    }
  }
  await browser.close();
} finally {
  server.kill();
}
