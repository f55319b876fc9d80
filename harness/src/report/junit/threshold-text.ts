// How a threshold reads in the JUnit and HTML reports: the measured value as the text reports show it
// (report/threshold-table.ts), and the expected side of the expression, since a ThresholdResult keeps the
// expression rather than a parsed limit.
import type { ThresholdResult } from '../../results/run-result.ts';
import { formatReference, formatThresholdActual, operatorOf } from '../threshold-table.ts';

/** The comparison written in the expression: `flush.p99 < 500ms` -> `< 500ms`; null when there is none. */
export function expectedPart(expression: string): string | null {
  const match = /(<=|>=|==|!=|<|>|=)\s*(\S.*)$/.exec(expression);
  return match ? `${match[1]} ${match[2]!.trim()}` : null;
}

/** `873 ms`, `0.09%`, `2901/s`, `37`; `—` when not measured. */
export function formatActual(metric: string, actual: number | null): string {
  return formatThresholdActual(metric, actual);
}

/**
 * The expected side as a report's "expected" column shows it: `< 500ms`; for a relative threshold, resolved:
 * `< 0.5 × none.flush.p99 (0.5 × 726 = 363 ms), p = 0.004`.
 */
export function expectedText(t: ThresholdResult): string | null {
  const reference = formatReference(t);
  if (reference === null) return expectedPart(t.expression);
  return `${operatorOf(t.expression) ?? '?'} ${reference}`;
}

/**
 * One phrase for a failure: `actual 873 ms, expected < 500ms`, or why nothing was measured. A relative threshold
 * says why it failed after the comparison (`; needs --repeat 4 or more: …`, `; not significant: …`).
 */
export function thresholdVerdict(t: ThresholdResult): string {
  const expected = expectedText(t);
  const actual = t.actual === null ? `not measured${t.note ? ` (${t.note})` : ''}` : `actual ${formatActual(t.metric, t.actual)}`;
  const verdict = expected ? `${actual}, expected ${expected}` : actual;
  return t.actual !== null && t.reference && t.note ? `${verdict}; ${t.note}` : verdict;
}
