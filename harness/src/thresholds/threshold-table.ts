// The thresholds table every text reporter shows (console, summary.md): one column list, one row builder.
import type { ThresholdResult } from '../results/run-result.ts';
import { MISSING, formatCount, formatMs, formatPercent, formatRate } from '../report/format.ts';
import type { TableColumn } from '../report/phase-table.ts';
import { metricKind } from './metrics.ts';

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

export interface ThresholdTable {
  columns: TableColumn[];
  /** One row per result, cells already formatted, in `columns` order. */
  rows: string[][];
}

/** The `note` column appears only when some result has one (a figure that was not measured). */
export function thresholdTable(results: readonly ThresholdResult[]): ThresholdTable {
  const withNotes = results.some((r) => r.note !== undefined);
  const columns: TableColumn[] = [
    { header: 'threshold', align: 'left' },
    { header: 'variant', align: 'left' },
    { header: 'phase', align: 'left' },
    { header: 'actual', align: 'right' },
    { header: 'result', align: 'left' },
  ];
  if (withNotes) columns.push({ header: 'note', align: 'left' });
  const rows = results.map((r) => {
    const row = [r.expression, r.variant, r.phase, formatThresholdActual(r.metric, r.actual), r.passed ? PASS_MARK : FAIL_MARK];
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
