// One cell of report.html's variant comparison: the value, its ratio to the first column marked by the comparison's
// significance test, and its interval as a whisker. The test's fields are optional (runs without repeats, run.json
// from before them): then the ratio is shown uncoloured, with no claim either way.
import type { FigureInterval } from '../../results/run-result.ts';
import type { MetricName } from '../../thresholds/metrics.ts';
import { MISSING } from '../format.ts';
import { formatFigure, formatRatio } from '../compare/compare-cells.ts';
import { escapeHtml as h } from './html-escape.ts';
import { whiskerSvg, type WhiskerScale } from './interval-whisker.ts';

/** What this file reads of a compared cell (compare.ts's ComparedCell); everything past value and ratio may be absent. */
export interface SignificanceCell {
  value: number | null;
  ratio: number | null;
  interval?: FigureInterval;
  ratioInterval?: { lo: number; hi: number; level?: number };
  pValue?: number;
  adjustedP?: number | null;
  testable?: boolean;
  significant?: boolean;
}

// Which way is better, for colouring significant ratios; figures not listed (DB q/s, requests) are marked without colour.
const HIGHER_IS_BETTER = new Set<string>(['rps', 'goodput', 'cacheHitRatio']);
const LOWER_IS_BETTER = new Set<string>([
  'errorRate',
  'p50',
  'p90',
  'p99',
  'p999',
  'max',
  'dbQueriesPerRequest',
  'dropped',
  'retries',
  'breakerRejected',
  'rejected',
  'errorsUntilMs',
  'staleRate',
  'lostWrites',
  'unknownWrites',
]);

export interface RatioMark {
  /** CSS class: better / worse (significant, direction known), differs (significant, no direction), '' otherwise. */
  kind: 'better' | 'worse' | 'differs' | 'same' | '';
  text: string;
  title: string;
}

/** How the ratio is shown; null in the first column or without a ratio. */
export function ratioMark(metric: MetricName, cell: SignificanceCell): RatioMark | null {
  if (cell.ratio === null || !Number.isFinite(cell.ratio)) return null;
  const ratio = formatRatio(cell.ratio);
  if (cell.significant === undefined)
    return { kind: '', text: ratio, title: 'no significance test: one run per variant (repeat the run to test)' };
  if (cell.testable === false) return { kind: '', text: `${ratio} ?`, title: 'too few repeats for the test to reach significance' };
  const p = cell.adjustedP ?? cell.pValue;
  const pText = typeof p === 'number' ? `adjusted p = ${formatP(p)}` : '';
  if (!cell.significant)
    return { kind: 'same', text: '~', title: `no significant difference (${[pText, `ratio ${ratio}`].filter(Boolean).join('; ')})` };
  const interval = cell.ratioInterval
    ? `, 95% interval ${formatRatio(cell.ratioInterval.lo)}–${formatRatio(cell.ratioInterval.hi).slice(1)}`
    : '';
  const higher = cell.ratio > 1;
  const kind = HIGHER_IS_BETTER.has(metric)
    ? higher
      ? 'better'
      : 'worse'
    : LOWER_IS_BETTER.has(metric)
      ? higher
        ? 'worse'
        : 'better'
      : 'differs';
  return { kind, text: ratio, title: `significant (${[pText, `ratio ${ratio}${interval}`].filter(Boolean).join('; ')})` };
}

/** `0.003`, `<0.001`, `0.41`. */
export function formatP(p: number): string {
  if (p < 0.001) return '<0.001';
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}

/** `95% interval 724–907 across 5 repeats`; `93.8% interval ... from the histogram (3600 requests)`. */
export function intervalText(metric: MetricName, interval: FigureInterval): string {
  const level = `${+(interval.level * 100).toFixed(1)}%`;
  const range = `${formatFigure(metric, interval.lo)}–${formatFigure(metric, interval.hi)}`;
  const source = interval.method === 'repeats' ? `across ${interval.n} repeats` : `from the histogram (${interval.n} requests)`;
  return `${level} interval ${range} ${source}`;
}

/** The cell's HTML: value, ratio mark, whisker (on the row's scale). */
export function comparisonCellHtml(
  metric: MetricName,
  rowLabel: string,
  cell: SignificanceCell,
  scale: WhiskerScale | null,
  color: string,
): string {
  const value = formatFigure(metric, cell.value);
  const mark = value === MISSING ? null : ratioMark(metric, cell);
  const ratio = mark ? ` <span class="ratio${mark.kind ? ` ${mark.kind}` : ''}" title="${h(mark.title)}">${h(mark.text)}</span>` : '';
  const whisker = cell.interval
    ? whiskerSvg(scale, cell.value, cell.interval, `${rowLabel}: ${value}, ${intervalText(metric, cell.interval)}`, color)
    : '';
  return `${h(value)}${ratio}${whisker}`;
}
