// The variant comparison in report.html: one group per phase, one row per variant, the same columns as summary.md
// (phase-table.ts), plus p99 relative to the first variant, the ratio to trust on a noisy host.
// Note: a variant-comparison renderer is planned at report/compare/; when it lands, this table should use its
// structured output so the HTML and `bench compare` agree.
import type { PhaseResult, RunResult } from '../../results/run-result.ts';
import { formatCount } from '../format.ts';
import { PHASE_COLUMNS, phaseRow } from '../phase-table.ts';
import { escapeHtml as h } from './html-escape.ts';
import { variantColor } from './report-styles.ts';

export function comparisonTable(result: RunResult): string {
  const phaseNames: string[] = [];
  for (const v of result.variants) for (const p of v.phases) if (!phaseNames.includes(p.name)) phaseNames.push(p.name);
  if (phaseNames.length === 0) return '<p class="muted">No phase was recorded.</p>';

  const withRatio = result.variants.length > 1;
  const baseline = result.variants[0];
  const columns = PHASE_COLUMNS.slice(1);
  const head = [
    '<th>phase</th>',
    '<th>variant</th>',
    ...columns.map((c) => `<th class="${c.align === 'right' ? 'num' : ''}">${h(c.header)}</th>`),
    withRatio ? `<th class="num" title="p99 of this variant divided by p99 of ${h(baseline?.name ?? '')} in the same phase">p99 vs ${h(baseline?.name ?? '')}</th>` : '',
  ].join('');

  const body: string[] = [];
  for (const phaseName of phaseNames) {
    const basePhase = baseline?.phases.find((p) => p.name === phaseName);
    let first = true;
    result.variants.forEach((variant, index) => {
      const phase = variant.phases.find((p) => p.name === phaseName);
      if (!phase) return;
      const cells = phaseRow(phase).slice(1);
      const tds = [
        `<td>${first ? `<strong>${h(phaseName)}</strong>` : ''}</td>`,
        `<td><span class="swatch" style="background:${variantColor(index)}"></span>${h(variant.name)}${flags(phase)}</td>`,
        ...cells.map((cell, i) => `<td class="${columns[i]?.align === 'right' ? 'num' : ''}">${h(cell)}</td>`),
        withRatio ? `<td class="num">${ratioCell(phase, basePhase, index === 0)}</td>` : '',
      ];
      body.push(`<tr data-phase="${h(phaseName)}" class="${first ? 'group-start' : ''}">${tds.join('')}</tr>`);
      first = false;
    });
  }
  return `<div class="table-wrap"><table class="comparison">
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody></table></div>`;
}

function flags(phase: PhaseResult): string {
  const notes: string[] = [];
  if (phase.generatorSaturated) notes.push('<span class="flag" title="the load generator was the bottleneck">⚠ saturated</span>');
  if ((phase.dropped ?? 0) > 0) notes.push(`<span class="flag" title="requests the open-model driver never sent">⚠ ${formatCount(phase.dropped)} dropped</span>`);
  if (phase.faults?.length) notes.push(`<span class="muted" title="${h(phase.faults.join('; '))}">⚡ fault</span>`);
  return notes.length > 0 ? `<br>${notes.join(' ')}` : '';
}

function ratioCell(phase: PhaseResult, base: PhaseResult | undefined, isBase: boolean): string {
  if (isBase) return '<span class="muted">1×</span>';
  if (!base || base.requests === 0 || phase.requests === 0 || base.latencyMs.p99 <= 0) return '—';
  const ratio = phase.latencyMs.p99 / base.latencyMs.p99;
  const text = ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(2)}×`;
  // Within 5% is noise on a shared host; only call out a clear difference.
  const cls = ratio < 0.95 ? 'better' : ratio > 1.05 ? 'worse' : '';
  return `<span class="${cls}">${text}</span>`;
}
