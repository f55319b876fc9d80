// report.html: one self-contained page per run (charts, tables, warnings) that works offline. The chart library and
// the data are inlined and a Content-Security-Policy forbids every network request, so the file can be mailed,
// archived as a CI artifact or opened years later.
import type { RunResult } from '../../results/run-result.ts';
import type { RenderedReport } from '../reporter.ts';
import { reportChartData, type ReportChartData } from './chart-data.ts';
import { renderCapacityHtml } from '../capacity/capacity-table.ts';
import { phasesTable } from './phases-table.ts';
import { variantComparison } from './variant-comparison.ts';
import { loadHtmlAssets, type HtmlAssets } from './html-assets.ts';
import { eventsSection, setupSection, thresholdsSection } from './html-details.ts';
import { escapeHtml as h, inlineCode, scriptJson } from './html-escape.ts';
import { runWarnings } from '../run-warnings.ts';
import { headerSection, variantCards, warningsSection } from './html-header.ts';
import { BASE_CSS } from './report-styles.ts';
import { SERVER_TIMING_CSS, serverTimingSection } from './server-timing-section.ts';
import { DROP_NOTE_CSS, phaseDropNotesHtml } from './drop-note.ts';
import { DEPENDENCY_CSS, dependencySection } from './dependency-section.ts';
import type { RunSideFiles } from './timeline-rows.ts';

export const HTML_REPORT_FILE_NAME = 'report.html';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * `side` holds what the run saved beside run.json (timeline.jsonl, events.jsonl, dependencies.jsonl); `assets` defaults
 * to node_modules.
 */
export function renderHtmlReport(result: RunResult, side: RunSideFiles, assets: HtmlAssets = loadHtmlAssets()): RenderedReport {
  const events = side.events ?? result.events ?? [];
  const charts = reportChartData(result, side.timeline, events, side.dependencies ?? []);
  const title = `${result.experiment} · ${result.status} · ${result.runId}`;
  const content = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${h(title)}</title>
<link rel="icon" href="data:,">
<style>${inlineCode(BASE_CSS + REPORT_CSS + SERVER_TIMING_CSS + DROP_NOTE_CSS + DEPENDENCY_CSS, 'style')}</style>
<style>${inlineCode(assets.uplotCss, 'style')}</style>
</head>
<body>
<main>
${headerSection(result)}
${warningsSection(runWarnings(result))}
${variantCards(result)}
<section id="timeline">
<h2>Timeline</h2>
${timelineFigures(charts)}
</section>
${dependencySection(result, charts.dependencies)}
<section id="spectrum">
<h2>Latency by percentile</h2>
${spectrumFigures(result, charts)}
</section>
${serverTimingSection(result)}
${
  result.variants.some((v) => v.capacity)
    ? `<section id="capacity">
${renderCapacityHtml(result)}
</section>`
    : ''
}
${
  result.variants.length > 1
    ? `<section id="comparison">
<h2>Variants compared</h2>
${variantComparison(result)}
</section>`
    : ''
}
<section id="phases">
<h2>Phases</h2>
${phasesTable(result)}
</section>
<section id="thresholds">
<h2>Thresholds</h2>
${thresholdsSection(result)}
</section>
<section id="events">
<h2>Events</h2>
${eventsSection(events)}
</section>
<section id="setup">
<h2>Environment and configuration</h2>
${setupSection(result)}
</section>
<footer>
<p>Latency is measured per request from when it was sent until it completed, failures included; percentiles come from
HDR histograms (3 significant digits) and are never averaged. The timeline buckets requests by the second they were sent
in (raw latency, 2 significant digits). Compare variants within one run: they ran back to back on the same machine.</p>
<p>Rendered by bench ${h(result.environment.benchVersion)} from <code>run.json</code>; <code>bench report DIR</code> renders it again.</p>
</footer>
</main>
<noscript><p>The charts need JavaScript; every figure is also in the tables.</p></noscript>
<script type="application/json" id="report-data">${scriptJson(charts)}</script>
<script>${inlineCode(assets.uplotJs, 'script')}</script>
<script>${inlineCode(assets.clientJs, 'script')}</script>
</body>
</html>
`;
  return { fileName: HTML_REPORT_FILE_NAME, content };
}

function timelineFigures(charts: ReportChartData): string {
  const timeline = charts.timeline;
  if (!timeline || timeline.variants.length === 0) {
    return '<p class="muted">No per-second timeline was saved with this run (timeline.jsonl is missing or empty).</p>';
  }
  const legend =
    '<p class="muted chart-note">Shaded: <span class="key phase"></span>phases (alternating) and <span class="key fault"></span>fault windows. ' +
    'Each point is one second of sent requests. Drag to zoom, double-click to reset.</p>';
  const errorFigures = timeline.variants.map((v, i) =>
    v.totalErrors > 0
      ? figure(`Errors per second by class: ${v.name}`, `data-chart="errors" data-variant="${i}"`)
      : `<p class="muted">${h(v.name)}: no failed requests.</p>`,
  );
  return [
    legend,
    figure('Throughput (requests sent per second)', 'data-chart="rps"'),
    figure(latencyCaption(timeline), 'data-chart="latency"'),
    ...errorFigures,
  ].join('\n');
}

function latencyCaption(timeline: NonNullable<ReportChartData['timeline']>): string {
  const repeats = Math.max(0, ...timeline.variants.map((v) => v.repeats ?? 0));
  const base = 'Latency per second: p99 (solid) and p50 (dashed), log scale';
  return repeats > 1 ? `${base}; medians across ${repeats} repeats, p99 shaded from the lowest to the highest repeat` : base;
}

function spectrumFigures(result: RunResult, charts: ReportChartData): string {
  if (charts.spectra.length === 0) return '<p class="muted">No phase was recorded.</p>';
  const intro =
    '<p class="muted chart-note">Latency at each percentile, per phase: the x axis is HdrHistogram\'s 1/(1−p) log scale, so ' +
    'every further nine (90%, 99%, 99.9%) gets the same width. The y axis is logarithmic.</p>';
  const figures = charts.spectra.map((s, i) =>
    s.series.every((series) => series.ms.every((v) => v === null))
      ? `<figure class="chart"><figcaption>${h(s.phase)}</figcaption><p class="muted">No request was recorded in this phase.</p></figure>`
      : figure(
          `${s.phase}${s.fromSummary ? ' (from summary figures only)' : ''}`,
          `data-chart="spectrum" data-index="${i}"`,
          phaseDropNotesHtml(result, s.phase),
        ),
  );
  return `${intro}\n<div class="spectrum-grid">\n${figures.join('\n')}\n</div>`;
}

function figure(caption: string, attributes: string, notes = ''): string {
  return `<figure class="chart" ${attributes}><figcaption>${h(caption)}${notes}</figcaption><div class="plot"></div></figure>`;
}

const REPORT_CSS = `
.chart { margin: 14px 0 22px; }
.chart figcaption { font-weight: 600; margin: 0 0 4px; }
.chart .plot { min-height: 260px; }
.spectrum-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(520px, 100%), 1fr)); gap: 8px 24px; }
.spectrum-grid .chart { margin: 8px 0; }
.chart-note { font-size: 13.5px; }
.key { display: inline-block; width: 14px; height: 10px; margin: 0 4px 0 2px; border: 1px solid #c9ced6; vertical-align: baseline; }
.key.phase { background: #eef1f5; }
.key.fault { background: rgba(213, 94, 0, 0.16); border-color: rgba(213, 94, 0, 0.6); }
.uplot { font-family: inherit; }
.u-legend { font-size: 12.5px; }
table.phases { font-size: 13px; }
table.phases th, table.phases td { padding: 5px 6px; }
table.phases td.variant { white-space: nowrap; }
table.phases td.phase { max-width: 180px; }
/* Flex, not a fixed-track grid: a phase table as wide as its content (4 variants with long names) takes the room it
   needs and wraps to the next row; one wider than the page scrolls inside its own box. A grid track of fixed minimum
   width let such a table overflow its cell and lie under its neighbour. */
.compare-grid { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 4px 28px; }
.compare-phase { flex: 1 1 auto; min-width: 0; max-width: 100%; overflow-x: auto; }
.compare-phase h3 { margin: 14px 0 4px; }
table.compare th[scope="row"] { background: none; font-weight: normal; color: var(--muted); }
table.compare .ratio { font-size: 12px; color: var(--muted); }
table.compare .ratio.better { color: var(--pass); font-weight: 600; }
table.compare .ratio.worse { color: var(--fail); font-weight: 600; }
table.compare .ratio.differs { color: var(--fg); font-weight: 600; }
.ratio.same { color: var(--muted); font-weight: 600; }
table.compare td.num { line-height: 1.3; }
svg.whisker { display: block; margin: 2px 0 0 auto; overflow: visible; }
svg.whisker.inline { display: inline-block; margin: 0 2px; vertical-align: middle; }
.fault-note { color: #9a3d00; font-size: 12px; line-height: 1.3; margin-top: 2px; }
.u-legend .u-marker { width: 12px; height: 3px; }
@media print {
  .chart .plot { min-height: 0; }
  .spectrum-grid { grid-template-columns: 1fr 1fr; }
  /* On paper the legend names the series; live values and the cursor position mean nothing there. */
  .u-legend .u-series:first-child, .u-legend .u-value { display: none; }
}
`;
