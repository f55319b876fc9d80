// How a threshold reads in the JUnit and HTML reports: the measured value as the text reports show it
// (thresholds/threshold-table.ts), and the expected side of the expression, since a ThresholdResult keeps the
// expression rather than a parsed limit.
import type { ThresholdResult } from '../../results/run-result.ts';
import { formatThresholdActual } from '../../thresholds/threshold-table.ts';

/** The comparison written in the expression: `flush.p99 < 500ms` -> `< 500ms`; null when there is none. */
export function expectedPart(expression: string): string | null {
  const match = /(<=|>=|==|!=|<|>|=)\s*(\S.*)$/.exec(expression);
  return match ? `${match[1]} ${match[2]!.trim()}` : null;
}

/** `873 ms`, `0.09%`, `2901/s`, `37`; `—` when not measured. */
export function formatActual(metric: string, actual: number | null): string {
  return formatThresholdActual(metric, actual);
}

/** One phrase for a failure: `actual 873 ms, expected < 500ms`, or why nothing was measured. */
export function thresholdVerdict(t: ThresholdResult): string {
  const expected = expectedPart(t.expression);
  const actual = t.actual === null ? `not measured${t.note ? ` (${t.note})` : ''}` : `actual ${formatActual(t.metric, t.actual)}`;
  return expected ? `${actual}, expected ${expected}` : actual;
}
