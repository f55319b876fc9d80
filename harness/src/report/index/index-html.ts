// results/index.html: every saved run, newest first, with its headline figures and a link to its report.html.
// Pure: findRuns() gathers the input. Static HTML with no script, so it opens anywhere, offline.
import { formatMs, formatPercent, formatSpan, formatUtc } from '../format.ts';
import { escapeHtml as h } from '../html/html-escape.ts';
import { variantHeadline } from '../html/html-header.ts';
import { BASE_CSS, variantColor } from '../html/report-styles.ts';
import type { IndexedRun } from './run-index.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderIndexHtml(runs: readonly IndexedRun[], options: { generatedAt?: string } = {}): string {
  const experiments = new Set(runs.map((r) => r.dir.split('/')[0]));
  const body =
    runs.length === 0
      ? '<p class="muted">No saved runs yet. <code>bench run experiments/NAME.ts</code> saves one here.</p>'
      : `<div class="table-wrap"><table class="runs">
<thead><tr><th>when</th><th>experiment</th><th>status</th><th class="num">took</th><th>variants: worst-phase p99 · error rate</th><th>thresholds</th><th>report</th></tr></thead>
<tbody>
${runs.map(runRow).join('\n')}
</tbody></table></div>`;
  return (
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>bench runs</title>
<link rel="icon" href="data:,">
<style>${BASE_CSS}${INDEX_CSS}</style>
</head>
<body>
<main>
<h1>bench runs</h1>
<p class="meta"><span>${runs.length} run${runs.length === 1 ? '' : 's'}</span><span>${experiments.size} experiment${experiments.size === 1 ? '' : 's'}</span>` +
    `${options.generatedAt ? `<span>listed ${h(formatUtc(options.generatedAt))}</span>` : ''}</p>
${body}
<footer><p>Rewritten by <code>bench report --index</code>. Each report.html works offline; <code>bench report DIR</code> renders a run's reports again.</p></footer>
</main>
</body>
</html>
`
  );
}

function runRow(run: IndexedRun): string {
  const [experiment = '', runId = ''] = run.dir.split('/');
  const link = run.hasHtmlReport
    ? `<a href="${h(encodePath(`${run.dir}/report.html`))}">report.html</a>`
    : `<span class="muted" title="bench report ${h(run.dir)} renders it">no report.html</span>`;
  if (!run.result) {
    return (
      `<tr><td class="mono">${h(runId)}</td><td>${h(experiment)}</td><td><span class="pill error">unreadable</span></td>` +
      `<td class="num">—</td><td colspan="2" class="muted">${h(run.problem ?? 'run.json could not be read')}</td><td>${link}</td></tr>`
    );
  }
  const r = run.result;
  const thresholds = r.thresholds ?? [];
  const failed = thresholds.filter((t) => !t.passed).length;
  const thresholdCell =
    thresholds.length === 0
      ? '<span class="muted">none</span>'
      : `<span class="pill ${failed > 0 ? 'fail' : 'pass'}">${thresholds.length - failed}/${thresholds.length} passed</span>`;
  const warnings = [r.generatorSaturated ? '⚠ generator saturated' : '', r.reason && r.status !== 'passed' ? r.reason : '']
    .filter(Boolean)
    .map((w) => `<div class="muted small">${h(w)}</div>`)
    .join('');
  return (
    `<tr><td><span title="${h(r.startedAt)}">${h(formatUtc(r.startedAt))}</span><div class="mono small muted">${h(r.runId)}</div></td>` +
    `<td>${h(r.experiment)}</td><td><span class="pill ${h(r.status)}">${h(r.status)}</span>${warnings}</td>` +
    `<td class="num">${h(formatSpan(r.startedAt, r.finishedAt))}</td><td>${variantsCell(run)}</td><td>${thresholdCell}</td><td>${link}</td></tr>`
  );
}

function variantsCell(run: IndexedRun): string {
  const variants = run.result?.variants ?? [];
  if (variants.length === 0) return '<span class="muted">nothing measured</span>';
  return variants
    .map((variant, index) => {
      const headline = variantHeadline(variant);
      const p99 = headline.worstP99
        ? `p99 ${formatMs(headline.worstP99.ms)} ms <span class="muted">(${h(headline.worstP99.phase)})</span>`
        : 'p99 —';
      const errors = headline.worstErrorRate ? `${formatPercent(headline.worstErrorRate.rate)} % err` : '— err';
      return `<div><span class="swatch" style="background:${variantColor(index)}"></span><strong>${h(variant.name)}</strong> ${p99} · ${errors}</div>`;
    })
    .join('');
}

/** Run ids and experiment names are plain path segments already; encode anyway so a link never breaks. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const INDEX_CSS = `
table.runs td { padding-top: 8px; padding-bottom: 8px; }
.small { font-size: 12px; }
`;
