// Binomial(n, p) probabilities, exact up to rounding, over the window of k that carries any mass.
// Order-statistic intervals need P(B <= k) near the tails. Walking out from the mode with the pmf ratio
// pmf(k+1)/pmf(k) = (n-k)/(k+1) * p/(1-p) avoids both factorials and underflow (0.5^5000 is 0 in a double),
// and stopping where terms fall below 1e-22 of the mode costs O(sqrt(n p (1-p))) instead of O(n).

/** Terms smaller than this (relative to the mode's) are dropped: far below anything a 0..1 comparison can see. */
const NEGLIGIBLE_RELATIVE = 1e-22;

export interface BinomialTable {
  n: number;
  p: number;
  /** Smallest k in the window; P(B < start) is negligible. */
  start: number;
  /** cdf[i] = P(B <= start + i); the last entry is 1. */
  cdf: Float64Array;
}

export function binomialTable(n: number, p: number): BinomialTable {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialTable: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialTable: p must be in [0, 1], got ${p}`);
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  const above: number[] = [];
  for (let k = mode, term = 1; k < n; k++) {
    term *= ((n - k) / (k + 1)) * odds;
    if (!(term > NEGLIGIBLE_RELATIVE)) break;
    above.push(term);
  }
  const below: number[] = [];
  for (let k = mode, term = 1; k > 0; k--) {
    term *= k / (n - k + 1) / odds;
    if (!(term > NEGLIGIBLE_RELATIVE)) break;
    below.push(term);
  }
  const start = mode - below.length;
  const terms = [...below.reverse(), 1, ...above];
  let total = 0;
  for (const t of terms) total += t;
  const cdf = new Float64Array(terms.length);
  let running = 0;
  for (let i = 0; i < terms.length; i++) {
    running += terms[i]!;
    cdf[i] = running / total;
  }
  cdf[terms.length - 1] = 1;
  return { n, p, start, cdf };
}

/** P(B <= k). */
export function binomialCdf(table: BinomialTable, k: number): number {
  if (k < table.start) return 0;
  const i = Math.floor(k) - table.start;
  return i >= table.cdf.length ? 1 : table.cdf[i]!;
}
