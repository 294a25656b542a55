/**
 * Serving accuracy: the serving simulation against measured serving throughput
 * (libs/presets/reference/serving-measured.json), with the engine's default efficiencies and no
 * parameter fitted to any row. Prints the table; with --write puts it in the README between the
 * serving markers. Run: npm run serving-validation [-- --write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE,
  SERVING_FP8_COMPUTE_FACTOR,
  type LengthDistribution,
} from '@llm-calc/engine';
import { data, estimate, median, type Row } from './serving-rows';

const fit = JSON.parse(readFileSync(resolve(__dirname, 'serving-fit.json'), 'utf8')) as {
  hostSecondsPerSequence: number;
  fp8ComputeFactor: number;
  sources: number;
  medianErrorCrossValidated: number;
  medianErrorCrossValidatedNothingAssumed: number;
  withinTolCrossValidated: number;
  runs: number;
};

function fmt(x: number, metric: Row['metric']): string {
  return metric === 'tpot_p50_seconds' ? `${(x * 1000).toFixed(1)} ms` : x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

function conditions(r: Row): string {
  const w = r.workload;
  const len = (d: LengthDistribution) =>
    d.distribution === 'fixed' ? `${d.mean}` : d.distribution === 'uniform' ? `${d.min}-${d.max}` : `~${d.mean}`;
  const load =
    w.arrival === 'offline'
      ? `${r.batching === 'static' ? 'static batch' : 'offline'} ${w.num_requests}`
      : w.arrival === 'concurrency'
        ? `${w.concurrency} users`
        : `${w.request_rate} req/s`;
  return `${load}, ${len(w.input_tokens)}/${len(w.output_tokens)}`;
}

interface Table {
  lines: string[];
  /** |error| with the runtime profile of the measured framework, and with the plain roofline. */
  errors: number[];
  rooflineErrors: number[];
  assumedFree: number[];
}

function table(rows: Row[]): Table {
  const errors: number[] = [];
  const rooflineErrors: number[] = [];
  const assumedFree: number[] = [];
  const lines = [
    '| run | runtime | GPU x TP x replicas | precision | load, in/out tokens | measured | simulated (runtime) | error | simulated (roofline) | error |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const est = estimate(r, true);
    const plain = estimate(r, false);
    const err = est / r.value - 1;
    const plainErr = plain / r.value - 1;
    errors.push(Math.abs(err));
    rooflineErrors.push(Math.abs(plainErr));
    if (r.assumed.length === 0) assumedFree.push(Math.abs(err));
    const unit = r.metric === 'output_tokens_per_second_per_gpu' ? ' /GPU' : '';
    lines.push(
      `| [${r.id}](${r.url})${r.assumed.length ? ' *' : ''} | ${r.runtime} | ${r.gpu} x${r.tensor_parallel} x${r.replicas} | ${r.precision} | ${conditions(r)} | ${fmt(r.value, r.metric)}${unit} | ${fmt(est, r.metric)}${unit} | ${(err * 100).toFixed(1)}% | ${fmt(plain, r.metric)}${unit} | ${(plainErr * 100).toFixed(1)}% |`,
    );
  }
  return { lines, errors, rooflineErrors, assumedFree };
}

// The engine's constants must be the fitted ones (npm run serving-fit writes serving-fit.json).
if (fit.hostSecondsPerSequence !== PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE || fit.fp8ComputeFactor !== SERVING_FP8_COMPUTE_FACTOR)
  throw new Error(
    `serving-traits.ts (${PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE}, ${SERVING_FP8_COMPUTE_FACTOR}) differs from tools/serving-fit.json (${fit.hostSecondsPerSequence}, ${fit.fp8ComputeFactor}): set the constants to the fit`,
  );

const t0 = Date.now();
const thr = table(data.throughput);
const lat = table(data.latency);
const within = (xs: number[], tol: number) => xs.filter((x) => x <= tol).length;
const text = [
  `Simulated output throughput against ${data.throughput.length} measured serving runs (libs/presets/reference/serving-measured.json: the ${data.throughput.filter((r) => r.from_measured_json).length} high_concurrency and batched_decode runs of measured.json, plus vLLM/SGLang tables), each with the runtime profile of the framework that was measured (\`runtime\`: step costs and KV pool from libs/presets' runtime profiles, fitted on batch-1 decode and prefill, plus the serving traits of libs/engine/src/lib/serving/serving-traits.ts: TensorRT-LLM's no-evict admission, and two parameters fitted on these runs by \`npm run serving-fit\`: ${(fit.hostSecondsPerSequence * 1e6).toFixed(0)} µs of host work per running sequence per step for vLLM/SGLang, FP8 compute factor ${fit.fp8ComputeFactor}) and with the plain roofline (the engine's default efficiencies, compute ${DEFAULT_COMPUTE_EFFICIENCY}, memory bandwidth ${DEFAULT_MEMORY_EFFICIENCY}, nothing fitted). Static-batching runs (TensorRT-LLM 0.9 gptSessionBenchmark, LMDeploy, HF) are simulated as one batch prefilled in one step; in-flight runs with the scheduler limits given. \`*\` = a condition the source does not state was assumed (see the file's \`assumed\`).`,
  '',
  ...thr.lines,
  '',
  `**Median absolute error with the runtime profiles ${(median(thr.errors) * 100).toFixed(1)}%** (target <= 25%; ${within(thr.errors, 0.25)} of ${thr.errors.length} runs within 25%; median over the ${thr.assumedFree.length} runs with nothing assumed ${(median(thr.assumedFree) * 100).toFixed(1)}%); with the plain roofline ${(median(thr.rooflineErrors) * 100).toFixed(1)}% (${within(thr.rooflineErrors, 0.25)} of ${thr.rooflineErrors.length} within 25%). Leave-one-source-out cross-validation of the two fitted parameters (${fit.sources} sources, each refitted without its own runs, tools/serving-fit.json): median ${(fit.medianErrorCrossValidated * 100).toFixed(1)}% (${fit.withinTolCrossValidated} of ${fit.runs} within 25%; ${(fit.medianErrorCrossValidatedNothingAssumed * 100).toFixed(1)}% over the runs with nothing assumed).`,
  '',
  'Median TPOT under Poisson load (not part of the throughput target):',
  '',
  ...lat.lines,
  '',
  `Median absolute TPOT error ${(median(lat.errors) * 100).toFixed(1)}% with the runtime profiles, ${(median(lat.rooflineErrors) * 100).toFixed(1)}% with the plain roofline. Generated by \`npm run serving-validation -- --write\` (${((Date.now() - t0) / 1000).toFixed(1)} s).`,
].join('\n');
console.log(text);

if (process.argv.includes('--write')) {
  const readme = resolve(__dirname, '../README.md');
  const body = readFileSync(readme, 'utf8');
  const start = '<!-- serving:start -->';
  const end = '<!-- serving:end -->';
  const i = body.indexOf(start);
  const j = body.indexOf(end);
  if (i < 0 || j < i) throw new Error('README.md has no serving markers');
  writeFileSync(readme, body.slice(0, i + start.length) + '\n' + text + '\n' + body.slice(j));
  console.log('\nREADME.md updated.');
}
