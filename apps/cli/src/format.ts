/**
 * Unit formatting for the terminal, in one place. The response carries base units (bytes, FLOPs,
 * seconds); these turn them into text with the same rules as the web page's pipes
 * (apps/client/src/app/shared/format.pipes.ts), so a figure reads the same in both.
 * Decimal prefixes throughout: GB = 10^9 bytes (GPU vendors' label), never GiB.
 *
 * Duplicated rather than shared because the client's pipes live in an Angular app the CLI may not
 * import; the rules are small and both sides have tests. Unlike the page, negatives use an ASCII
 * "-" so that output stays easy to grep and parse.
 */

export const MISSING = '-';

type Nullable = number | null | undefined;

function isFiniteNumber(value: Nullable): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const SIGNIFICANT = [2, 1, 0].map(
  (decimals) => new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 }),
);

/** 2 decimals below 10, 1 below 100, none above; trailing zeros dropped ("80", "3.35", "16.1"). */
export function formatSignificant(value: number): string {
  const magnitude = Math.abs(value);
  const format = SIGNIFICANT[magnitude < 10 ? 0 : magnitude < 100 ? 1 : 2];
  const text = format.format(value);
  return text === '-0' ? '0' : text;
}

const DECIMAL_SCALES: readonly { factor: number; prefix: string }[] = [
  { factor: 1e18, prefix: 'E' },
  { factor: 1e15, prefix: 'P' },
  { factor: 1e12, prefix: 'T' },
  { factor: 1e9, prefix: 'G' },
  { factor: 1e6, prefix: 'M' },
  { factor: 1e3, prefix: 'k' },
];

// 0.9995: a value that rounds up to 1000 of a prefix is shown as 1 of the next ("1 GB", not "1,000 MB").
function formatScaled(value: Nullable, unit: string): string {
  if (!isFiniteNumber(value)) return MISSING;
  const magnitude = Math.abs(value);
  const scale = DECIMAL_SCALES.find((s) => magnitude >= s.factor * 0.9995) ?? { factor: 1, prefix: '' };
  return `${formatSignificant(value / scale.factor)} ${scale.prefix}${unit}`;
}

/** Bytes with a decimal prefix by magnitude: 80e9 -> "80 GB", 131072 -> "131 kB". */
export function formatBytes(value: Nullable): string {
  return formatScaled(value, 'B');
}

/** Bytes per second: 3.35e12 -> "3.35 TB/s". */
export function formatBandwidth(value: Nullable): string {
  return formatScaled(value, 'B/s');
}

/** Floating-point operations: 1.2e12 -> "1.2 TFLOP"; with perSecond, "989 TFLOP/s". */
export function formatFlops(value: Nullable, perSecond = false): string {
  return formatScaled(value, perSecond ? 'FLOP/s' : 'FLOP');
}

/** Seconds in the unit that suits the magnitude: ns, µs, ms, s, min, h. */
export function formatDuration(seconds: Nullable): string {
  if (!isFiniteNumber(seconds)) return MISSING;
  const magnitude = Math.abs(seconds);
  if (magnitude === 0) return '0 s';
  if (magnitude < 1e-6) return `${formatSignificant(seconds * 1e9)} ns`;
  if (magnitude < 1e-3) return `${formatSignificant(seconds * 1e6)} µs`;
  if (magnitude < 1) return `${formatSignificant(seconds * 1e3)} ms`;
  if (magnitude < 60) return `${formatSignificant(seconds)} s`;
  if (magnitude < 3600) return `${formatSignificant(seconds / 60)} min`;
  return `${formatSignificant(seconds / 3600)} h`;
}

/** Tokens per second: "42.5 tok/s", "1,234 tok/s". */
export function formatTokensPerSecond(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  return `${formatSignificant(value)} tok/s`;
}

/** Parameter counts: "124M", "8.03B", "1.2T"; small counts as plain integers. */
export function formatParameters(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  const magnitude = Math.abs(value);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  const match = units.find(([factor]) => magnitude >= factor * 0.9995);
  if (!match) return formatSignificant(Math.round(value));
  return `${formatSignificant(value / match[0])}${match[1]}`;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A plain number with thousands separators: 4096 -> "4,096". */
export function formatCount(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  return COUNT.format(value);
}

/** US dollars: "$2.49", "$0.35". */
export function formatUsd(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  return value > 0 && value < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

/** A fraction as a percentage: 0.3 -> "30%". */
export function formatPercent(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  return `${formatSignificant(value * 100)}%`;
}

/** Label/value rows with the values aligned in one column (at least `minWidth` from the labels). */
export function alignRows(rows: readonly (readonly [string, string])[], indent = '  ', minWidth = 0): string[] {
  const width = Math.max(minWidth, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** Bytes as a bare number of GB (10^9 bytes), for table columns headed "(GB)": 17.2e9 -> "17.2". */
export function formatGigabytes(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  return formatSignificant(value / 1e9);
}

/** Rows of cells as aligned columns (two spaces apart, indented); the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`.trimEnd());
}
