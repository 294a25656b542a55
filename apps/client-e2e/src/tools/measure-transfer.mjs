// Transfer size of `/` as the server sends it: starts the built api (serving the built client) on
// 127.0.0.1:$PORT, loads `/` in Debian's Chromium and sums the bytes on the wire (headers
// excluded, compression included) of the document, scripts and stylesheets, until the network is
// idle. "initial" counts only what index.html names (before Angular routes); "route" adds the
// lazy chunks the calculator route loads. API JSON is listed apart.
// Usage: PORT=5310 node apps/client-e2e/src/tools/measure-transfer.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const port = process.env.PORT ?? '5310';
const base = `http://127.0.0.1:${port}`;
const server = spawn('node', ['dist/apps/api/main.js'], {
  env: { ...process.env, PORT: port, HOST: '127.0.0.1', LOG_DIR: mkdtempSync(join(tmpdir(), 'transfer-')) },
  stdio: 'ignore',
});
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
  const html = await (await fetch(`${base}/`)).text();
  const named = new Set([...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => new URL(m[1], `${base}/`).href));

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const responses = new Map();
  cdp.on('Network.responseReceived', (e) => responses.set(e.requestId, { url: e.response.url, type: e.type, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '' }));
  cdp.on('Network.loadingFinished', (e) => {
    const r = responses.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  // A transfer measurement counts every response of the page, so it waits for the network to go quiet.
  // eslint-disable-next-line playwright/no-networkidle
  await page.goto(`${base}/`, { waitUntil: 'networkidle' });
  await browser.close();

  const rows = [...responses.values()].filter((r) => r.bytes !== undefined);
  const sum = (list) => list.reduce((s, r) => s + r.bytes, 0);
  const isDoc = (r) => r.type === 'Document';
  const isAsset = (r) => r.type === 'Script' || r.type === 'Stylesheet';
  const initial = rows.filter((r) => isDoc(r) || named.has(r.url));
  const route = rows.filter((r) => isDoc(r) || isAsset(r));
  const api = rows.filter((r) => r.url.includes('/api/'));
  for (const r of rows) console.log(`${String(r.bytes).padStart(9)}  ${r.type.padEnd(10)} ${r.encoding.padEnd(5)} ${r.url.replace(base, '')}`);
  console.log(`initial HTML+JS+CSS (named in index.html): ${sum(initial)} bytes on the wire (incl. headers)`);
  console.log(`all HTML+JS+CSS for / (with lazy route chunks): ${sum(route)} bytes`);
  console.log(`API JSON: ${sum(api)} bytes`);
} finally {
  server.kill();
}
