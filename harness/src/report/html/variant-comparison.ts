// The variants of a run side by side in report.html, from the shared comparison (report/compare/), so the page,
// comparison.md and `bench compare` quote the same figures and ratios. One small table per phase.
import type { RunResult } from '../../results/run-result.ts';
import { comparisonNotes, formatFigure, formatRatio } from '../compare/compare-cells.ts';
import { compareVariants, type ComparedCell, type ComparedRow } from '../compare/compare.ts';
import { escapeHtml as h } from './html-escape.ts';
import { variantColor } from './report-styles.ts';

// Which way is better, for colouring ratios; figures not listed (DB q/s, requests) are shown uncoloured.
const HIGHER_IS_BETTER = new Set(['rps', 'goodput', 'cacheHitRatio']);
const LOWER_IS_BETTER = new Set(['errorRate', 'p50', 'p90', 'p99', 'p999', 'max', 'dbQueriesPerRequest', 'dropped', 'retries', 'breakerRejected', 'rejected', 'errorsUntilMs']);

/** Empty for a single-variant run: there is nothing to compare. */
export function variantComparison(result: RunResult): string {
  const comparison = compareVariants(result);
  if (!comparison) return '';
  const [base] = comparison.labels;
  const head = `<tr><th></th>${comparison.labels
    .map((label, i) => `<th class="num"><span class="swatch" style="background:${variantColor(i)}"></span>${h(label)}</th>`)
    .join('')}</tr>`;
  const tables = comparison.phases.map(
    (phase) => `<div class="compare-phase"><h3>${h(phase.phase)}</h3>
<table class="compare"><thead>${head}</thead><tbody>
${phase.rows.map(row).join('\n')}
</tbody></table></div>`,
  );
  const notes = comparisonNotes(comparison);
  return `<p class="muted chart-note">Each value after the first column is followed by its ratio (×) to <strong>${h(base ?? '')}</strong>;
green is better, red worse (beyond ±5%, within which a shared host is noise).</p>
<div class="compare-grid">
${tables.length > 0 ? tables.join('\n') : '<p class="muted">No phase was recorded by every variant.</p>'}
</div>
${notes.length > 0 ? `<ul class="plain muted">${notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : ''}`;
}

function row(r: ComparedRow): string {
  return `<tr><th scope="row">${h(r.label)}</th>${r.cells.map((cell) => `<td class="num">${cellHtml(r.metric, cell)}</td>`).join('')}</tr>`;
}

function cellHtml(metric: string, cell: ComparedCell): string {
  const value = h(formatFigure(metric as Parameters<typeof formatFigure>[0], cell.value));
  if (cell.ratio === null) return value;
  return `${value} <span class="ratio ${verdict(metric, cell.ratio)}">${h(formatRatio(cell.ratio))}</span>`;
}

function verdict(metric: string, ratio: number): string {
  if (Math.abs(ratio - 1) <= 0.05) return '';
  const higher = ratio > 1;
  if (HIGHER_IS_BETTER.has(metric)) return higher ? 'better' : 'worse';
  if (LOWER_IS_BETTER.has(metric)) return higher ? 'worse' : 'better';
  return '';
}
