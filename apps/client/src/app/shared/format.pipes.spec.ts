import {
  BytesPipe,
  DurationPipe,
  FlopsPipe,
  ParametersPipe,
  TokensPerSecondPipe,
  formatBandwidth,
  formatBytes,
  formatCount,
  formatDuration,
  formatFlops,
  formatParameters,
  formatSignificant,
  formatTokensPerSecond,
} from './format.pipes';

describe('formatSignificant', () => {
  it.each([
    [0, '0'],
    [1.234, '1.23'],
    [12.345, '12.3'],
    [123.45, '123'],
    [80, '80'],
    [1.5, '1.5'],
    [12345.6, '12,346'],
    [-2.5, '−2.5'],
    [-0.0001, '0'],
  ])('%p → %p', (value, text) => expect(formatSignificant(value)).toBe(text));
});

describe('bytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1500, '1.5 kB'],
    [80e9, '80 GB'],
    [16.06e9, '16.1 GB'],
    [8.03e9, '8.03 GB'],
    [1.2e12, '1.2 TB'],
    [999.9e9, '1 TB'], // rounds into the next unit rather than "1,000 GB"
    [-3.2e9, '−3.2 GB'], // negative headroom
  ])('%p → %p', (value, text) => expect(formatBytes(value)).toBe(text));

  it('uses decimal GB, never GiB', () => {
    expect(formatBytes(2 ** 30)).toBe('1.07 GB');
  });

  it('formats in a fixed unit when asked', () => {
    expect(formatBytes(500e6, 'GB')).toBe('0.5 GB');
    expect(formatBytes(1.5e12, 'GB')).toBe('1,500 GB');
  });

  it('shows a dash for missing or non-finite values', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('is a pipe', () => {
    expect(new BytesPipe().transform(80e9)).toBe('80 GB');
  });
});

describe('bandwidth', () => {
  it('formats bytes per second', () => {
    expect(formatBandwidth(3.35e12)).toBe('3.35 TB/s');
    expect(formatBandwidth(936e9)).toBe('936 GB/s');
  });
});

describe('flops', () => {
  it.each([
    [0, '0 FLOP'],
    [500, '500 FLOP'],
    [16e9, '16 GFLOP'],
    [1.2e12, '1.2 TFLOP'],
    [6.5e16, '65 PFLOP'],
    [3e18, '3 EFLOP'],
  ])('%p → %p', (value, text) => expect(formatFlops(value)).toBe(text));

  it('formats rates', () => {
    expect(formatFlops(989e12, true)).toBe('989 TFLOP/s');
    expect(new FlopsPipe().transform(1.979e15, true)).toBe('1.98 PFLOP/s');
  });
});

describe('duration', () => {
  it.each([
    [0, '0 s'],
    [5e-10, '0.5 ns'],
    [2.5e-6, '2.5 µs'],
    [0.0125, '12.5 ms'],
    [0.999, '999 ms'],
    [1, '1 s'],
    [42.42, '42.4 s'],
    [90, '1.5 min'],
    [7200, '2 h'],
  ])('%p s → %p', (value, text) => expect(formatDuration(value)).toBe(text));

  it('handles missing values and is a pipe', () => {
    expect(formatDuration(null)).toBe('—');
    expect(new DurationPipe().transform(0.002)).toBe('2 ms');
  });
});

describe('tokens per second', () => {
  it('formats by magnitude', () => {
    expect(formatTokensPerSecond(42.456)).toBe('42.5 tok/s');
    expect(formatTokensPerSecond(1234.5)).toBe('1,235 tok/s');
    expect(formatTokensPerSecond(0.5)).toBe('0.5 tok/s');
    expect(new TokensPerSecondPipe().transform(undefined)).toBe('—');
  });
});

describe('parameters', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [124e6, '124M'],
    [8030261248, '8.03B'],
    [6.738e9, '6.74B'],
    [405e9, '405B'],
    [671e9, '671B'],
    [1.6e12, '1.6T'],
    [1500, '1.5K'],
  ])('%p → %p', (value, text) => expect(formatParameters(value)).toBe(text));

  it('is a pipe', () => {
    expect(new ParametersPipe().transform(70.6e9)).toBe('70.6B');
  });
});

describe('count', () => {
  it('groups thousands', () => {
    expect(formatCount(131072)).toBe('131,072');
    expect(formatCount(null)).toBe('—');
  });
});
