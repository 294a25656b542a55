/**
 * Seeded pseudo-random numbers for the serving simulation: deterministic for a seed on every
 * platform (32-bit integer arithmetic only), so a trace and its results can be reproduced.
 */

/** A generator of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32, good enough for
 * sampling request lengths and arrival gaps. Every seed (any finite number) gives its own stream.
 */
export function seededRandom(seed: number): Random {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller, one of the pair). */
export function normal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(u) is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An exponential draw of mean 1 (the gap between Poisson arrivals at rate 1). */
export function exponential(random: Random): number {
  return -Math.log(1 - random());
}
