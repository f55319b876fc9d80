// Distribution-free intervals for a quantile (the median of repeats, or a latency percentile) from order statistics.
//
// With B = how many of n independent values fall below the true q-quantile, B ~ Binomial(n, q), and the interval
// [x(l), x(u)] between the l-th and u-th smallest values covers the quantile exactly when l <= B <= u - 1. So its
// coverage is P(l <= B <= u - 1), whatever the distribution (continuous; ties only make it conservative).
import { binomialCdf, binomialTable } from './binomial.ts';
import { medianOfSorted, sortedAscending } from './median.ts';
import { normalCdf } from './normal.ts';

export interface RankInterval {
  /** 1-based rank of the order statistic at the lower bound. */
  loRank: number;
  /** 1-based rank of the upper bound; loRank <= hiRank <= n. */
  hiRank: number;
  /** The coverage those ranks actually have, 0..1 (discrete: rarely exactly the level asked for). */
  level: number;
  method: 'exact' | 'normal';
}

export interface RankIntervalOptions {
  /**
   * `auto` (default): exact binomial while n q (1 - q) <= 1e7 (the exact window then costs at most ~60k terms; above
   * that the binomial is normal to within 1e-4 of skew, so the approximation loses nothing visible).
   */
  method?: 'auto' | 'exact' | 'normal';
}

/** Above this binomial variance, `auto` switches to the normal approximation (a 1e9-request histogram's p50). */
const EXACT_MAX_VARIANCE = 1e7;
/** Slack for comparing rounded probabilities against the tail budget (a tail exactly at the budget still fits). */
const EPSILON = 1e-12;

/**
 * Ranks bounding the q-quantile (0 < q < 1) of n values with coverage >= level, each tail <= (1 - level) / 2.
 *
 * When a tail cannot be that small (the upper one for p99.9 of 500 values: all 500 fall below the true p99.9 with
 * probability 0.999^500 = 61%), that bound sits at the extreme rank (1 or n) and the other side gets what is left
 * of the budget if that reaches the level; otherwise the other side keeps its (1 - level) / 2 tail and `level`
 * reports the (lower) coverage achieved. So the result is never null for n >= 1: callers print the achieved level.
 * null only when n < 1 or q is outside (0, 1) (the min and max have no distribution-free bound on their far side).
 */
export function quantileRankInterval(n: number, q: number, level = 0.95, options: RankIntervalOptions = {}): RankInterval | null {
  if (!(level > 0 && level < 1)) throw new RangeError(`quantileRankInterval: level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(n) || n < 1 || !(q > 0 && q < 1)) return null;
  const variance = n * q * (1 - q);
  const method =
    options.method === 'exact' || options.method === 'normal' ? options.method : variance <= EXACT_MAX_VARIANCE ? 'exact' : 'normal';
  const cdf = method === 'exact' ? exactCdf(n, q) : normalApproxCdf(n, q);
  const alpha = 1 - level;
  // P(B <= l - 1): the lower bound is above the quantile. 1 - P(B <= u - 1): the upper bound is below it.
  const lowerTail = (l: number): number => cdf(l - 1);
  const upperTail = (u: number): number => 1 - cdf(u - 1);

  let lo = largestLoRank(n, lowerTail, alpha / 2);
  let hi = smallestHiRank(n, upperTail, alpha / 2);
  const loClipped = lo === null;
  const hiClipped = hi === null;
  lo ??= 1;
  hi ??= n;
  if (hiClipped && !loClipped) {
    const left = alpha - upperTail(n);
    if (left >= lowerTail(1) - EPSILON) lo = largestLoRank(n, lowerTail, left) ?? lo;
  } else if (loClipped && !hiClipped) {
    const left = alpha - lowerTail(1);
    if (left >= upperTail(n) - EPSILON) hi = smallestHiRank(n, upperTail, left) ?? hi;
  }
  const coverage = Math.max(0, cdf(hi - 1) - cdf(lo - 1));
  return { loRank: lo, hiRank: hi, level: coverage, method };
}

/** Largest l in 1..n whose lower tail fits the budget; null when even l = 1 does not. */
function largestLoRank(n: number, lowerTail: (l: number) => number, budget: number): number | null {
  if (lowerTail(1) > budget + EPSILON) return null;
  let lo = 1;
  let hi = n;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (lowerTail(mid) <= budget + EPSILON) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Smallest u in 1..n whose upper tail fits the budget; null when even u = n does not. */
function smallestHiRank(n: number, upperTail: (u: number) => number, budget: number): number | null {
  if (upperTail(n) > budget + EPSILON) return null;
  let lo = 1;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (upperTail(mid) <= budget + EPSILON) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function exactCdf(n: number, q: number): (k: number) => number {
  const table = binomialTable(n, q);
  return (k) => binomialCdf(table, k);
}

/** P(B <= k) ~ Phi((k + 0.5 - nq) / sd), with continuity correction; exact 0 and 1 outside 0..n. */
function normalApproxCdf(n: number, q: number): (k: number) => number {
  const mean = n * q;
  const sd = Math.sqrt(n * q * (1 - q));
  return (k) => (k < 0 ? 0 : k >= n ? 1 : normalCdf((k + 0.5 - mean) / sd));
}

export interface MedianInterval {
  median: number;
  lo: number;
  hi: number;
  /** Achieved coverage: >= the level asked for when n allows it, else the best n gives (0.9375 for 5, 0 for 1). */
  level: number;
  n: number;
}

/**
 * Median of the values with a distribution-free interval: the symmetric order statistics (k, n + 1 - k) closest to
 * the median whose exact coverage is >= level (for the median, equal tails are also the narrowest symmetric pair).
 * n <= 5 cannot reach 95% (min..max covers 1 - 2/2^n): min..max with its achieved level. n = 1: lo = hi = median,
 * level 0. Throws a RangeError on an empty sample (there is no median to show) or NaN.
 */
export function medianInterval(values: readonly number[], level = 0.95): MedianInterval {
  const sorted = sortedAscending(values);
  const n = sorted.length;
  if (n === 0) throw new RangeError('medianInterval: empty sample');
  const ranks = quantileRankInterval(n, 0.5, level)!;
  return { median: medianOfSorted(sorted), lo: sorted[ranks.loRank - 1]!, hi: sorted[ranks.hiRank - 1]!, level: ranks.level, n };
}
