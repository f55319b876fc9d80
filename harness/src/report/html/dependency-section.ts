// report.html's "Dependencies per second": the chart placeholders for dependency-charts.ts's figures (report-client.js
// draws them), grouped by section, with a caption on what a point is and what sampling cost. Absent without rows.
import type { RunResult } from '../../results/run-result.ts';
import type { DependencyChartData, DependencyFigure } from './dependency-charts.ts';
import { escapeHtml as h } from './html-escape.ts';

export function dependencySection(result: RunResult, data: DependencyChartData | null): string {
  if (!data) return '';
  const body =
    data.sections.length === 0
      ? '<p class="muted">dependencies.jsonl holds no figure this report charts.</p>'
      : data.sections
          .map((section, s) => `<h3>${h(section.title)}</h3>\n${section.figures.map((figure, f) => figureHtml(figure, s, f)).join('\n')}`)
          .join('\n');
  return `<section id="dependencies">
<h2>Dependencies per second</h2>
${caption(result, data)}
${body}
</section>`;
}

function caption(result: RunResult, data: DependencyChartData): string {
  const repeats = data.repeats > 1 ? ` Each point is the median across the ${data.repeats} repeats of that second.` : '';
  const costs = result.variants.flatMap((v) =>
    v.dependencySampler
      ? [
          `${h(v.name)}: ${v.dependencySampler.samples} samples, ${v.dependencySampler.meanMs} ms each on average, ${v.dependencySampler.maxMs} ms at most`,
        ]
      : [],
  );
  const cost = costs.length > 0 ? ` The sampler's own cost (all reads of one sample): ${costs.join('; ')}.` : '';
  return (
    '<p class="muted chart-note">Once a second during the load the harness reads every container\'s cgroup counters and the ' +
    "data stores' and balancers' own statistics. A point is one such second: rates over it, gauges (connections, memory, " +
    "lag) as read at its end, drawn at the load second it covers on the timeline's axis (zooming one chart zooms all). " +
    'Shaded as above: <span class="key phase"></span>phases and <span class="key fault"></span>fault windows. A figure ' +
    `with several instances gets one chart per variant, all on one y scale.${repeats}${cost}</p>`
  );
}

function figureHtml(figure: DependencyFigure, s: number, f: number): string {
  const charts = figure.charts.map((chart, i) => {
    const title = chart.variant === null ? figure.title : `${figure.title}: ${chart.variant}`;
    const attributes = `data-chart="dependency" data-section="${s}" data-figure="${f}" data-index="${i}" data-key="${h(`${figure.section}.${figure.key}`)}"`;
    return `<figure class="chart" ${attributes}><figcaption>${h(title)}</figcaption><div class="plot"></div></figure>`;
  });
  return charts.length > 1 ? `<div class="dependency-grid">\n${charts.join('\n')}\n</div>` : charts.join('\n');
}

export const DEPENDENCY_CSS = `
.dependency-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(520px, 100%), 1fr)); gap: 0 24px; }
.dependency-grid .chart { margin: 8px 0 14px; }
#dependencies .chart .plot { min-height: 0; }
@media print { .dependency-grid { grid-template-columns: 1fr 1fr; } }
`;
