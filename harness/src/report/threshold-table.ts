// The thresholds table every text reporter shows (console, summary.md): one column list, one row builder.
import type { ThresholdResult } from '../results/run-result.ts';
import { metricKind } from '../thresholds/metrics.ts';
import { formatPValue } from '../thresholds/significance.ts';
import { MISSING, formatCount, formatMs, formatPercent, formatRate } from './format.ts';
import type { TableColumn } from './phase-table.ts';

export const PASS_MARK = '✓ pass';
export const FAIL_MARK = '✗ FAIL';

/** The measured value with its unit: `873 ms`, `0.09%`, `37`, `2901/s`; `—` when not measured. */
export function formatThresholdActual(metric: string, actual: number | null): string {
  if (actual === null || !Number.isFinite(actual)) return MISSING;
  switch (metricKind(metric)) {
    case 'latency':
      return `${formatMs(actual)} ms`;
    case 'ratio':
      return `${formatPercent(actual)}%`;
    case 'count':
      return formatCount(actual);
    case 'perSecond':
      return `${formatRate(actual)}/s`;
    default:
      // A metric from a newer run.json: show the number as recorded.
      return String(actual);
  }
}

/**
 * A relative threshold's right side, resolved: `0.5 × none.flush.p99 (0.5 × 726 = 363 ms), p = 0.004`, or
 * `none.flush.p99 (726 ms)` without a factor; null for an absolute threshold.
 */
export function formatReference(r: ThresholdResult): string | null {
  const ref = r.reference;
  if (!ref) return null;
  const factor = r.factor ?? 1;
  const name = `${ref.variant}.${ref.phase}.${ref.metric}`;
  const limit = ref.value === null ? null : factor * ref.value;
  const figures =
    factor === 1
      ? formatThresholdActual(ref.metric, ref.value)
      : `${factor} × ${formatBare(ref.metric, ref.value)} = ${formatLimit(ref.metric, limit)}`;
  const text = `${factor === 1 ? '' : `${factor} × `}${name} (${figures})`;
  const p = r.significance?.pValue;
  return p === undefined || p === null ? text : `${text}, ${formatPValue(p)}`;
}

/** The operator written in an expression (a ThresholdResult keeps the expression, not the parse). */
export function operatorOf(expression: string): string | undefined {
  return /<=|>=|==|!=|<|>/.exec(expression)?.[0];
}

/** factor × a count need not be whole: 0.5 × 37 is 18.5, not 19. */
function formatLimit(metric: string, limit: number | null): string {
  if (limit !== null && metricKind(metric) === 'count' && !Number.isInteger(limit)) return String(Number(limit.toPrecision(3)));
  return formatThresholdActual(metric, limit);
}

/** The figure as the limit's factor multiplies it: the number without its unit (`726`, `0.09%` stays a percentage). */
function formatBare(metric: string, value: number | null): string {
  const text = formatThresholdActual(metric, value);
  return metricKind(metric) === 'latency' ? text.replace(/ ms$/, '') : text.replace(/\/s$/, '');
}

export interface ThresholdTable {
  columns: TableColumn[];
  /** One row per result, cells already formatted, in `columns` order. */
  rows: string[][];
}

/**
 * The `compared with` column appears only when some result is relative (another variant's figure, with its factor
 * and p-value), the `note` column only when some result has one (a figure that was not measured).
 */
export function thresholdTable(results: readonly ThresholdResult[]): ThresholdTable {
  const withNotes = results.some((r) => r.note !== undefined);
  const withReferences = results.some((r) => r.reference !== undefined);
  const columns: TableColumn[] = [
    { header: 'threshold', align: 'left' },
    { header: 'variant', align: 'left' },
    { header: 'phase', align: 'left' },
    { header: 'actual', align: 'right' },
  ];
  if (withReferences) columns.push({ header: 'compared with', align: 'left' });
  columns.push({ header: 'result', align: 'left' });
  if (withNotes) columns.push({ header: 'note', align: 'left' });
  const rows = results.map((r) => {
    const row = [r.expression, r.variant, r.phase, formatThresholdActual(r.metric, r.actual)];
    if (withReferences) row.push(formatReference(r) ?? '');
    row.push(r.passed ? PASS_MARK : FAIL_MARK);
    if (withNotes) row.push(r.note ?? '');
    return row;
  });
  return { columns, rows };
}

/** `all 3 passed` or `1 of 3 failed`. */
export function thresholdsHeadline(results: readonly ThresholdResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return failed === 0 ? `all ${results.length} passed` : `${failed} of ${results.length} failed`;
}
