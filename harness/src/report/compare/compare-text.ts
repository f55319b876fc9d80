// The comparison for a terminal: one aligned table per phase, rows = figures, columns = runs or variants.
import { alignTable } from '../console/summary-table.ts';
import type { TableColumn } from '../phase-table.ts';
import { comparisonNotes, comparisonTitle, formatCell, significanceLegend } from './compare-cells.ts';
import type { Comparison } from './compare.ts';

export function renderComparisonText(comparison: Comparison): string {
  const lines = [comparisonTitle(comparison)];
  if (comparison.labels.length > 1) lines.push(`(${significanceLegend(comparison)})`);
  const columns: TableColumn[] = [
    { header: 'figure', align: 'left' },
    ...comparison.labels.map((label): TableColumn => ({ header: label, align: 'right' })),
  ];
  for (const phase of comparison.phases) {
    const rows = phase.rows.map((row) => [row.label, ...row.cells.map((cell) => formatCell(row.metric, cell))]);
    lines.push('', `phase ${phase.phase}`, ...alignTable(columns, rows).map((line) => `  ${line}`));
  }
  if (comparison.phases.length === 0) lines.push('', 'no phase was recorded by every column');
  const notes = comparisonNotes(comparison);
  if (notes.length > 0) lines.push('', ...notes.map((note) => `note: ${note}`));
  return `${lines.join('\n')}\n`;
}
