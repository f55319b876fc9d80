// Cell text shared by the text and Markdown comparisons, so both say the same thing.
import type { MetricName } from '../../thresholds/metrics.ts';
import { MISSING, formatCount, formatMs, formatPercent, formatRate } from '../format.ts';
import type { ComparedCell, Comparison } from './compare.ts';

/** A figure without its unit (the row label carries it), formatted as in the run summaries. */
export function formatFigure(metric: MetricName, value: number | null): string {
  switch (metric) {
    case 'p50':
    case 'p90':
    case 'p99':
    case 'p999':
    case 'max':
      return formatMs(value);
    case 'rps':
    case 'dbQueriesPerSec':
    case 'goodput':
      return formatRate(value);
    case 'errorsUntilMs':
      return formatMs(value);
    case 'dbQueriesPerRequest':
      // A ratio around 1 (0.14 with a warm cache, 4 under a retry storm): two decimals tell them apart.
      return value === null ? MISSING : value.toFixed(2);
    case 'errorRate':
    case 'cacheHitRatio':
      return formatPercent(value);
    default:
      return formatCount(value);
  }
}

/** `×0.52`, `×1.00`, `×12.3`, `×152`, `×<0.01`. */
export function formatRatio(ratio: number): string {
  if (ratio === 0) return '×0';
  if (ratio < 0.01) return '×<0.01';
  if (ratio < 10) return `×${ratio.toFixed(2)}`;
  if (ratio < 100) return `×${ratio.toFixed(1)}`;
  return `×${Math.round(ratio)}`;
}

/**
 * Without repeats: `412 (×0.52)`, the value alone when there is no ratio (first column, or the first column is 0
 * or missing). With repeats: `412 (×0.52 0.47–0.58)` when the difference is significant, `412 (~)` when it is not
 * (no significant difference: no ratio to read as one), `412 (×0.52 ?)` when too few repeats to test.
 */
export function formatCell(metric: MetricName, cell: ComparedCell): string {
  const value = formatFigure(metric, cell.value);
  if (value === MISSING || cell.ratio === null) return value;
  if (cell.significant === undefined) return `${value} (${formatRatio(cell.ratio)})`;
  if (cell.testable === false) return `${value} (${formatRatio(cell.ratio)} ?)`;
  if (!cell.significant) return `${value} (~)`;
  const bound = (x: number): string => (Number.isFinite(x) ? formatRatio(x).slice(1) : '∞');
  const range = cell.ratioInterval ? ` ${bound(cell.ratioInterval.lo)}–${bound(cell.ratioInterval.hi)}` : '';
  return `${value} (${formatRatio(cell.ratio)}${range})`;
}

/** What the marks in the cells mean, and which test stands behind them. */
export function significanceLegend(comparison: Comparison): string {
  const base = comparison.labels[0] ?? '';
  const counts = comparison.repeats.join('/');
  if (!comparison.significance) {
    return comparison.repeats.every((n) => n === 1)
      ? `×: ratio to ${base}, one run each: no significance test (repeat the run, e.g. --repeat 5, to tell a difference from noise)`
      : `×: ratio to ${base}; repeats ${counts}: too few in some column to test`;
  }
  const s = comparison.significance;
  const untestable = s.untestable > 0 ? `; ?: too few repeats for the test to reach p < ${s.alpha} (${s.untestable} cells)` : '';
  return (
    `×: ratio of medians to ${base} (repeats ${counts}) with its 95% bootstrap interval, shown only where the difference is significant; ` +
    `~: no significant difference (${s.test}, ${s.correction}, adjusted p ≥ ${s.alpha})${untestable}`
  );
}

/** `cache-stampede: a vs b`. */
export function comparisonTitle(comparison: Comparison): string {
  const columns = comparison.labels.join(' vs ');
  return comparison.experiment === undefined ? columns : `${comparison.experiment}: ${columns}`;
}

/** What the tables do not show: phases left out, and saturated load generators. */
export function comparisonNotes(comparison: Comparison): string[] {
  const notes = comparison.leftOut.map((p) => `phase "${p.phase}" left out: not recorded by ${p.missingFrom.join(', ')}`);
  for (const phase of comparison.phases) {
    if (phase.generatorSaturated.length === 0) continue;
    notes.push(
      `phase "${phase.phase}": the load generator was saturated in ${phase.generatorSaturated.join(', ')}; those figures understate the system`,
    );
  }
  return notes;
}
