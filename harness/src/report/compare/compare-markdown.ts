// The comparison as Markdown (comparison.md, or pasted into a pull request): one table per phase.
import { comparisonNotes, comparisonTitle, formatCell, significanceLegend } from './compare-cells.ts';
import { compareVariants, type Comparison } from './compare.ts';
import type { Reporter } from '../reporter.ts';

export const COMPARISON_MD_FILE_NAME = 'comparison.md';

/** comparison.md of a run's own variants; none for a run of one variant. */
export const comparisonReporter: Reporter = {
  name: 'comparison',
  render: (result) => {
    const comparison = compareVariants(result);
    return comparison && { fileName: COMPARISON_MD_FILE_NAME, content: renderComparisonMarkdown(comparison) };
  },
};

export function renderComparisonMarkdown(comparison: Comparison): string {
  const sections = [`# ${escapeText(comparisonTitle(comparison))}`];
  const [base] = comparison.labels;
  if (comparison.labels.length > 1 && base !== undefined) {
    sections.push(
      `Each cell after the first shows the value and its ratio (×) to **${escapeText(base)}**; \`—\` means not measured. ${escapeText(significanceLegend(comparison))}.`,
    );
  }
  for (const phase of comparison.phases) {
    const lines = [`## Phase: ${escapeText(phase.phase)}`, ''];
    lines.push(tableRow(['', ...comparison.labels]));
    lines.push(tableRow([':---', ...comparison.labels.map(() => '---:')]));
    for (const row of phase.rows) lines.push(tableRow([row.label, ...row.cells.map((cell) => formatCell(row.metric, cell))]));
    sections.push(lines.join('\n'));
  }
  if (comparison.phases.length === 0) sections.push('No phase was recorded by every column.');
  const notes = comparisonNotes(comparison);
  if (notes.length > 0) sections.push(['## Notes', '', ...notes.map((note) => `- ${escapeText(note)}`)].join('\n'));
  return `${sections.join('\n\n')}\n`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(escapeText).join(' | ')} |`;
}

/** Keeps run and variant names from turning into Markdown markup (as summary.md does). */
function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]|])/g, '\\$1').replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}
