import { formatBytes, formatDuration, formatTokensPerSecond, formatUsd } from './format.pipes';
import { formatRange, formatWithRange } from './range-format';

describe('formatWithRange', () => {
  it('writes the band after the figure, the unit once when all three share it', () => {
    expect(formatWithRange(52, { low: 44, high: 58 }, formatTokensPerSecond)).toBe('52 tok/s, 44–58');
    expect(formatWithRange(18.8e9, { low: 17.9e9, high: 19.9e9 }, formatBytes)).toBe('18.8 GB, 17.9–19.9');
  });

  it('keeps both units when the band crosses one', () => {
    expect(formatWithRange(0.95, { low: 0.8, high: 1.2 }, formatDuration)).toBe(
      `${formatDuration(0.95)}, ${formatDuration(0.8)}–${formatDuration(1.2)}`,
    );
    expect(formatWithRange(0.95, { low: 0.8, high: 1.2 }, formatDuration)).toMatch(/ms–1\.2 s$/);
  });

  it('shows the figure alone without a band, or when the band rounds onto it', () => {
    expect(formatWithRange(52, null, formatTokensPerSecond)).toBe('52 tok/s');
    expect(formatWithRange(52, undefined, formatTokensPerSecond)).toBe('52 tok/s');
    expect(formatWithRange(52, { low: 52.001, high: 52.002 }, formatTokensPerSecond)).toBe('52 tok/s');
    expect(formatWithRange(52, { low: Number.NaN, high: 58 }, formatTokensPerSecond)).toBe('52 tok/s');
  });

  it('handles a unit in front (prices)', () => {
    expect(formatWithRange(4.92, { low: 4.1, high: 5.5 }, formatUsd)).toBe(`${formatUsd(4.92)}, ${formatUsd(4.1)}–${formatUsd(5.5)}`);
  });
});

describe('formatRange', () => {
  it('is the band alone, with its unit', () => {
    expect(formatRange({ low: 44, high: 58 }, formatTokensPerSecond)).toBe('44–58 tok/s');
    expect(formatRange(null, formatTokensPerSecond)).toBeNull();
  });
});
