import { GpuHoursPipe, LongDurationPipe, UsdPipe, formatGpuHours, formatLongDuration, formatUsd } from './format.pipes';

describe('usd', () => {
  it.each([
    [1.5444, '$1.54'],
    [94814.93, '$94,815'],
    [0, '$0.00'],
    [-2.5, '−$2.50'],
  ])('%p → %p', (value, text) => expect(formatUsd(value)).toBe(text));

  it('shows a dash for a missing price and is a pipe', () => {
    expect(formatUsd(null)).toBe('—');
    expect(new UsdPipe().transform(2.8)).toBe('$2.80');
  });
});

describe('long duration', () => {
  it('gives days with the hours beside them from one day on', () => {
    expect(formatLongDuration(15238113.47)).toBe('176 days (4,233 h)');
    expect(formatLongDuration(86400)).toBe('1 day (24 h)');
    expect(new LongDurationPipe().transform(172800)).toBe('2 days (48 h)');
  });

  it('falls back to the short units under a day', () => {
    expect(formatLongDuration(7200)).toBe('2 h');
    expect(formatLongDuration(undefined)).toBe('—');
  });
});

describe('gpu hours', () => {
  it('formats GPU-hours', () => {
    expect(formatGpuHours(33862.47)).toBe('33,862 GPU-h');
    expect(new GpuHoursPipe().transform(null)).toBe('—');
  });
});
