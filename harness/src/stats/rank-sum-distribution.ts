// Exact permutation distribution of a rank sum, ties included: under the null hypothesis every choice of which k of
// the N pooled positions belong to the sample is equally likely, C(N, k) of them. Ranks are midranks doubled
// (positions i..j tied get i + j each), so sums stay integers and compare exactly.
//
// A 0/1 knapsack over the pooled values counts, for each j <= k, how many j-subsets reach each sum. Only sums that
// are reachable at each step are visited, so one small sample against a large one stays cheap.

export interface RankSumDistribution {
  /** counts[s] = how many k-subsets have doubled rank sum s. */
  counts: Float64Array;
  /** C(N, k): the number of equally likely splits. */
  total: number;
}

/** Repeated tables (an A/A simulation, a report's many cells) reuse the distribution of their tie pattern. */
const cache = new Map<string, RankSumDistribution>();
const CACHE_ENTRIES = 64;

/**
 * Distribution of the doubled rank sum of a k-subset, for pooled values whose tie groups have the given sizes in
 * ascending order of value (no ties: N groups of 1).
 */
export function rankSumDistribution(k: number, groupSizes: readonly number[]): RankSumDistribution {
  const key = `${k}|${groupSizes.join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = computeDistribution(k, doubledMidranks(groupSizes));
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

/** Doubled midranks, ascending, one per pooled value. */
export function doubledMidranks(groupSizes: readonly number[]): number[] {
  const ranks: number[] = [];
  let first = 1;
  for (const size of groupSizes) {
    const doubled = first + (first + size - 1);
    for (let i = 0; i < size; i++) ranks.push(doubled);
    first += size;
  }
  return ranks;
}

function computeDistribution(k: number, ranks: readonly number[]): RankSumDistribution {
  const n = ranks.length;
  if (k < 0 || k > n) throw new RangeError(`rankSumDistribution: k = ${k} of ${n}`);
  let maxSum = 0;
  for (let i = n - k; i < n; i++) maxSum += ranks[i]!;
  const dp = Array.from({ length: k + 1 }, () => new Float64Array(maxSum + 1));
  dp[0]![0] = 1;
  // Reachable sums of j-subsets so far: [loSum[j], hiSum[j]] (values ascend, so the first j give the smallest).
  const loSum = new Float64Array(k + 1);
  const hiSum = new Float64Array(k + 1);
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    if (i + 1 <= k) loSum[i + 1] = loSum[i]! + r;
    // Downwards in j, so each value joins a subset at most once.
    for (let j = Math.min(i + 1, k); j >= 1; j--) {
      const from = dp[j - 1]!;
      const to = dp[j]!;
      const hi = hiSum[j - 1]!;
      for (let s = loSum[j - 1]!; s <= hi; s++) {
        const c = from[s]!;
        if (c !== 0) to[s + r]! += c;
      }
      hiSum[j] = hiSum[j - 1]! + r;
    }
  }
  const counts = dp[k]!;
  let total = 0;
  for (const c of counts) total += c;
  return { counts, total };
}

/** P(sum <= s). */
export function probabilityAtMost(distribution: RankSumDistribution, s: number): number {
  const { counts, total } = distribution;
  let acc = 0;
  for (let i = 0; i <= Math.min(s, counts.length - 1); i++) acc += counts[i]!;
  return Math.min(1, acc / total);
}

/** P(sum >= s), summed from the top so tiny tails keep their precision. */
export function probabilityAtLeast(distribution: RankSumDistribution, s: number): number {
  const { counts, total } = distribution;
  let acc = 0;
  for (let i = counts.length - 1; i >= Math.max(0, s); i--) acc += counts[i]!;
  return Math.min(1, acc / total);
}
