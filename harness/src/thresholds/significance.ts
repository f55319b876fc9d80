// The `significant` form of a relative threshold: a one-sided Mann-Whitney U test (stats/mann-whitney.ts) over the
// repeats' values, at a fixed 0.05. Distribution-free, so a few slow repeats of a latency percentile do not break it.
// Each threshold is one claim stated before the run: no correction for testing several (write fewer, sharper ones).
import type { ThresholdSignificance } from '../results/run-result.ts';
import { mannWhitneyU, minimumPValue } from '../stats/mann-whitney.ts';
import type { Operator } from './parse.ts';

export const SIGNIFICANCE_ALPHA = 0.05;

export type Alternative = 'less' | 'greater';

/** Which way the left side must differ: < and <= want it smaller, > and >= larger; == and != have no direction. */
export function alternativeFor(operator: Operator): Alternative | undefined {
  if (operator === '<' || operator === '<=') return 'less';
  if (operator === '>' || operator === '>=') return 'greater';
  return undefined;
}

/** Search bound: the one-sided exact test reaches 0.05 with 4 repeats on each side, so this is never reached. */
const MAX_REPEATS_SEARCHED = 1000;

/** The fewest repeats per variant with which the test can reach p < 0.05 at all (every repeat on one side smaller). */
export function minimumRepeats(alternative: Alternative): number {
  for (let r = 1; r <= MAX_REPEATS_SEARCHED; r++) {
    if (minimumPValue(r, r, alternative) < SIGNIFICANCE_ALPHA) return r;
  }
  return MAX_REPEATS_SEARCHED;
}

/** Whether n and m measured values can give p < 0.05. */
export function canReachAlpha(n: number, m: number, alternative: Alternative): boolean {
  return n > 0 && m > 0 && minimumPValue(n, m, alternative) < SIGNIFICANCE_ALPHA;
}

/** `needs --repeat 4 or more: …`: what a run too small for the test says, before and after. */
export function repeatsNote(needed: number, why: string): string {
  return `needs --repeat ${needed} or more: ${why}`;
}

/** `p = 0.004`, `p < 0.0001`; `p = —` when the test did not run. */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return 'p = —';
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${Number(p.toPrecision(2))}`;
}

/**
 * The test over `left` against `right` (already multiplied by the factor); undefined sides mean the run had no
 * repeats. A `note` says why the test could not run (the threshold then fails).
 */
export function testSignificance(
  left: readonly number[] | undefined,
  right: readonly number[] | undefined,
  alternative: Alternative,
): { significance: ThresholdSignificance; note?: string } {
  const repeatsNeeded = minimumRepeats(alternative);
  const n = left?.length ?? 0;
  const m = right?.length ?? 0;
  const base = { test: 'mann-whitney-u', alternative, alpha: SIGNIFICANCE_ALPHA, n, m, repeatsNeeded } as const;
  if (left === undefined || right === undefined) {
    return {
      significance: { ...base, pValue: null },
      note: repeatsNote(repeatsNeeded, `the run has no repeats, and the test compares the repeats' values`),
    };
  }
  if (!canReachAlpha(n, m, alternative)) {
    const counts = n === m ? `${n} repeat${n === 1 ? '' : 's'}` : `${n} and ${m} repeats measured`;
    return {
      significance: { ...base, pValue: null },
      note: repeatsNote(repeatsNeeded, `with ${counts} the test cannot reach p < ${SIGNIFICANCE_ALPHA}`),
    };
  }
  const { pValue, exact } = mannWhitneyU([...left], [...right], alternative);
  return { significance: { ...base, pValue, exact } };
}
