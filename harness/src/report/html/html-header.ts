// The top of report.html: title and status, the warnings a reader must not miss, and one card per variant.
import type { RunResult, VariantResult } from '../../results/run-result.ts';
import { formatCount, formatMs, formatPercent, formatSpan, formatUtc } from '../format.ts';
import { dropNoteHtml } from './drop-note.ts';
import { escapeHtml as h } from './html-escape.ts';
import { variantColor } from './report-styles.ts';
import type { Warning } from '../run-warnings.ts';

export function headerSection(result: RunResult): string {
  const variants = result.variants.map((v) => h(v.name)).join(', ');
  return (
    `<header>
<h1>${h(result.experiment)} <span class="pill ${h(result.status)}">${h(result.status)}</span></h1>
<p class="meta"><span>run <code>${h(result.runId)}</code></span><span>started ${h(formatUtc(result.startedAt))}</span>` +
    `<span>took ${h(formatSpan(result.startedAt, result.finishedAt))}</span>` +
    `<span>${result.variants.length} variant${result.variants.length === 1 ? '' : 's'}${variants ? `: ${variants}` : ''}</span></p>
</header>`
  );
}

export function warningsSection(warnings: readonly Warning[]): string {
  if (warnings.length === 0) return '';
  const items = warnings.map((w) => `<li class="${w.severe ? 'severe' : ''}"><strong>${h(w.title)}</strong> ${h(w.detail)}</li>`);
  return `<ul class="warnings" role="alert">\n${items.join('\n')}\n</ul>`;
}

/** Headline figures per variant: requests, error rate and the worst phase's p99. */
export function variantCards(result: RunResult): string {
  if (result.variants.length === 0) return '';
  const cards = result.variants.map((variant, index) => {
    const figures = variantHeadline(variant);
    const worstPhase = figures.worstP99 ? variant.phases.find((p) => p.name === figures.worstP99!.phase) : undefined;
    const worst = figures.worstP99
      ? `${formatMs(figures.worstP99.ms)} ms <span class="muted">(${h(figures.worstP99.phase)})</span>${worstPhase ? dropNoteHtml(worstPhase, 'p99') : ''}`
      : '—';
    return `<div class="card" style="--accent:${variantColor(index)}">
<h3><span class="swatch" style="background:${variantColor(index)}"></span>${h(variant.name)}</h3>
<dl><dt>requests</dt><dd>${formatCount(figures.requests)}</dd>
<dt>errors</dt><dd>${figures.requests > 0 ? `${formatPercent(figures.errorRate)} %` : '—'}</dd>
<dt>worst p99</dt><dd>${worst}</dd>
<dt>phases</dt><dd>${variant.phases.length}</dd></dl>
</div>`;
  });
  return `<div class="cards">\n${cards.join('\n')}\n</div>`;
}

export interface VariantHeadline {
  requests: number;
  errorRate: number;
  worstP99: { phase: string; ms: number } | null;
  worstErrorRate: { phase: string; rate: number } | null;
}

/** Shared with results/index.html, so both pages quote the same figures. */
export function variantHeadline(variant: VariantResult): VariantHeadline {
  let requests = 0;
  let errors = 0;
  let worstP99: VariantHeadline['worstP99'] = null;
  let worstErrorRate: VariantHeadline['worstErrorRate'] = null;
  for (const phase of variant.phases) {
    requests += phase.requests;
    errors += phase.errorRate * phase.requests;
    if (phase.requests === 0) continue;
    if (!worstP99 || phase.latencyMs.p99 > worstP99.ms) worstP99 = { phase: phase.name, ms: phase.latencyMs.p99 };
    if (!worstErrorRate || phase.errorRate > worstErrorRate.rate) worstErrorRate = { phase: phase.name, rate: phase.errorRate };
  }
  return { requests, errorRate: requests > 0 ? errors / requests : 0, worstP99, worstErrorRate };
}
