#!/usr/bin/env node
// `npm run bench`: engine throughput and 10k sweep, /api/calculate vs /api/health throughput
// (autocannon on loopback), /api/history latency over 200,000 logged runs (also right after an
// append, and /api/health meanwhile; BENCH_ONLY=history runs that section alone), and the client's
// initial bundle gzipped. Prints a table, writes dist/bench/results.json. Medians of repeated
// runs; targets are reported, never asserted (timed tests flake on shared machines).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist', 'bench');
mkdirSync(out, { recursive: true });
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const results = {};
// BENCH_ONLY=history runs the history section alone (it needs only the api build); BENCH_ONLY=serving
// the serving simulation and recommend search alone; BENCH_ONLY=engine
// runs the engine sweeps alone (roofline and runtime profiles: no build, no server) and prints their rows.
const only = process.env.BENCH_ONLY ?? '';

function step(title) {
  console.error(`\n== ${title}`);
}

// 1. Engine
if (!only || only === 'engine') {
  step('engine: 10,000-configuration sweep');
  spawnSync(
    'npx',
    [
      'esbuild',
      'tools/bench/engine.ts',
      '--bundle',
      '--platform=node',
      '--target=node20',
      `--outfile=${join(out, 'engine.js')}`,
      '--log-level=warning',
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  results.engine = JSON.parse(spawnSync('node', [join(out, 'engine.js')], { cwd: root, encoding: 'utf8' }).stdout);
}
const f = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : String(x));
const engineRows = () => [
  ['engine calculations per second', f(results.engine.calculations_per_second, 0), ''],
  ['engine 10k-configuration sweep (median wall)', `${f(results.engine.sweep_10k_ms_median)} ms`, 'well under 50 ms'],
  ['engine 10k-configuration sweep (median CPU)', `${f(results.engine.sweep_10k_cpu_ms_median)} ms`, ''],
  [
    'engine 10k sweep under runtime profiles (median wall / CPU)',
    `${f(results.engine.profile_sweep_10k_ms_median)} / ${f(results.engine.profile_sweep_10k_cpu_ms_median)} ms`,
    '< 50 ms',
  ],
  [
    'engine profile sweep / roofline sweep (CPU)',
    f(results.engine.profile_sweep_10k_cpu_ms_median / results.engine.sweep_10k_cpu_ms_median, 2),
    '(steadier on a shared machine)',
  ],
];
function printTable(rows) {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(`\n${'measure'.padEnd(w0)} | ${'result'.padEnd(w1)} | target`);
  console.log(`${'-'.repeat(w0)}-|-${'-'.repeat(w1)}-|-------`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c}`);
}
if (only === 'engine') {
  writeFileSync(join(out, 'results-engine.json'), JSON.stringify(results, null, 2) + '\n');
  printTable(engineRows());
  console.log(`\n(written to ${join('dist', 'bench', 'results-engine.json')})`);
  process.exit(0);
}

// 1b. Serving simulation and recommend search (issue 15); BENCH_ONLY=serving runs it alone.
const servingRows = () => [
  ['serving: simulate 10,000 requests (median)', `${f(results.serving.simulate_10k_requests_ms_median)} ms`, '< 250 ms'],
  [
    `serving: recommend, ${results.serving.gpus} GPUs x TP 1-8 x 3 precisions, 8B / 70B (median)`,
    `${f(results.serving.recommend_8b_ms_median, 0)} / ${f(results.serving.recommend_70b_ms_median, 0)} ms`,
    '< 2 s',
  ],
];
if (!only || only === 'serving') {
  step('engine: serving simulation (10,000 requests) and recommend search (catalogue x TP 1-8 x 3 precisions)');
  spawnSync(
    'npx',
    [
      'esbuild',
      'tools/bench/serving.ts',
      '--bundle',
      '--platform=node',
      '--target=node20',
      `--outfile=${join(out, 'serving.js')}`,
      '--log-level=warning',
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  results.serving = JSON.parse(spawnSync('node', [join(out, 'serving.js')], { cwd: root, encoding: 'utf8' }).stdout);
}
if (only === 'serving') {
  writeFileSync(join(out, 'results-serving.json'), JSON.stringify(results, null, 2) + '\n');
  printTable(servingRows());
  console.log(`\n(written to ${join('dist', 'bench', 'results-serving.json')})`);
  process.exit(0);
}

// 2. Builds (cached by Nx when nothing changed)
step('build api and client');
if (
  spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...(only ? ['api'] : ['api', 'client']), '--output-style=static'], {
    cwd: root,
    stdio: 'inherit',
    env,
  }).status !== 0
) {
  console.error('build failed');
  process.exit(1);
}

async function startServer(port, logDir) {
  const child = spawn('node', ['dist/apps/api/main.js'], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_DIR: logDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

// Server CPU time (user + system) from /proc on Linux: less sensitive than req/s to other
// tenants of a shared machine stealing cycles, so the CPU-per-request ratio is reported too.
function cpuMicros(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // clock ticks at USER_HZ = 100
  } catch {
    return null;
  }
}

async function cannon(opts) {
  const before = cpuMicros(server.pid);
  const res = await new Promise((resolve, reject) =>
    autocannon({ connections: 10, duration: seconds, ...opts }, (err, r) => (err ? reject(err) : resolve(r))),
  );
  const after = cpuMicros(server.pid);
  res.cpuMicrosPerRequest = before === null || after === null || !res.requests.total ? null : (after - before) / res.requests.total;
  return res;
}

// 3. API throughput
step(`api: autocannon, ${seconds}s per run, /api/health vs /api/calculate, 3 rounds`);
const apiLogs = mkdtempSync(join(tmpdir(), 'llm-calc-bench-'));
let server;
if (!only) {
  server = await startServer(5099, apiLogs);
  const calcBody = JSON.stringify({ model: 'llama-3.1-8b', gpu: 'h100-sxm', batch_size: 8, sequence_length: 8192 });
  // Each connection cycles through different requests, so nothing can be answered from a cache.
  const calcBodies = [
    { model: 'llama-3.1-8b', gpu: 'h100-sxm', batch_size: 8, sequence_length: 8192 },
    { model: 'mixtral-8x7b', gpu: 'a100-sxm-80gb', precision: 'int8', batch_size: 4, sequence_length: 4096 },
    { model: 'qwen2.5-72b', gpu: 'h100-sxm', precision: 'fp8', num_gpus: 4, tensor_parallel: 4, sequence_length: 32768 },
    { model: 'gemma-2-9b', gpu: 'rtx-4090', precision: 'int4', batch_size: 1, sequence_length: 2048 },
    { model: 'deepseek-v3', gpu: 'mi300x', precision: 'fp8', num_gpus: 8, tensor_parallel: 8, batch_size: 16 },
    { model: 'llama-2-7b', gpu: 'l40s', batch_size: 32, sequence_length: 1024, efficiency: 0.5, memory_efficiency: 0.8 },
  ].map((b) => ({ method: 'POST', path: '/api/calculate', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) }));
  const health = [];
  const calc = [];
  const postBaseline = [];
  for (let round = 0; round < 3; round++) {
    health.push(await cannon({ url: 'http://127.0.0.1:5099/api/health' }));
    calc.push(await cannon({ url: 'http://127.0.0.1:5099', requests: calcBodies }));
    // The same body POSTed to a path that does not exist: what parsing a JSON POST costs by itself.
    postBaseline.push(
      await cannon({
        url: 'http://127.0.0.1:5099/api/no-such-endpoint',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: calcBody,
      }),
    );
  }
  await stop(server);
  const rps = (rs) => median(rs.map((r) => r.requests.average));
  const p99 = (rs) => median(rs.map((r) => r.latency.p99));
  const cpuPerRequest = (rs) => (rs.some((r) => r.cpuMicrosPerRequest === null) ? null : median(rs.map((r) => r.cpuMicrosPerRequest)));
  results.api = {
    health_requests_per_second: rps(health),
    calculate_requests_per_second: rps(calc),
    ratio_calculate_to_health: rps(calc) / rps(health),
    post_baseline_requests_per_second: rps(postBaseline),
    ratio_post_baseline_to_health: rps(postBaseline) / rps(health),
    health_p99_ms: p99(health),
    calculate_p99_ms: p99(calc),
    calculate_non_2xx: calc.reduce((n, r) => n + r.non2xx, 0),
    health_cpu_us_per_request: cpuPerRequest(health),
    calculate_cpu_us_per_request: cpuPerRequest(calc),
    post_baseline_cpu_us_per_request: cpuPerRequest(postBaseline),
    cpu_ratio_health_to_calculate:
      cpuPerRequest(health) !== null && cpuPerRequest(calc) ? cpuPerRequest(health) / cpuPerRequest(calc) : null,
  };
}

// 4. History with 200,000 runs (BENCH_HISTORY_RUNS), while runs are appended
const HISTORY_RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 200_000);
step(`history: ${HISTORY_RUNS.toLocaleString('en')} logged runs`);
// One real record to copy: a calculation answered (not logged) by a server on an empty folder.
let histServer = await startServer(5098, mkdtempSync(join(tmpdir(), 'llm-calc-sample-')));
const record = await (
  await fetch('http://127.0.0.1:5098/api/calculate?log=false', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'llama-3.1-8b', gpu: 'h100-sxm' }),
  })
).json();
await stop(histServer);
const histDir = mkdtempSync(join(tmpdir(), 'llm-calc-history-'));
const models = ['Llama 3.1 8B', 'Mixtral 8x7B', 'Qwen2.5 72B', 'DeepSeek-V3', 'Gemma 2 9B'];
const gpus = ['NVIDIA H100 SXM5 80GB', 'NVIDIA A100 80GB SXM4', 'NVIDIA GeForce RTX 4090', 'AMD Instinct MI300X'];
for (const [file, source, count] of [
  ['web_app_calculations.log', 'web', Math.round(HISTORY_RUNS * 0.7)],
  ['cli_calculations.log', 'cli', Math.round(HISTORY_RUNS * 0.3)],
]) {
  writeFileSync(join(histDir, file), '');
  // Written in slices: 200,000 records are ~600 MB, beyond one string's length.
  for (let from = 0; from < count; from += 10_000) {
    const lines = [];
    for (let i = from; i < Math.min(count, from + 10_000); i++) {
      const r = structuredClone(record);
      r.id = `${source}-${i}`;
      r.source = source;
      r.timestamp = new Date(Date.UTC(2025, 0, 1) + i * 60_000 + (source === 'cli' ? 30_000 : 0)).toISOString();
      r.model_summary.name = models[i % models.length];
      r.gpu_summary.name = gpus[i % gpus.length];
      r.inputs.batch_size = 1 + (i % 64);
      r.memory.total_bytes = 1e10 + (i % 997) * 1e8;
      r.performance.tokens_per_second = 10 + (i % 311);
      lines.push(JSON.stringify(r));
    }
    appendFileSync(join(histDir, file), lines.join('\n') + '\n');
  }
}
histServer = await startServer(5098, histDir);
const base = 'http://127.0.0.1:5098/api/history';
const timed = async (url, init) => {
  const t0 = performance.now();
  const r = await fetch(url, init);
  await r.arrayBuffer();
  return performance.now() - t0;
};
const coldMs = await timed(`${base}?page=1&page_size=50`);
const queries = [
  'page=1&page_size=50',
  'page=40&page_size=50&sort=tokens_per_second&order=asc',
  'model=llama&page_size=50',
  'gpu=h100&source=cli&sort=total_bytes',
  'q=mixtral&page=3&page_size=25',
  'sort=model&order=desc&page=100',
];
// Every sorted view built once (the first query of each sort column sorts it), then warm queries.
for (const q of queries) await timed(`${base}?${q}`);
const latencies = [];
for (let i = 0; i < 120; i++) latencies.push(await timed(`${base}?${queries[i % queries.length]}`));
// A run appended, then the next query (before: the sorted views were rebuilt after every append).
const calcInit = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'llama-3.1-8b', gpu: 'h100-sxm' }),
};
const afterAppend = [];
for (let i = 0; i < 60; i++) {
  await timed('http://127.0.0.1:5098/api/calculate', calcInit);
  afterAppend.push(await timed(`${base}?${queries[i % queries.length]}`));
}
// Health answered while history queries and appends run back to back.
const healthLatencies = [];
let busy = true;
const load = (async () => {
  for (let i = 0; busy; i++) {
    if (i % 3 === 0) await timed('http://127.0.0.1:5098/api/calculate', calcInit);
    await timed(`${base}?${queries[i % queries.length]}`);
  }
})();
const until = performance.now() + seconds * 2000;
while (performance.now() < until) {
  healthLatencies.push(await timed('http://127.0.0.1:5098/api/health'));
  await new Promise((r) => setTimeout(r, 10));
}
busy = false;
await load;
await stop(histServer);
results.history = {
  runs: HISTORY_RUNS,
  cold_first_query_ms: coldMs,
  p50_ms: percentile(latencies, 50),
  p95_ms: percentile(latencies, 95),
  queries: latencies.length,
  query_after_append_p50_ms: percentile(afterAppend, 50),
  query_after_append_p95_ms: percentile(afterAppend, 95),
  health_during_history_p50_ms: percentile(healthLatencies, 50),
  health_during_history_p99_ms: percentile(healthLatencies, 99),
  health_samples: healthLatencies.length,
};

// 4b. PostgreSQL history, 1,000,000 runs (its own cluster; skipped with a reason without PostgreSQL)
if (!only) {
  step('history: PostgreSQL with 1,000,000 runs');
  const r = spawnSync('node', ['tools/bench/postgres.mjs'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    results.history_pg = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    results.history_pg = { skipped: `tools/bench/postgres.mjs failed (exit ${r.status})` };
  }
  if (results.history_pg.skipped) console.error(`   skipped: ${results.history_pg.skipped}`);
}

// 5. Client bundle
if (!only) {
  step('client: initial bundle');
  const browser = join(root, 'dist', 'apps', 'client', 'browser');
  const html = readFileSync(join(browser, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]).filter((f) => existsSync(join(browser, f)));
  let raw = 0;
  let gz = 0;
  for (const f of initial) {
    const buf = readFileSync(join(browser, f));
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  results.client = { initial_files: initial, initial_bytes: raw, initial_gzip_bytes: gz };
}

writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');

const H = results.history;
const rows = [
  ...(only
    ? []
    : [
        ...engineRows(),
        ...servingRows(),
        ['/api/health throughput', `${f(results.api.health_requests_per_second, 0)} req/s`, ''],
        ['/api/calculate throughput', `${f(results.api.calculate_requests_per_second, 0)} req/s`, ''],
        ['calculate / health ratio', f(results.api.ratio_calculate_to_health, 2), '>= 0.80'],
        ['POST baseline (body parsed, 404) / health', f(results.api.ratio_post_baseline_to_health, 2), '(reference)'],
        [
          'server CPU per request: health / calculate / POST baseline',
          [results.api.health_cpu_us_per_request, results.api.calculate_cpu_us_per_request, results.api.post_baseline_cpu_us_per_request]
            .map((x) => (x === null ? 'n/a' : `${f(x, 0)} µs`))
            .join(' / '),
          '',
        ],
        ['CPU-time ratio (health CPU / calculate CPU)', f(results.api.cpu_ratio_health_to_calculate, 2), '(same target, steadier)'],
        ['/api/health p99', `${f(results.api.health_p99_ms)} ms`, ''],
        ['/api/calculate p99', `${f(results.api.calculate_p99_ms)} ms`, ''],
      ]),
  [`/api/history first query (${H.runs / 1000}k runs, cold)`, `${f(H.cold_first_query_ms)} ms`, ''],
  [`/api/history p50 (${H.runs / 1000}k runs, warm)`, `${f(H.p50_ms)} ms`, '< 50 ms'],
  [`/api/history p95 (${H.runs / 1000}k runs, warm)`, `${f(H.p95_ms)} ms`, ''],
  [
    '/api/history right after an append, p50 / p95',
    `${f(H.query_after_append_p50_ms)} / ${f(H.query_after_append_p95_ms)} ms`,
    'no re-sort',
  ],
  [
    '/api/health during history queries and appends, p50 / p99',
    `${f(H.health_during_history_p50_ms)} / ${f(H.health_during_history_p99_ms)} ms`,
    'p99 < 50 ms',
  ],
  ...(!results.history_pg
    ? []
    : results.history_pg.skipped
      ? [['PostgreSQL history (1M runs)', 'skipped', results.history_pg.skipped]]
      : [
          ['PostgreSQL /api/history p50, 1M runs (sort + filter + page)', `${f(results.history_pg.p50_ms)} ms`, '< 50 ms'],
          ['PostgreSQL /api/history p95, 1M runs', `${f(results.history_pg.p95_ms)} ms`, ''],
          ['PostgreSQL bulk load of 1M runs / index build', `${f(results.history_pg.load_s)} s / ${f(results.history_pg.index_s)} s`, ''],
        ]),
  ...(only ? [] : [['client initial bundle, gzipped', `${f(results.client.initial_gzip_bytes / 1024)} KiB`, '<= 350 KB']]),
];
printTable(rows);
console.log(`\n(written to ${join('dist', 'bench', 'results.json')})`);
