import fc from 'fast-check';
import { phaseRoofline, sumMaxOfLinear } from '../index';

describe('phaseRoofline', () => {
  it('compute-bound: seconds = compute + extra', () => {
    const r = phaseRoofline({ flops: 1e12, bytes: 1e9, computeSeconds: 2, memorySeconds: 0.5, extraSeconds: 0.25 });
    expect(r.bound).toBe('compute');
    expect(r.seconds).toBe(2.25);
    expect(r.communicationSeconds).toBe(0.25);
    expect(r.arithmeticIntensity).toBe(1000);
  });

  it('memory-bound: seconds = memory + extra', () => {
    const r = phaseRoofline({ flops: 1e9, bytes: 1e9, computeSeconds: 0.001, memorySeconds: 0.01, extraSeconds: 0 });
    expect(r.bound).toBe('memory');
    expect(r.seconds).toBe(0.01);
    expect(r.arithmeticIntensity).toBe(1);
  });

  it('zero bytes gives intensity 0, not NaN or Infinity', () => {
    expect(phaseRoofline({ flops: 5, bytes: 0, computeSeconds: 1, memorySeconds: 0, extraSeconds: 0 }).arithmeticIntensity).toBe(0);
  });
});

describe('sumMaxOfLinear', () => {
  const brute = (f: (x: number) => number, g: (x: number) => number, from: number, to: number) => {
    let s = 0;
    for (let x = from; x < to; x++) s += Math.max(f(x), g(x));
    return s;
  };
  const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

  it('worked example with a crossover: f = x, g = 10 over [0, 20)', () => {
    // x = 0..10 -> 10 each (11 terms = 110), x = 11..19 -> x (sum 135) = 245
    expect(
      sumMaxOfLinear(
        (x) => x,
        () => 10,
        0,
        20,
      ),
    ).toBe(245);
    expect(
      sumMaxOfLinear(
        () => 10,
        (x) => x,
        0,
        20,
      ),
    ).toBe(245);
  });

  it('empty and single-point ranges', () => {
    expect(
      sumMaxOfLinear(
        (x) => x,
        (x) => 2 * x,
        5,
        5,
      ),
    ).toBe(0);
    expect(
      sumMaxOfLinear(
        (x) => x,
        (x) => 2 * x,
        5,
        3,
      ),
    ).toBe(0);
    expect(
      sumMaxOfLinear(
        (x) => x,
        (x) => 2 * x,
        5,
        6,
      ),
    ).toBe(10);
  });

  it('equals a brute-force loop for random linear pairs (relative 1e-9)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 3000 }),
        (a, sa, b, sb, from, count) => {
          const f = (x: number) => a + sa * (x - from);
          const g = (x: number) => b + sb * (x - from);
          const to = from + count;
          const expected = brute(f, g, from, to);
          const got = sumMaxOfLinear(f, g, from, to);
          return expected === 0 ? Math.abs(got) < 1e-12 : relErr(got, expected) <= 1e-9;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('equals brute force when the crossover is forced inside the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 2000 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.boolean(),
        (count, where, slope, level, swap) => {
          // f rises through the flat g at x = from + where * count
          const from = 100;
          const cross = from + where * count;
          const f = (x: number) => level + slope * (x - cross);
          const g = () => level;
          const [p, q] = swap ? [g, f] : [f, g];
          const expected = brute(p, q, from, from + count);
          return relErr(sumMaxOfLinear(p, q, from, from + count), expected) <= 1e-9;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles two rising lines that cross (the decode case: memory first, compute later)', () => {
    // memory: 1 + 0.001x; compute: 0.5 + 0.002x; cross at x = 500
    const mem = (x: number) => 1 + 0.001 * x;
    const cmp = (x: number) => 0.5 + 0.002 * x;
    expect(relErr(sumMaxOfLinear(cmp, mem, 0, 1000), brute(cmp, mem, 0, 1000))).toBeLessThanOrEqual(1e-12);
  });
});
