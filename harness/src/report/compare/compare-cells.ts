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

/** `412 (×0.52)`; the value alone when there is no ratio (first column, or the first column is 0 or missing). */
export function formatCell(metric: MetricName, cell: ComparedCell): string {
  const value = formatFigure(metric, cell.value);
  if (value === MISSING || cell.ratio === null) return value;
  return `${value} (${formatRatio(cell.ratio)})`;
}

/** `cache-stampede: a vs b`. */
export function comparisonTitle(comparison: Comparison): string {
  const columns = comparison.labels.join(' vs ');
  return comparison.experiment === undefined ? columns : `${comparison.experiment}: ${columns}`;
}

/** What the tables do not show: phases left out, and saturated load generators. */
export function comparisonNotes(comparison: Comparison): string[] {
  const notes = comparison.leftOut.map(
    (p) => `phase "${p.phase}" left out: not recorded by ${p.missingFrom.join(', ')}`,
  );
  for (const phase of comparison.phases) {
    if (phase.generatorSaturated.length === 0) continue;
    notes.push(
      `phase "${phase.phase}": the load generator was saturated in ${phase.generatorSaturated.join(', ')}; ` +
        'those figures understate the system',
    );
  }
  return notes;
}
