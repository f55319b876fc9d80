// Mann-Whitney U (Wilcoxon rank-sum) test: do values of a tend to be smaller or larger than values of b? No
// assumption about the distribution, which suits repeats of a benchmark (few, skewed, outliers). Go's benchstat
// uses the same test for the same reason.
//
// U = #(a_i > b_j) + 0.5 #(a_i = b_j), from the midrank sum of a. Exact p-values come from the permutation
// distribution given the observed tie pattern (rank-sum-distribution.ts); above the split limit, the normal
// approximation with tie-corrected variance and a 0.5 continuity correction.
import { normalCdf, normalUpperTail } from './normal.ts';
import { probabilityAtLeast, probabilityAtMost, rankSumDistribution } from './rank-sum-distribution.ts';

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyOptions {
  /** `auto` (default): exact while C(n + m, n) <= exactMaxSplits. */
  method?: 'auto' | 'exact' | 'normal';
  /** 200,000 by default: 10 repeats against 10 (184,756 splits) are still exact. */
  exactMaxSplits?: number;
}

export interface MannWhitneyResult {
  /** U of a: 0 when every a is below every b, n * m when every a is above. */
  u: number;
  pValue: number;
  /** True when the p-value is the exact permutation one (also for the trivial cases: empty or all-equal samples). */
  exact: boolean;
}

const DEFAULT_EXACT_MAX_SPLITS = 200_000;

/**
 * 'less': the alternative is that a tends to be smaller than b (small U); 'greater': larger. Two-sided doubles the
 * smaller one-sided p-value (capped at 1), so its smallest value is exactly minimumPValue's.
 * An empty sample or all values equal: { u: 0 or n*m/2, pValue: 1 } (nothing can be told apart). Throws on NaN.
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  alternative: Alternative = 'two-sided',
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { u: 0, pValue: 1, exact: true };
  const { doubledRankSumA, groupSizes, tieTerm } = rankTwoSamples(a, b);
  const u = (doubledRankSumA - n * (n + 1)) / 2;
  if (groupSizes.length === 1) return { u, pValue: 1, exact: true };

  if (useExact(n, m, options)) {
    // Count over the smaller sample: the knapsack is then smallest. U of a <= u  <=>  rank sum of b >= its value.
    const overA = n <= m;
    const distribution = rankSumDistribution(overA ? n : m, groupSizes);
    const observed = overA ? doubledRankSumA : (n + m) * (n + m + 1) - doubledRankSumA;
    const pLess = overA ? probabilityAtMost(distribution, observed) : probabilityAtLeast(distribution, observed);
    const pGreater = overA ? probabilityAtLeast(distribution, observed) : probabilityAtMost(distribution, observed);
    return { u, pValue: pick(alternative, pLess, pGreater), exact: true };
  }

  const total = n + m;
  const mean = (n * m) / 2;
  const variance = ((n * m) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (!(variance > 0)) return { u, pValue: 1, exact: false };
  const sd = Math.sqrt(variance);
  const pLess = normalCdf((u - mean + 0.5) / sd);
  const pGreater = normalUpperTail((u - mean - 0.5) / sd);
  return { u, pValue: pick(alternative, pLess, pGreater), exact: false };
}

/**
 * The smallest p-value the test can give for samples of n and m values (complete separation, no ties): with 5
 * repeats against 5, two-sided, 2/252 = 0.0079. A table cell whose minimum is above the threshold it is judged by
 * (alpha, or alpha / cells under a correction) can never be called significant, whatever the data.
 */
export function minimumPValue(n: number, m: number, alternative: Alternative = 'two-sided', options: MannWhitneyOptions = {}): number {
  if (n <= 0 || m <= 0) return 1;
  const sides = alternative === 'two-sided' ? 2 : 1;
  if (useExact(n, m, options)) return Math.min(1, sides / binomialCoefficient(n + m, Math.min(n, m), Number.POSITIVE_INFINITY));
  const mean = (n * m) / 2;
  const sd = Math.sqrt(((n * m) / 12) * (n + m + 1));
  return Math.min(1, sides * normalCdf((0 - mean + 0.5) / sd));
}

function pick(alternative: Alternative, pLess: number, pGreater: number): number {
  if (alternative === 'less') return pLess;
  if (alternative === 'greater') return pGreater;
  return Math.min(1, 2 * Math.min(pLess, pGreater));
}

function useExact(n: number, m: number, options: MannWhitneyOptions): boolean {
  if (options.method === 'exact') return true;
  if (options.method === 'normal') return false;
  const limit = options.exactMaxSplits ?? DEFAULT_EXACT_MAX_SPLITS;
  return binomialCoefficient(n + m, Math.min(n, m), limit) <= limit;
}

/** C(n, k), or anything above `stopAbove` as soon as the running product passes it (no need to finish). */
function binomialCoefficient(n: number, k: number, stopAbove: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) {
    c = (c * (n - k + i)) / i;
    if (c > stopAbove) return c;
  }
  return Math.round(c);
}

interface Ranked {
  /** Sum of a's midranks, doubled (an integer). */
  doubledRankSumA: number;
  /** Sizes of the groups of equal values in the pooled sample, ascending by value. */
  groupSizes: number[];
  /** Sum over tie groups of t^3 - t, for the normal approximation's variance. */
  tieTerm: number;
}

function rankTwoSamples(a: readonly number[], b: readonly number[]): Ranked {
  const pooled: Array<{ value: number; fromA: boolean }> = [];
  for (const value of a) pooled.push({ value, fromA: true });
  for (const value of b) pooled.push({ value, fromA: false });
  for (const { value } of pooled) if (Number.isNaN(value)) throw new RangeError('mannWhitneyU: NaN in a sample');
  pooled.sort((x, y) => x.value - y.value);
  let doubledRankSumA = 0;
  let tieTerm = 0;
  const groupSizes: number[] = [];
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]!.value === pooled[start]!.value) end++;
    const size = end - start + 1;
    const doubled = start + 1 + (end + 1);
    for (let i = start; i <= end; i++) if (pooled[i]!.fromA) doubledRankSumA += doubled;
    groupSizes.push(size);
    tieTerm += size ** 3 - size;
    start = end + 1;
  }
  return { doubledRankSumA, groupSizes, tieTerm };
}
