import fc from 'fast-check';
import { largestNonPositive } from './runtime-memory';

describe('largestNonPositive (the capacity searches)', () => {
  /** The answer by scanning, for comparison. */
  function scan(g: (x: number) => number, lo: number, hi: number): number {
    let x = lo;
    while (x + 1 <= hi && g(x + 1) <= 0) x++;
    return x;
  }

  it('finds the exact boundary of linear, piecewise-linear, convex and step functions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 2999 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.constantFrom('linear', 'kinked', 'convex', 'steps'),
        (span, rootAt, slope, shape) => {
          const root = Math.min(rootAt, span - 1) + 0.5;
          const g = (x: number): number => {
            const d = x - root;
            if (shape === 'linear') return slope * d;
            if (shape === 'kinked') return d < 0 ? slope * d : 50 * slope * d;
            if (shape === 'convex') return Math.sign(d) * d * d * slope;
            return Math.floor(d / 7) + (d > 0 ? 1 : 0) - (d < 0 && Math.floor(d / 7) >= 0 ? 1 : 0);
          };
          const lo = 0;
          const hi = span + 1;
          if (!(g(lo) <= 0 && g(hi) > 0)) return;
          expect(largestNonPositive(g, lo, hi)).toBe(scan(g, lo, hi));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('takes a handful of evaluations on a linear function, where bisection takes ~log2(range)', () => {
    let calls = 0;
    const g = (x: number) => {
      calls++;
      return 3 * x - 2_000_000;
    };
    expect(largestNonPositive(g, 1, 1 << 30)).toBe(666_666);
    expect(calls).toBeLessThanOrEqual(6);
  });
});
