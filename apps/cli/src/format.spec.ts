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

describe('format', () => {
  it('keeps 2, 1 or 0 decimals by magnitude and drops trailing zeros', () => {
    expect(formatSignificant(3.14159)).toBe('3.14');
    expect(formatSignificant(80)).toBe('80');
    expect(formatSignificant(16.06)).toBe('16.1');
    expect(formatSignificant(1234.5)).toBe('1,235');
    expect(formatSignificant(-0.001)).toBe('0');
    expect(formatSignificant(-2.5)).toBe('-2.5');
  });

  it('formats bytes with decimal prefixes (GB = 10^9 bytes)', () => {
    expect(formatBytes(80e9)).toBe('80 GB');
    expect(formatBytes(16_060_522_496)).toBe('16.1 GB');
    expect(formatBytes(131_072)).toBe('131 kB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1.05e12)).toBe('1.05 TB');
    // 999.9 MB rounds to 1000 MB: shown as 1 GB instead.
    expect(formatBytes(999.9e6)).toBe('1 GB');
    expect(formatBytes(2 ** 30)).toBe('1.07 GB');
    expect(formatBytes(null)).toBe('-');
    expect(formatBytes(NaN)).toBe('-');
  });

  it('formats bandwidth and FLOPs', () => {
    expect(formatBandwidth(3.35e12)).toBe('3.35 TB/s');
    expect(formatFlops(1.2e12)).toBe('1.2 TFLOP');
    expect(formatFlops(17.7e9)).toBe('17.7 GFLOP');
    expect(formatFlops(914e15)).toBe('914 PFLOP');
    expect(formatFlops(9.89e14, true)).toBe('989 TFLOP/s');
  });

  it('formats durations in ns, µs, ms, s, min and h by magnitude', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(5e-8)).toBe('50 ns');
    expect(formatDuration(2.5e-5)).toBe('25 µs');
    expect(formatDuration(0.00621)).toBe('6.21 ms');
    expect(formatDuration(6.36)).toBe('6.36 s');
    expect(formatDuration(148)).toBe('2.47 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(undefined)).toBe('-');
  });

  it('formats parameters as K/M/B/T', () => {
    expect(formatParameters(124_439_808)).toBe('124M');
    expect(formatParameters(8_030_261_248)).toBe('8.03B');
    expect(formatParameters(671e9)).toBe('671B');
    expect(formatParameters(1.2e12)).toBe('1.2T');
    expect(formatParameters(999)).toBe('999');
  });

  it('formats rates, counts, money and percentages', () => {
    expect(formatTokensPerSecond(42.46)).toBe('42.5 tok/s');
    expect(formatTokensPerSecond(1234)).toBe('1,234 tok/s');
    expect(formatCount(131072)).toBe('131,072');
    expect(formatUsd(2.8)).toBe('$2.80');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(null)).toBe('-');
    expect(formatPercent(0.42)).toBe('42%');
  });

  it('aligns label/value rows in one column', () => {
    expect(
      alignRows([
        ['a', '1'],
        ['long label', '2'],
      ]),
    ).toEqual(['  a           1', '  long label  2']);
    expect(alignRows([['a', '1']], '', 4)).toEqual(['a     1']);
  });
});
