// Every phase's figures in report.html: one group per phase, one row per variant, the same columns as summary.md
// (phase-table.ts). Ratios between variants are in the comparison above it (variant-comparison.ts).
import type { PhaseResult, RunResult } from '../../results/run-result.ts';
import { PHASE_COLUMNS, phaseRow } from '../phase-table.ts';
import { dropNoteHtml } from './drop-note.ts';
import { escapeHtml as h } from './html-escape.ts';
import { variantColor } from './report-styles.ts';

export function phasesTable(result: RunResult): string {
  const phaseNames: string[] = [];
  for (const v of result.variants) for (const p of v.phases) if (!phaseNames.includes(p.name)) phaseNames.push(p.name);
  if (phaseNames.length === 0) return '<p class="muted">No phase was recorded.</p>';

  const columns = PHASE_COLUMNS.slice(1);
  const head = [
    '<th>phase</th>',
    '<th>variant</th>',
    ...columns.map((c) => `<th class="${c.align === 'right' ? 'num' : ''}">${h(c.header)}</th>`),
  ].join('');

  const body: string[] = [];
  for (const phaseName of phaseNames) {
    let first = true;
    result.variants.forEach((variant, index) => {
      const phase = variant.phases.find((p) => p.name === phaseName);
      if (!phase) return;
      const cells = phaseRow(phase).slice(1);
      const tds = [
        `<td class="phase">${first ? `<strong>${h(phaseName)}</strong>${faultNote(result, phaseName)}` : ''}</td>`,
        `<td class="variant"><span class="swatch" style="background:${variantColor(index)}"></span>${h(variant.name)}${flags(phase)}</td>`,
        ...cells.map((cell, i) => `<td class="${columns[i]?.align === 'right' ? 'num' : ''}">${h(cell)}</td>`),
      ];
      body.push(`<tr data-phase="${h(phaseName)}" class="${first ? 'group-start' : ''}">${tds.join('')}</tr>`);
      first = false;
    });
  }
  return `<div class="table-wrap"><table class="phases">
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody></table></div>`;
}

function flags(phase: PhaseResult): string {
  const saturated = phase.generatorSaturated
    ? '<br><span class="flag" title="the load generator was the bottleneck">⚠ saturated</span>'
    : '';
  // Next to the row's percentiles, which leave the dropped requests out.
  return `${saturated}${dropNoteHtml(phase)}`;
}

/** The phase's faults, named once per group: every variant ran the same plan. */
function faultNote(result: RunResult, phaseName: string): string {
  const faults = new Set(result.variants.flatMap((v) => v.phases.find((p) => p.name === phaseName)?.faults ?? []));
  return [...faults].map((f) => `<div class="fault-note">⚡ ${h(f)}</div>`).join('');
}
