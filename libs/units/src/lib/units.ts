/**
 * Unit formatting shared by the web page's pipes and the CLI's report, so that a figure reads
 * the same in both. Everything the API sends is in base units (bytes, FLOPs, seconds); these
 * turn it into text. Decimal prefixes throughout: GB = 10^9 bytes (the vendors' label for GPU
 * memory), never GiB = 2^30. Pure text functions: nothing here computes a figure.
 */

export type Nullable = number | null | undefined;

/** How missing values and negative signs are written: typographic on the page, ASCII in a terminal. */
export interface UnitStyle {
  missing: string;
  minus: string;
}

export const WEB_STYLE: UnitStyle = { missing: '—', minus: '−' };
export const PLAIN_STYLE: UnitStyle = { missing: '-', minus: '-' };

export interface UnitFormatters {
  missing: string;
  /** 2 decimals below 10, 1 below 100, none above; trailing zeros dropped ("80", "3.35", "16.1"). */
  significant(value: number): string;
  /** Bytes by magnitude ("80 GB", "131 kB") or in a fixed unit ("1.5 GB"). */
  bytes(value: Nullable, unit?: 'GB' | 'MB' | 'TB'): string;
  /** Bytes per second: "3.35 TB/s". */
  bandwidth(value: Nullable): string;
  /** FLOPs: "1.2 TFLOP"; with perSecond, "989 TFLOP/s". */
  flops(value: Nullable, perSecond?: boolean): string;
  /** Seconds in the unit that suits the magnitude: ns, µs, ms, s, min, h. */
  duration(seconds: Nullable): string;
  /** Long runs in days with hours beside them: "176 days (4,233 h)"; under a day as duration. */
  longDuration(seconds: Nullable): string;
  /** "42.5 tok/s", "1,234 tok/s". */
  tokensPerSecond(value: Nullable): string;
  /** Parameter counts: "124M", "8.03B", "1.2T"; small counts as plain integers. */
  parameters(value: Nullable): string;
  /** Thousands separators: 4096 -> "4,096". */
  count(value: Nullable): string;
  /** US dollars: "$2.80", "$94,815", "$0.0042". */
  usd(value: Nullable): string;
  /** GPU-hours: "33,862 GPU-h". */
  gpuHours(value: Nullable): string;
  /** A fraction as a percentage: 0.3 -> "30%". */
  percent(value: Nullable): string;
}

const SIGNIFICANT = [2, 1, 0].map(
  (decimals) => new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 }),
);
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const DECIMAL_SCALES: readonly { factor: number; prefix: string }[] = [
  { factor: 1e18, prefix: 'E' },
  { factor: 1e15, prefix: 'P' },
  { factor: 1e12, prefix: 'T' },
  { factor: 1e9, prefix: 'G' },
  { factor: 1e6, prefix: 'M' },
  { factor: 1e3, prefix: 'k' },
];

const PARAMETER_SCALES: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

function isFiniteNumber(value: Nullable): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The formatters in one style. */
export function unitFormatters(style: UnitStyle): UnitFormatters {
  const { missing, minus } = style;
  const sign = (text: string) => (text === '-0' ? '0' : minus === '-' ? text : text.replace('-', minus));
  const significant = (value: number) => {
    const magnitude = Math.abs(value);
    return sign((SIGNIFICANT[magnitude < 10 ? 0 : magnitude < 100 ? 1 : 2] as Intl.NumberFormat).format(value));
  };
  // 0.9995: a value that rounds up to 1000 of a prefix is shown as 1 of the next ("1 GB", not "1,000 MB").
  const scaled = (value: Nullable, unit: string) => {
    if (!isFiniteNumber(value)) return missing;
    const magnitude = Math.abs(value);
    // Past the largest prefix (training runs reach 1e24 FLOP) a power of ten reads better than "48,250 EFLOP".
    if (magnitude >= 999.5e18) return `${sign(value.toExponential(2).replace('e+', 'e'))} ${unit}`;
    const scale = DECIMAL_SCALES.find((s) => magnitude >= s.factor * 0.9995) ?? { factor: 1, prefix: '' };
    return `${significant(value / scale.factor)} ${scale.prefix}${unit}`;
  };
  const duration = (seconds: Nullable) => {
    if (!isFiniteNumber(seconds)) return missing;
    const magnitude = Math.abs(seconds);
    if (magnitude === 0) return '0 s';
    if (magnitude < 1e-6) return `${significant(seconds * 1e9)} ns`;
    if (magnitude < 1e-3) return `${significant(seconds * 1e6)} µs`;
    if (magnitude < 1) return `${significant(seconds * 1e3)} ms`;
    if (magnitude < 60) return `${significant(seconds)} s`;
    if (magnitude < 3600) return `${significant(seconds / 60)} min`;
    return `${significant(seconds / 3600)} h`;
  };
  return {
    missing,
    significant,
    bytes: (value, unit) => {
      if (!isFiniteNumber(value)) return missing;
      if (!unit) return scaled(value, 'B');
      const factor = unit === 'TB' ? 1e12 : unit === 'GB' ? 1e9 : 1e6;
      return `${significant(value / factor)} ${unit}`;
    },
    bandwidth: (value) => scaled(value, 'B/s'),
    flops: (value, perSecond = false) => scaled(value, perSecond ? 'FLOP/s' : 'FLOP'),
    duration,
    longDuration: (seconds) => {
      if (!isFiniteNumber(seconds)) return missing;
      if (Math.abs(seconds) < 86400) return duration(seconds);
      const days = seconds / 86400;
      return `${significant(days)} ${days === 1 ? 'day' : 'days'} (${significant(seconds / 3600)} h)`;
    },
    tokensPerSecond: (value) => (isFiniteNumber(value) ? `${significant(value)} tok/s` : missing),
    parameters: (value) => {
      if (!isFiniteNumber(value)) return missing;
      const match = PARAMETER_SCALES.find(([factor]) => Math.abs(value) >= factor * 0.9995);
      return match ? `${significant(value / match[0])}${match[1]}` : significant(Math.round(value));
    },
    count: (value) => (isFiniteNumber(value) ? sign(COUNT.format(value)) : missing),
    usd: (value) => {
      if (!isFiniteNumber(value)) return missing;
      const magnitude = Math.abs(value);
      const text =
        magnitude >= 1000 ? WHOLE.format(magnitude) : magnitude > 0 && magnitude < 0.01 ? magnitude.toPrecision(2) : magnitude.toFixed(2);
      return `${value < 0 ? minus : ''}$${text}`;
    },
    gpuHours: (value) => (isFiniteNumber(value) ? `${significant(value)} GPU-h` : missing),
    percent: (value) => (isFiniteNumber(value) ? `${significant(value * 100)}%` : missing),
  };
}
