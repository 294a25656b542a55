/**
 * The text report of one calculation: every figure of the CalculateResponse in four sections
 * (the same ones and the same units as the web page), plus cost and warnings when present.
 * Pure: response in, text out.
 */
import type { CalculateResponse, NormalizedCalculateRequest, PhaseRooflineWire } from '@llm-calc/contracts';
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

export const UNITS_NOTE = 'Units: GB = 10^9 bytes (decimal, as GPUs are labelled; not GiB). FLOP counts use decimal prefixes (G = 10^9, T = 10^12, P = 10^15).';

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

/** One line describing the run: formats, tokens, batch and parallelism ("each" for a comparison). */
/** One line of the inputs; `gpus` replaces the GPU count part (e.g. for compare's fewest GPUs). */
export function describeInputs(i: NormalizedCalculateRequest, gpusSuffix = '', gpus?: string): string {
  const parallel = i.num_gpus > 1 ? ` (tensor ${i.tensor_parallel} x pipeline ${i.pipeline_parallel})` : '';
  return [
    `${i.precision} weights, ${i.kv_cache_precision} KV cache`,
    `prompt ${formatCount(i.sequence_length)} + output ${formatCount(i.output_tokens)} tokens`,
    `batch ${formatCount(i.batch_size)}`,
    gpus ?? `${plural(i.num_gpus, 'GPU')}${gpusSuffix}${parallel}`,
    `efficiency ${formatPercent(i.efficiency)} compute, ${formatPercent(i.memory_efficiency)} memory`,
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
  return [
    ['Weights', formatBytes(m.weights_bytes)],
    ['KV cache', `${formatBytes(m.kv_cache_bytes)} (${formatBytes(m.kv_cache_bytes_per_token)} per token)`],
    ['Activations', formatBytes(m.activations_bytes)],
    ['System overhead', formatBytes(m.system_overhead_bytes)],
    ['Total', formatBytes(m.total_bytes)],
    [`Per GPU (${plural(gpus, 'GPU')})`, formatBytes(m.per_gpu_bytes)],
    ['GPU memory', formatBytes(m.gpu_memory_bytes)],
    ['Fits', fits],
    ['Max batch (this context)', formatCount(m.max_batch_size)],
    ['Max context (this batch)', `${formatCount(m.max_sequence_length)} tokens`],
    ['Min GPUs', m.min_gpus === null ? 'none (tensor parallel alone cannot: add pipeline parallelism)' : formatCount(m.min_gpus)],
  ];
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
    ['Tokens/s per sequence', formatTokensPerSecond(p.tokens_per_second)],
    [`Tokens/s aggregate (batch ${formatCount(r.inputs.batch_size)})`, formatTokensPerSecond(p.aggregate_tokens_per_second)],
    ['Prefill latency', formatDuration(p.prefill_latency_seconds)],
    ['Per-token latency', formatDuration(p.per_token_latency_seconds)],
    ['Time for 1000 tokens', formatDuration(p.time_for_1000_tokens_seconds)],
    [`Total (prefill + ${formatCount(r.inputs.output_tokens)} tokens)`, formatDuration(p.total_latency_seconds)],
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
