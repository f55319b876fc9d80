// How a threshold's figures read in reports (JUnit, HTML): the measured value in its unit, and the expected side of
// the expression, since ThresholdResult keeps the expression rather than a parsed limit.
import type { ThresholdResult } from '../../results/run-result.ts';
import { MISSING, formatMs, formatPercent } from '../format.ts';

/** The comparison written in the expression: `flush.p99 < 500ms` -> `< 500ms`; null when there is none. */
export function expectedPart(expression: string): string | null {
  const match = /(<=|>=|==|!=|<|>|=)\s*(\S.*)$/.exec(expression);
  return match ? `${match[1]} ${match[2]!.trim()}` : null;
}

const LATENCY_METRIC = /^(p\(?\d|p\d|med|avg|min|max|latency|duration)/i;
const RATIO_METRIC = /(rate|ratio|percent|%)/i;

/** `873 ms`, `0.09 %`, `12`; `—` when not measured. Latency metrics are in ms, rates are ratios (0..1). */
export function formatActual(metric: string, actual: number | null): string {
  if (actual === null || !Number.isFinite(actual)) return MISSING;
  if (LATENCY_METRIC.test(metric)) return `${formatMs(actual)} ms`;
  if (RATIO_METRIC.test(metric)) return `${formatPercent(actual)} %`;
  return Number.isInteger(actual) ? actual.toString() : actual.toPrecision(4);
}

/** One sentence for a failure: `actual 873 ms, expected < 500ms`. */
export function thresholdVerdict(t: ThresholdResult): string {
  const expected = expectedPart(t.expression);
  const actual = t.actual === null ? 'not measured' : `actual ${formatActual(t.metric, t.actual)}`;
  return expected ? `${actual}, expected ${expected}` : actual;
}
