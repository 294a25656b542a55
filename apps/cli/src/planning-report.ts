/**
 * Text output of the planning commands (compare, fit, sweep, calibrate, train). Pure: the
 * contract's response plus what the request resolved to (names, normalized inputs) in, text out.
 * Units follow report.ts: GB = 10^9 bytes, durations by magnitude, USD.
 */
import type {
  CalibrateResponse,
  CompareResponse,
  CompareResult,
  FitResponse,
  NormalizedCalculateRequest,
  SweepResponse,
  TrainingResponse,
} from '@llm-calc/contracts';
import {
  alignRows,
  formatBytes,
  formatCount,
  formatDuration,
  formatFlops,
  formatGigabytes,
  formatLongDuration,
  formatParameters,
  formatPercent,
  formatSignificant,
  formatTable,
  formatTokensPerSecond,
  formatUsd,
  MISSING,
  formatCapacity,
} from './format';
import { describeInputs, plural, UNITS_NOTE } from './report';

/** What a calculate-shaped request resolved to: display names and the inputs with defaults filled. */
export interface ResolvedNames {
  model: string;
  gpu: string;
  inputs: NormalizedCalculateRequest;
}

/** "17.2 / 80": per-GPU need against capacity, both in GB. */
function memoryCell(perGpuBytes: number, capacityBytes: number): string {
  return `${formatGigabytes(perGpuBytes)} / ${formatGigabytes(capacityBytes)}`;
}

/** Fitting rows first, then those that do not fit, then unsupported ones; each by cost per million tokens (unpriced last). */
export function sortCompareResults(results: readonly CompareResult[]): CompareResult[] {
  const group = (r: CompareResult) => (!r.supported ? 2 : r.fits ? 0 : 1);
  const cost = (r: CompareResult) => r.cost_per_million_tokens ?? Number.POSITIVE_INFINITY;
  return [...results].sort(
    (a, b) => group(a) - group(b) || cost(a) - cost(b) || b.aggregate_tokens_per_second - a.aggregate_tokens_per_second,
  );
}

export const COMPARE_HEADER = [
  'GPU',
  'GPUS',
  'FITS',
  'PER-GPU / CAPACITY (GB)',
  'TOK/S',
  'AGGREGATE TOK/S',
  'PREFILL',
  '$/H',
  '$/M TOKENS',
];

export function renderCompare(
  response: CompareResponse,
  modelName: string,
  inputs: NormalizedCalculateRequest,
  fewestGpus = false,
): string {
  const sorted = sortCompareResults(response.results);
  const supported = sorted.filter((r) => r.supported);
  const unsupported = sorted.filter((r) => !r.supported);
  const rows = supported.map((r) => [
    r.gpu,
    formatCount(r.num_gpus),
    r.fits ? 'yes' : 'NO',
    memoryCell(r.per_gpu_bytes, r.gpu_memory_bytes),
    formatSignificant(r.tokens_per_second),
    formatSignificant(r.aggregate_tokens_per_second),
    formatDuration(r.prefill_latency_seconds),
    formatUsd(r.cost_per_hour),
    formatUsd(r.cost_per_million_tokens),
  ]);
  const lines = [
    `${modelName} on ${plural(response.results.length, 'GPU type')}`,
    describeInputs(inputs, ' of each type', fewestGpus ? 'the fewest GPUs of each type that fit (tensor parallel)' : undefined),
    UNITS_NOTE,
    '',
  ];
  lines.push(...formatTable([COMPARE_HEADER, ...rows]));
  // Reasons are long: a list of their own rather than a stretched table column.
  if (unsupported.length) {
    lines.push(
      '',
      `Unsupported (${plural(unsupported.length, 'GPU')}):`,
      ...formatTable(unsupported.map((r) => [r.gpu, r.reason ?? 'not supported'])),
    );
  }
  lines.push('', cheapestLine(response, sorted), '');
  return lines.join('\n');
}

function cheapestLine(response: CompareResponse, sorted: readonly CompareResult[]): string {
  const cheapest = sorted.find((r) => r.gpu === response.cheapest_fitting);
  if (cheapest) {
    return `Cheapest that fits: ${cheapest.name} (${cheapest.gpu}), ${formatUsd(cheapest.cost_per_million_tokens)} per million tokens at ${formatUsd(cheapest.cost_per_hour)}/h.`;
  }
  if (sorted.some((r) => r.fits)) return 'No GPU that fits has a price: give --price-per-gpu-hour to rank them by cost.';
  return 'No GPU fits this workload: try --fewest-gpus or more --num-gpus, a smaller --batch-size or --sequence-length, or a lower --precision.';
}

export function renderFit(response: FitResponse, names: ResolvedNames): string {
  const i = names.inputs;
  const batch = response.max_batch_size === 0 ? '0 (does not fit even at batch 1)' : plural(response.max_batch_size, 'sequence');
  const context =
    response.max_sequence_length === 0
      ? '0 (does not fit even with a 1-token prompt)'
      : `${formatCount(response.max_sequence_length)} tokens`;
  const rows: [string, string][] = [
    [`Largest batch at a ${formatCount(i.sequence_length)}-token prompt`, batch],
    [`Longest prompt at batch ${formatCount(i.batch_size)}`, context],
    [
      'Fewest GPUs (tensor parallel dividing the heads, pipeline 1)',
      response.min_gpus === null ? 'none (tensor parallel alone cannot: add pipeline parallelism)' : formatCount(response.min_gpus),
    ],
  ];
  return [`${names.model} on ${names.gpu}`, describeInputs(i), '', ...alignRows(rows), ''].join('\n');
}

export function renderSweep(response: SweepResponse, names: ResolvedNames): string {
  const header = [response.vary, 'TOTAL (GB)', 'PER GPU (GB)', 'FITS', 'TOK/S', 'AGGREGATE TOK/S'];
  const rows = response.points.map((p) => [
    formatCount(p.value),
    formatGigabytes(p.total_bytes),
    formatGigabytes(p.per_gpu_bytes),
    p.fits ? 'yes' : 'NO',
    formatSignificant(p.tokens_per_second),
    formatSignificant(p.aggregate_tokens_per_second),
  ]);
  const capacity = response.points[0]?.gpu_memory_bytes;
  return [
    `${names.model} on ${names.gpu}: ${response.vary} varied over ${plural(response.points.length, 'value')}`,
    `the rest: ${describeInputs(names.inputs)}`,
    UNITS_NOTE,
    '',
    ...formatTable([header, ...rows]),
    '',
    `GPU memory: ${capacity === undefined ? '—' : formatCapacity(capacity)} per GPU.`,
    '',
  ].join('\n');
}

export function renderCalibrate(response: CalibrateResponse, names: ResolvedNames): string {
  const decode = response.unit === 'tokens/s';
  const show = (value: number) => (decode ? formatTokensPerSecond(value) : formatDuration(value));
  const option = decode ? '--memory-efficiency' : '--efficiency';
  const error = response.relative_error_at_current;
  const rows: [string, string][] = [
    ['Measured', `${show(response.measured)} (${decode ? 'single-sequence decode' : 'prefill'})`],
    ['Calibrates', `${response.parameter} (${option})`],
    [
      'Fitted efficiency',
      response.fitted_efficiency === null ? 'none (even 100% cannot reach the measurement)' : formatFraction(response.fitted_efficiency),
    ],
    ['Current efficiency', formatFraction(response.current_efficiency)],
    ['Estimate at current', show(response.estimate_at_current)],
    ['Current error', `${error > 0 ? '+' : ''}${formatPercent(error)} (estimate vs measured)`],
    ['Best possible (100%)', show(response.best_possible)],
  ];
  const lines = [`${names.model} on ${names.gpu}`, describeInputs(names.inputs), '', ...alignRows(rows), '', response.message];
  if (response.fitted_efficiency !== null) lines.push(`Use it: ${option} ${response.fitted_efficiency.toFixed(3)}`);
  lines.push('');
  return lines.join('\n');
}

/** An efficiency as the option takes it: 0.7341 -> "0.734". */
function formatFraction(fraction: number): string {
  return fraction.toFixed(3);
}

export function renderTraining(response: TrainingResponse, gpuName: string): string {
  const i = response.inputs;
  const m = response.model_summary;
  const perGpu = response.per_gpu;
  const headroom = response.gpu_memory_bytes - perGpu.total_bytes;
  const price = response.cost.price_per_gpu_hour;
  const active = m.active_parameters !== m.total_parameters ? `, ${formatParameters(m.active_parameters)} active` : '';
  const setup = [
    `${String(i['precision'])}`,
    `${formatParameters(Number(i['training_tokens']))} tokens`,
    `sequence ${formatCount(Number(i['sequence_length']))}`,
    `micro-batch ${formatCount(Number(i['micro_batch_size']))}`,
    `ZeRO-${String(i['zero_stage'])}`,
    `${String(i['activation_recompute'])} activation recompute`,
    `MFU ${formatPercent(Number(i['mfu']))}`,
  ].join(' | ');
  const runRows: [string, string][] = [
    ['Total compute', formatFlops(response.total_flops)],
    ['Time', formatLongDuration(response.time_seconds)],
    ['GPU-hours', formatCount(Math.round(response.gpu_hours))],
    [
      'Cost',
      price === null
        ? `${MISSING} (no price for this GPU: give --price-per-gpu-hour)`
        : `${formatUsd(response.cost.total_cost)} at ${formatUsd(price)} per GPU-hour`,
    ],
  ];
  const memoryRows: [string, string][] = [
    ['Weights', formatBytes(perGpu.weights_bytes)],
    ['Gradients', formatBytes(perGpu.gradients_bytes)],
    ['Optimizer states', formatBytes(perGpu.optimizer_states_bytes)],
    ['Activations', formatBytes(perGpu.activations_bytes)],
    ['Total', formatBytes(perGpu.total_bytes)],
    ['GPU memory', formatBytes(response.gpu_memory_bytes)],
    ['Fits', response.fits ? `yes, ${formatBytes(headroom)} headroom per GPU` : `NO, does not fit: ${formatBytes(-headroom)} over per GPU`],
  ];
  const width = Math.max(...[...runRows, ...memoryRows].map(([label]) => label.length));
  return [
    `Training ${m.name} (${formatParameters(m.total_parameters)} parameters${active}) on ${formatCount(Number(i['num_gpus']))} x ${gpuName}`,
    setup,
    UNITS_NOTE,
    '',
    'Run',
    '---',
    ...alignRows(runRows, '  ', width),
    '',
    'Memory per GPU',
    '--------------',
    ...alignRows(memoryRows, '  ', width),
    '',
  ].join('\n');
}
