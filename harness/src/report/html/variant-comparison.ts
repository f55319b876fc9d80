// The variants of a run side by side in report.html, from the shared comparison (report/compare/), so the page,
// comparison.md and `bench compare` quote the same figures, ratios and significance marks. One small table per phase.
import type { RunResult } from '../../results/run-result.ts';
import { comparisonNotes, significanceLegend } from '../compare/compare-cells.ts';
import { compareVariants, type ComparedRow, type Comparison } from '../compare/compare.ts';
import { comparisonCellHtml, type SignificanceCell } from './comparison-cell.ts';
import { phaseDropNotesHtml } from './drop-note.ts';
import { escapeHtml as h } from './html-escape.ts';
import { whiskerScale, whiskerSvg } from './interval-whisker.ts';
import { variantColor } from './report-styles.ts';

/** Empty for a single-variant run: there is nothing to compare. */
export function variantComparison(result: RunResult): string {
  const comparison = compareVariants(result);
  if (!comparison) return '';
  const head = `<tr><th></th>${comparison.labels.map((label, i) => `<th class="num"><span class="swatch" style="background:${variantColor(i)}"></span>${h(label)}</th>`).join('')}</tr>`;
  const tables = comparison.phases.map(
    (phase) => `<div class="compare-phase"><h3>${h(phase.phase)}</h3>
<table class="compare"><thead>${head}</thead><tbody>
${phase.rows.map(row).join('\n')}
</tbody></table>${phaseDropNotesHtml(result, phase.phase)}</div>`,
  );
  const notes = comparisonNotes(comparison);
  return `${legend(comparison)}
<div class="compare-grid">
${tables.length > 0 ? tables.join('\n') : '<p class="muted">No phase was recorded by every variant.</p>'}
</div>
${notes.length > 0 ? `<ul class="plain muted">${notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : ''}`;
}

/** What the marks mean: the shared legend (same words as comparison.md), then colours and whiskers. */
function legend(comparison: Comparison): string {
  const cells = comparison.phases.flatMap((p) => p.rows.flatMap((r) => r.cells as SignificanceCell[]));
  const tested = cells.some((c) => c.significant !== undefined);
  const whiskers = cells.some((c) => c.interval !== undefined);
  const colours = tested
    ? 'Green is better, red worse, and only where the difference is significant; <span class="ratio same">~</span> marks no significant difference.'
    : 'Ratios are not coloured: without repeats there is no test to tell a difference from the noise of a shared host.';
  const whisker = whiskers
    ? ` Under a value, its interval: ${whiskerSvg({ min: 0, max: 10, log: false }, 6, { lo: 2, hi: 9 }, 'a whisker', '#5b6470').replace('class="whisker"', 'class="whisker inline"')} the dot is the value, the line its 95% interval (across repeats, or from the histogram for a single run's percentiles), on one scale per row (logarithmic where its values differ by 4× or more).`
    : '';
  return `<p class="muted chart-note">${h(significanceLegend(comparison))}.</p>
<p class="muted chart-note">${colours}${whisker}</p>`;
}

function row(r: ComparedRow): string {
  const cells = r.cells as SignificanceCell[];
  const scale = whiskerScale(cells);
  return `<tr data-metric="${h(r.metric)}"><th scope="row">${h(r.label)}</th>${cells
    .map((cell, i) => `<td class="num">${comparisonCellHtml(r.metric, r.label, cell, scale, variantColor(i))}</td>`)
    .join('')}</tr>`;
}
