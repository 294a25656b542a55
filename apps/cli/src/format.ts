/**
 * Unit formatting for the terminal: @llm-calc/units in its plain style, the same rules as the
 * web page's pipes, so a figure reads the same in both. Decimal prefixes throughout: GB = 10^9
 * bytes (GPU vendors' label), never GiB. Negatives and missing values use an ASCII "-" so that
 * output stays easy to grep and parse.
 */
import { PLAIN_STYLE, unitFormatters, type Nullable } from '@llm-calc/units';

const units = unitFormatters(PLAIN_STYLE);

export const MISSING = units.missing;
export const formatSignificant = units.significant;
export const formatBytes = (value: Nullable): string => units.bytes(value);
export const formatBandwidth = units.bandwidth;
export const formatFlops = units.flops;
export const formatDuration = units.duration;
export const formatTokensPerSecond = units.tokensPerSecond;
export const formatParameters = units.parameters;
export const formatCount = units.count;
export const formatUsd = units.usd;
export const formatPercent = units.percent;
export const formatLongDuration = units.longDuration;
export const formatGpuHours = units.gpuHours;

/** Label/value rows with the values aligned in one column (at least `minWidth` from the labels). */
export function alignRows(rows: readonly (readonly [string, string])[], indent = '  ', minWidth = 0): string[] {
  const width = Math.max(minWidth, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** Bytes as a bare number of GB (10^9 bytes), for table columns headed "(GB)": 17.2e9 -> "17.2". */
export function formatGigabytes(value: Nullable): string {
  return typeof value === 'number' && Number.isFinite(value) ? formatSignificant(value / 1e9) : MISSING;
}

/** Rows of cells as aligned columns (two spaces apart, indented); the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

/**
 * A GPU's capacity: decimal GB, with the binary size beside it when the capacity is a whole number
 * of GiB, as vendors' HBM/GDDR capacities are ("85.9 GB (80 GiB)").
 */
export function formatCapacity(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return Number.isInteger(gib) ? `${formatBytes(bytes)} (${gib} GiB)` : formatBytes(bytes);
}

/** The capacity as the vendor labels it: whole GiB as "80 GiB", anything else in GB. */
export function formatCapacityLabel(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return Number.isInteger(gib) ? `${gib} GiB` : formatBytes(bytes);
}
