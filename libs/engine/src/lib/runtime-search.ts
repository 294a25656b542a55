/**
 * Exact searches for the capacity limits (largest batch, longest prompt): the memory functions
 * are increasing, so the answer is one integer and the searches only differ in how few probes
 * they take. Shared by the roofline (memory.ts) and the runtime profiles (runtime-memory.ts).
 */

const MAX_SEARCH = 1 << 30;

/**
 * Largest integer x in [lo, hi] with g(x) <= 0, for g increasing, given g(lo) <= 0 < g(hi).
 * Steps alternate between linear interpolation (exact in one step where g is linear between the
 * ends: memory is linear in batch and piecewise linear in context) and halving (the worst case
 * stays logarithmic); each interpolated step also tries its right neighbour, which ends the
 * search as soon as the boundary is found. Exact: the answer is verified, never estimated.
 */
export function largestNonPositive(g: (x: number) => number, lo: number, hi: number, glo = g(lo), ghi = g(hi)): number {
  let interpolate = true;
  while (hi - lo > 1) {
    let mid = interpolate && ghi > glo ? Math.floor(lo + ((hi - lo) * -glo) / (ghi - glo)) : Math.floor((lo + hi) / 2);
    if (mid <= lo) mid = lo + 1;
    else if (mid >= hi) mid = hi - 1;
    const gm = g(mid);
    if (gm <= 0) {
      lo = mid;
      glo = gm;
      if (interpolate && mid + 1 < hi) {
        const gn = g(mid + 1);
        if (gn > 0) return mid;
        lo = mid + 1;
        glo = gn;
      }
    } else {
      hi = mid;
      ghi = gm;
      if (interpolate && mid - 1 > lo) {
        const gp = g(mid - 1);
        if (gp <= 0) return mid - 1;
        hi = mid - 1;
        ghi = gp;
      }
    }
    interpolate = !interpolate;
  }
  return lo;
}

/** Largest x in [start, MAX_SEARCH] with g(x) <= 0 (g increasing; start - 1 when g(start) > 0), bracketing by doubling. */
export function largestUnbounded(g: (x: number) => number, start = 1): number {
  const g0 = g(start);
  if (g0 > 0) return start - 1;
  let lo = start;
  let glo = g0;
  let hi = 2 * start;
  let ghi = g(hi);
  while (ghi <= 0) {
    if (hi >= MAX_SEARCH) return MAX_SEARCH;
    lo = hi;
    glo = ghi;
    hi = Math.min(MAX_SEARCH, hi * 2);
    ghi = g(hi);
  }
  return largestNonPositive(g, lo, hi, glo, ghi);
}
