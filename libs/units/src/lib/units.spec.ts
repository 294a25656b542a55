import { PLAIN_STYLE, unitFormatters, WEB_STYLE } from './units';

const web = unitFormatters(WEB_STYLE);
const plain = unitFormatters(PLAIN_STYLE);

describe('unit formatters', () => {
  it.each([
    [80e9, '80 GB'],
    [1.5e9, '1.5 GB'],
    [131072, '131 kB'],
    [999.6e6, '1 GB'],
    [512, '512 B'],
  ])('bytes %p -> %p (decimal prefixes: GB = 10^9)', (v, text) => expect(web.bytes(v)).toBe(text));

  it('fixed units, bandwidth, FLOPs and durations', () => {
    expect(web.bytes(2.5e9, 'GB')).toBe('2.5 GB');
    expect(web.bandwidth(3.35e12)).toBe('3.35 TB/s');
    expect(web.flops(1.2e12)).toBe('1.2 TFLOP');
    expect(web.flops(989.5e12, true)).toBe('990 TFLOP/s');
    expect(web.flops(4.826e22)).toBe('4.83e22 FLOP');
    expect([5e-9, 5e-5, 0.0123, 12.3, 600, 7200].map(web.duration)).toEqual(['5 ns', '50 µs', '12.3 ms', '12.3 s', '10 min', '2 h']);
    expect(web.longDuration(86400 * 176)).toBe('176 days (4,224 h)');
  });

  it('parameters, counts, money and percentages', () => {
    expect([124e6, 8.03e9, 1.2e12, 512].map(web.parameters)).toEqual(['124M', '8.03B', '1.2T', '512']);
    expect(web.count(4096)).toBe('4,096');
    expect([2.8, 94815.2, 0.0042, 0].map(web.usd)).toEqual(['$2.80', '$94,815', '$0.0042', '$0.00']);
    expect(web.percent(0.42)).toBe('42%');
    expect(web.gpuHours(33862)).toBe('33,862 GPU-h');
    expect(web.tokensPerSecond(1234.4)).toBe('1,234 tok/s');
  });

  it('writes missing values and signs in each style', () => {
    expect([web.bytes(null), plain.bytes(undefined), web.duration(NaN)]).toEqual(['—', '-', '—']);
    expect([web.bytes(-2e9), plain.bytes(-2e9)]).toEqual(['−2 GB', '-2 GB']);
    expect([web.usd(-3), plain.usd(-3)]).toEqual(['−$3.00', '-$3.00']);
    expect(web.significant(-0.0001)).toBe('0');
  });
});
