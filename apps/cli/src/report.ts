/**
 * The text report of one calculation: every figure of the CalculateResponse in four sections
 * (the same ones and the same units as the web page), plus cost and warnings when present.
 * Pure: response in, text out.
 */
import type { CalculateResponse, NormalizedCalculateRequest, PhaseRooflineWire, RangeWire } from '@llm-calc/contracts';
import {
  alignRows,
  formatBandwidth,
  formatBytes,
  formatCount,
  formatDuration,
  formatFlops,
  formatParameters,
  formatPercent,
  formatSignificant,
  formatTokensPerSecond,
  formatUsd,
} from './format';

export const SECTION_TITLES = ['Model Summary', 'Memory Requirements', 'Computational Requirements', 'Performance Estimates'] as const;

export const UNITS_NOTE =
  'Units: GB = 10^9 bytes, GiB = 2^30 bytes (GPU memory is binary: an 80 GB H100 holds 80 GiB = 85.9 GB). FLOP counts use decimal prefixes (G = 10^9, T = 10^12, P = 10^15).';

type Row = readonly [string, string];

function section(title: string, rows: readonly Row[], labelWidth: number): string[] {
  return [title, '-'.repeat(title.length), ...alignRows(rows, '  ', labelWidth), ''];
}

function bound(phase: PhaseRooflineWire, ridge: number): string {
  return `${phase.bound}-bound (arithmetic intensity ${formatSignificant(phase.arithmetic_intensity_flops_per_byte)} FLOP/B vs ridge point ${formatSignificant(ridge)} FLOP/B)`;
}

export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A figure with its low-high band: "52.1 tok/s (44.0-58.3)". The unit is written once when both
 * ends share the figure's unit, else each end keeps its own ("0.95 s (820 ms to 1.2 s)").
 */
export function withRange(format: (v: number) => string, value: number, range: RangeWire | null | undefined): string {
  const text = format(value);
  if (!range) return text;
  const low = format(range.low);
  const high = format(range.high);
  const unit = / (\S+)$/.exec(text)?.[1];
  if (unit && low.endsWith(` ${unit}`) && high.endsWith(` ${unit}`))
    return `${text} (${low.slice(0, -unit.length - 1)}-${high.slice(0, -unit.length - 1)})`;
  return `${text} (${low} to ${high})`;
}

/** An efficiency input: the value given, or the runtime's own when none was. */
function efficiencyText(value: number | null): string {
  return value === null ? "runtime's" : formatPercent(value);
}

/** One line of the inputs ("each" for a comparison); `gpus` replaces the GPU count part (e.g. for compare's fewest GPUs). */
export function describeInputs(i: NormalizedCalculateRequest, gpusSuffix = '', gpus?: string): string {
  const parallel = i.num_gpus > 1 ? ` (tensor ${i.tensor_parallel} x pipeline ${i.pipeline_parallel})` : '';
  return [
    `runtime ${i.runtime}${i.gpu_layers !== null ? ` (${formatCount(i.gpu_layers)} layers on the GPU)` : ''}`,
    `${i.precision} weights, ${i.kv_cache_precision} KV cache`,
    `prompt ${formatCount(i.sequence_length)} + output ${formatCount(i.output_tokens)} tokens`,
    `batch ${formatCount(i.batch_size)}`,
    gpus ?? `${plural(i.num_gpus, 'GPU')}${gpusSuffix}${parallel}`,
    `efficiency ${efficiencyText(i.efficiency)} compute, ${efficiencyText(i.memory_efficiency)} memory`,
    `flash attention ${i.flash_attention ? 'on' : 'off'}`,
  ].join(' | ');
}

function modelRows(r: CalculateResponse): Row[] {
  const m = r.model_summary;
  const g = r.gpu_summary;
  return [
    ['Model', `${m.name} (${m.family})`],
    ['Total parameters', formatParameters(m.total_parameters)],
    ['Active parameters', `${formatParameters(m.active_parameters)}${m.is_moe ? ' per token (mixture of experts)' : ''}`],
    ['Layers', formatCount(m.num_layers)],
    ['Hidden size', formatCount(m.hidden_size)],
    ['Attention', m.attention_type],
    ['GPU', `${g.name} (${g.family})`],
    ['GPU memory / bandwidth', `${formatBytes(g.memory_bytes)} / ${formatBandwidth(g.memory_bandwidth_bytes_per_second)}`],
    ['GPU peak compute', `${formatFlops(g.peak_flops_per_second, true)} (${r.compute.compute_precision}, dense)`],
  ];
}

function memoryRows(r: CalculateResponse): Row[] {
  const m = r.memory;
  const gpus = r.inputs.num_gpus;
  const fits = m.fits
    ? `yes, ${formatBytes(m.headroom_bytes)} headroom per GPU`
    : `NO, does not fit: ${formatBytes(-m.headroom_bytes)} over per GPU`;
  const rows: Row[] = [
    ['Weights', formatBytes(m.weights_bytes)],
    ['KV cache', `${formatBytes(m.kv_cache_bytes)} (${formatBytes(m.kv_cache_bytes_per_token)} per token)`],
    ['Activations', formatBytes(m.activations_bytes)],
    [
      r.inputs.runtime === 'roofline' ? 'System overhead' : `Runtime overhead (${formatBytes(m.runtime_overhead_bytes)} per GPU)`,
      formatBytes(m.system_overhead_bytes),
    ],
    ['Total', withRange(formatBytes, m.total_bytes, m.total_bytes_range)],
    [`Needed per GPU (${plural(gpus, 'GPU')})`, formatBytes(m.per_gpu_bytes)],
    ['GPU memory', formatBytes(m.gpu_memory_bytes)],
  ];
  if (m.reserved_bytes !== null) {
    const pool =
      m.kv_pool_bytes !== null && m.kv_pool_tokens !== null
        ? `, KV pool ${formatBytes(m.kv_pool_bytes)} (${formatCount(m.kv_pool_tokens)} tokens)`
        : '';
    rows.push([`Reserved per GPU (${r.inputs.runtime})`, `${formatBytes(m.reserved_bytes)}${pool}`]);
  } else if (m.usable_bytes !== m.gpu_memory_bytes) {
    rows.push(['Usable per GPU', formatBytes(m.usable_bytes)]);
  }
  if (m.host_bytes > 0) rows.push(['Host memory (offloaded layers)', formatBytes(m.host_bytes)]);
  rows.push(['Fits', fits]);
  if (m.max_gpu_layers !== null) {
    rows.push([
      'GPU layers',
      `${formatCount(m.gpu_layers)} of ${formatCount(r.model_summary.num_layers)} (at most ${formatCount(m.max_gpu_layers)} fit)`,
    ]);
  }
  rows.push(
    ['Max batch (this context)', formatCount(m.max_batch_size)],
    ['Max context, prompt + output (this batch)', `${formatCount(m.max_sequence_length)} tokens`],
    ['Min GPUs', m.min_gpus === null ? 'none (tensor parallel alone cannot: add pipeline parallelism)' : formatCount(m.min_gpus)],
  );
  return rows;
}

function computeRows(r: CalculateResponse): Row[] {
  const c = r.compute;
  return [
    // attention_flops and feedforward_flops are the prefill's parts (engine prefillFlops), not per token.
    [`Prefill attention`, formatFlops(c.attention_flops)],
    ['Prefill feed-forward', formatFlops(c.feedforward_flops)],
    [`Prefill total (${formatCount(r.inputs.sequence_length)} x ${plural(r.inputs.batch_size, 'sequence')})`, formatFlops(c.prefill_flops)],
    ['Per generated token', formatFlops(c.per_token_flops)],
    ['Compute precision', c.compute_precision],
  ];
}

function performanceRows(r: CalculateResponse): Row[] {
  const p = r.performance;
  const rows: Row[] = [
    ['Runtime', `${r.inputs.runtime} (ranges: cross-validated 5th-95th percentile error, ~80% of unseen setups)`],
    ['Tokens/s per sequence', withRange(formatTokensPerSecond, p.tokens_per_second, p.tokens_per_second_range)],
    [
      `Tokens/s aggregate (batch ${formatCount(r.inputs.batch_size)})`,
      withRange(formatTokensPerSecond, p.aggregate_tokens_per_second, p.aggregate_tokens_per_second_range),
    ],
    ['Prefill latency', withRange(formatDuration, p.prefill_latency_seconds, p.prefill_latency_seconds_range)],
    ['Per-token latency', withRange(formatDuration, p.per_token_latency_seconds, p.per_token_latency_seconds_range)],
    ['Time for 1000 tokens', withRange(formatDuration, p.time_for_1000_tokens_seconds, p.time_for_1000_tokens_seconds_range)],
    [
      `Total (prefill + ${formatCount(r.inputs.output_tokens)} tokens)`,
      withRange(formatDuration, p.total_latency_seconds, p.total_latency_seconds_range),
    ],
    ['Prefill', bound(p.prefill, p.ridge_point_flops_per_byte)],
    ['Decode', bound(p.decode, p.ridge_point_flops_per_byte)],
  ];
  const cost = r.cost;
  if (cost.price_per_gpu_hour !== null) {
    rows.push(
      ['Price per GPU-hour', formatUsd(cost.price_per_gpu_hour)],
      [`Cost per hour (${plural(r.inputs.num_gpus, 'GPU')})`, formatUsd(cost.cost_per_hour)],
      ['Cost per million tokens', formatUsd(cost.cost_per_million_tokens)],
    );
  }
  return rows;
}

/** The whole report as text (ends with a newline). */
export function renderReport(r: CalculateResponse): string {
  const sections = [modelRows(r), memoryRows(r), computeRows(r), performanceRows(r)];
  // One value column across the whole report reads better than one per section.
  const width = Math.max(...sections.flat().map(([label]) => label.length));
  const lines = [
    `${r.model_summary.name} on ${r.gpu_summary.name}`,
    describeInputs(r.inputs),
    UNITS_NOTE,
    '',
    ...sections.flatMap((rows, i) => section(SECTION_TITLES[i], rows, width)),
  ];
  if (r.warnings.length) {
    lines.push('Warnings', '--------', ...r.warnings.map((w) => `  ! ${w}`), '');
  }
  return lines.join('\n');
}
