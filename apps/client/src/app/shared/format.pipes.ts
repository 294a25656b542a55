import { Pipe, PipeTransform } from '@angular/core';

/**
 * Unit formatting for the whole client, in one place. Everything the API sends is in base
 * units (bytes, FLOPs, seconds); these turn it into text. Decimal prefixes throughout:
 * GB = 10^9 bytes (the vendors' label for GPU memory), never GiB = 2^30.
 */

const MISSING = '—';

type Nullable = number | null | undefined;

function isFiniteNumber(value: Nullable): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** 2 decimals below 10, 1 below 100, none above; trailing zeros dropped ("80 GB", "3.35 TB/s"). */
export function formatSignificant(value: number): string {
  const magnitude = Math.abs(value);
  const decimals = magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0;
  const text = new Intl.NumberFormat('en-US', {
    maximumFractionDigits: decimals,
    minimumFractionDigits: 0,
  }).format(value);
  // Intl renders -0.001 as "-0"; a sign on zero only confuses.
  return text === '-0' ? '0' : text.replace('-', '−');
}

interface Scale {
  factor: number;
  prefix: string;
}

const DECIMAL_SCALES: Scale[] = [
  { factor: 1e18, prefix: 'E' },
  { factor: 1e15, prefix: 'P' },
  { factor: 1e12, prefix: 'T' },
  { factor: 1e9, prefix: 'G' },
  { factor: 1e6, prefix: 'M' },
  { factor: 1e3, prefix: 'k' },
];

function scaleFor(value: number, smallest: number): Scale {
  const magnitude = Math.abs(value);
  const scale = DECIMAL_SCALES.find((s) => s.factor >= smallest && magnitude >= s.factor * 0.9995);
  return scale ?? { factor: 1, prefix: '' };
}

function formatScaled(value: Nullable, unit: string, smallest = 1e3): string {
  if (!isFiniteNumber(value)) return MISSING;
  const scale = scaleFor(value, smallest);
  return `${formatSignificant(value / scale.factor)} ${scale.prefix}${unit}`;
}

/**
 * Bytes with a decimal prefix chosen by magnitude (B, kB, MB, GB, TB, PB), or in a fixed unit.
 * `formatBytes(80e9)` → "80 GB"; `formatBytes(1.5e9, 'GB')` → "1.5 GB".
 */
export function formatBytes(value: Nullable, unit?: 'GB' | 'MB' | 'TB'): string {
  if (!isFiniteNumber(value)) return MISSING;
  if (unit) {
    const factor = unit === 'TB' ? 1e12 : unit === 'GB' ? 1e9 : 1e6;
    return `${formatSignificant(value / factor)} ${unit}`;
  }
  return formatScaled(value, 'B');
}

/** Bytes per second: "3.35 TB/s". */
export function formatBandwidth(value: Nullable): string {
  return formatScaled(value, 'B/s');
}

/** Floating-point operations: "1.2 TFLOP"; with `perSecond`, "989 TFLOP/s". */
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

/** Tokens per second, grouped for large rates: "1,234 tok/s", "42.5 tok/s". */
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

/** A plain number with thousands separators: 4096 → "4,096". */
export function formatCount(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
}

@Pipe({ name: 'bytes' })
export class BytesPipe implements PipeTransform {
  transform(value: Nullable, unit?: 'GB' | 'MB' | 'TB'): string {
    return formatBytes(value, unit);
  }
}

@Pipe({ name: 'bandwidth' })
export class BandwidthPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatBandwidth(value);
  }
}

@Pipe({ name: 'flops' })
export class FlopsPipe implements PipeTransform {
  transform(value: Nullable, perSecond = false): string {
    return formatFlops(value, perSecond);
  }
}

@Pipe({ name: 'duration' })
export class DurationPipe implements PipeTransform {
  transform(seconds: Nullable): string {
    return formatDuration(seconds);
  }
}

@Pipe({ name: 'tokensPerSecond' })
export class TokensPerSecondPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatTokensPerSecond(value);
  }
}

@Pipe({ name: 'parameters' })
export class ParametersPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatParameters(value);
  }
}

@Pipe({ name: 'count' })
export class CountPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatCount(value);
  }
}

/** US dollars: "$1.54", "$94,815"; the catalogue's prices are in USD. */
export function formatUsd(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  const text = formatSignificant(value);
  return text.startsWith('−') ? `−$${text.slice(1)}` : `$${text}`;
}

/** Long runs in days with the hours beside them: "176 days (4,233 h)"; under a day as formatDuration. */
export function formatLongDuration(seconds: Nullable): string {
  if (!isFiniteNumber(seconds)) return MISSING;
  if (Math.abs(seconds) < 86400) return formatDuration(seconds);
  const days = seconds / 86400;
  return `${formatSignificant(days)} ${days === 1 ? 'day' : 'days'} (${formatSignificant(seconds / 3600)} h)`;
}

/** GPU-hours: "33,862 GPU-h". */
export function formatGpuHours(value: Nullable): string {
  if (!isFiniteNumber(value)) return MISSING;
  return `${formatSignificant(value)} GPU-h`;
}


@Pipe({ name: 'usd' })
export class UsdPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatUsd(value);
  }
}

@Pipe({ name: 'longDuration' })
export class LongDurationPipe implements PipeTransform {
  transform(seconds: Nullable): string {
    return formatLongDuration(seconds);
  }
}

@Pipe({ name: 'gpuHours' })
export class GpuHoursPipe implements PipeTransform {
  transform(value: Nullable): string {
    return formatGpuHours(value);
  }
}
