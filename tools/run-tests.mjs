#!/usr/bin/env node
// `npm test`: every Jest project, then the end-to-end suite in headless Chromium against the
// built app, then one summary line "N passed, N failed" (CI reads it). Exit code 1 on any failure.
// `--unit` (npm run test:unit) runs only the Jest projects; `--e2e` (npm run e2e) only the build
// and the end-to-end suite, for the quicker local loops; CI runs both.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'dist', 'test-results');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' }).status ?? 1;

const onlyUnit = process.argv.includes('--unit');
const onlyE2e = process.argv.includes('--e2e');
rmSync(results, { recursive: true, force: true });
let failedSteps = 0;

// Jest, through the Nx cache: a project whose inputs did not change replays its recorded summary
// (an output of the test target), so only what changed runs again.
if (!onlyE2e) failedSteps += run('npx', ['nx', 'run-many', '-t', 'test', '--output-style=static', '--parallel=2']) ? 1 : 0;

// End-to-end: the built client served by the built api, in Debian's Chromium.
if (onlyUnit) {
  // Jest only.
} else if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
  console.error('e2e: /usr/bin/chromium is missing (apt-get install chromium); the e2e suite cannot run.');
  failedSteps += 1;
} else {
  failedSteps += run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'client', '--output-style=static']) ? 1 : 0;
  failedSteps += run('npx', ['playwright', 'test', '-c', 'apps/client-e2e/playwright.config.mts']) ? 1 : 0;
}

let passed = 0;
let failed = 0;
// A skipped test proves nothing (the server-process suite once skipped itself silently when it
// looked for the builds in the wrong folder): skips are named and counted as failures.
const skipped = [];
let skippedCount = 0;
if (existsSync(results)) {
  for (const file of readdirSync(results).filter((f) => f.startsWith('jest-') && f.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(results, file), 'utf8'));
    passed += s.passed;
    failed += s.failed;
    if (s.skipped > 0) skipped.push(`${s.skipped} in jest project ${s.project}`);
    skippedCount += s.skipped ?? 0;
  }
  const e2eFile = join(results, 'e2e.json');
  if (existsSync(e2eFile)) {
    const stats = JSON.parse(readFileSync(e2eFile, 'utf8')).stats ?? {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    if (stats.skipped > 0) skipped.push(`${stats.skipped} in the e2e suite`);
    skippedCount += stats.skipped ?? 0;
  }
}
if (skipped.length) {
  console.error(`skipped tests, counted as failed: ${skipped.join(', ')}`);
  failed += skippedCount;
}
// A step that failed without reporting a failed test (a crash, a build error) still counts.
if (failedSteps > 0 && failed === 0) failed = failedSteps;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps > 0 ? 1 : 0);
