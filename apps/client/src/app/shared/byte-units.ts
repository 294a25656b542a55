import { Injectable, signal } from '@angular/core';
import { formatBytes, formatSignificant } from './format.pipes';

/** Decimal (GB = 10^9 bytes, the vendors' labels) or binary (GiB = 2^30, what nvidia-smi and PyTorch print). */
export type ByteUnit = 'GB' | 'GiB';

const STORAGE_KEY = 'llm-calc.byte-unit';
const BINARY: readonly [number, string][] = [
  [2 ** 40, 'TiB'],
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];

/** Bytes in binary prefixes, three significant digits as the decimal ones: 2^30 -> "1 GiB". */
export function formatBinaryBytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return formatBytes(value);
  const magnitude = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  const match = BINARY.find(([factor]) => magnitude >= factor * 0.9995);
  return match ? `${sign}${formatSignificant(magnitude / match[0])} ${match[1]}` : `${sign}${formatSignificant(magnitude)} B`;
}

/** The unit memory is shown in on the calculator, chosen once and remembered in this browser. */
@Injectable({ providedIn: 'root' })
export class ByteUnits {
  readonly unit = signal<ByteUnit>(readStored());

  set(unit: ByteUnit): void {
    this.unit.set(unit);
    try {
      localStorage.setItem(STORAGE_KEY, unit);
    } catch {
      /* storage may be unavailable (private mode): the choice lasts for this page only */
    }
  }

  format(bytes: number | null | undefined): string {
    return this.unit() === 'GiB' ? formatBinaryBytes(bytes) : formatBytes(bytes);
  }
}

function readStored(): ByteUnit {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'GiB' ? 'GiB' : 'GB';
  } catch {
    return 'GB';
  }
}
