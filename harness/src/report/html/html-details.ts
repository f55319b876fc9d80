// The lower sections of report.html: thresholds, fault events, and what ran where (environment, topology, load).
import { describeCpuSplit } from '../../host/cpu-split.ts';
import type { RunEvent, RunResult } from '../../results/run-result.ts';
import { formatBytes, formatSeconds } from '../format.ts';
import { expectedText, formatActual } from '../junit/threshold-text.ts';
import { escapeHtml as h } from './html-escape.ts';

export function thresholdsSection(result: RunResult): string {
  const thresholds = result.thresholds ?? [];
  if (thresholds.length === 0) return '<p class="muted">No thresholds were set for this experiment.</p>';
  const failed = thresholds.filter((t) => !t.passed).length;
  const rows = [...thresholds]
    .sort((a, b) => Number(a.passed) - Number(b.passed))
    .map(
      (t) =>
        `<tr><td><span class="pill ${t.passed ? 'pass' : 'fail'}">${t.passed ? 'pass' : 'fail'}</span></td>` +
        `<td><code>${h(t.expression)}</code></td><td>${h(t.variant)}</td><td>${h(t.phase)}</td>` +
        `<td class="num">${h(formatActual(t.metric, t.actual))}</td><td class="num">${h(expectedText(t) ?? '—')}</td></tr>`,
    );
  return `<p>${thresholds.length - failed} passed, ${failed} failed.</p>
<div class="table-wrap"><table class="thresholds">
<thead><tr><th>result</th><th>threshold</th><th>variant</th><th>phase</th><th class="num">actual</th><th class="num">expected</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

export function eventsSection(events: readonly RunEvent[]): string {
  if (events.length === 0) return '<p class="muted">No events were recorded.</p>';
  const rows = events.map(
    (e) =>
      `<tr><td class="num">${formatSeconds(e.atMs)} s</td><td>${h(e.variant)}</td><td>${h(e.phase)}</td>` +
      `<td><code>${h(e.kind)}</code></td><td>${h(e.detail)}</td></tr>`,
  );
  return `<div class="table-wrap"><table class="events">
<thead><tr><th class="num">at</th><th>variant</th><th>phase</th><th>event</th><th>detail</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

export function setupSection(result: RunResult): string {
  const env = result.environment;
  const environment: Array<[string, string]> = [
    ['host', `${env.hostname} (${env.platform}/${env.arch})`],
    ['CPUs, memory', `${env.cpus} CPUs, ${formatBytes(env.memoryBytes)}`],
    ['Node', env.node],
    ['bench', env.benchVersion],
  ];
  if (env.dockerServerVersion) environment.push(['Docker', env.dockerServerVersion]);
  if (env.imageFlavor) environment.push(['images', env.imageFlavor]);
  if (env.cpuSplit) environment.push(['CPU split', describeCpuSplit(env.cpuSplit)]);
  for (const [role, image] of Object.entries(env.images ?? {})) environment.push([`image ${role}`, String(image)]);

  const parts = [`<h3>Environment</h3>\n${kv(environment)}`];
  if (result.topology) {
    const { kind, parameters, endpoints } = result.topology;
    const rows: Array<[string, string]> = [['kind', kind], ...Object.entries(parameters).map(([k, v]): [string, string] => [k, show(v)])];
    parts.push(`<h3>Topology</h3>\n${kv(rows)}`);
    if (endpoints && Object.keys(endpoints).length > 0) parts.push(`<h3>Endpoints</h3>\n${kv(Object.entries(endpoints))}`);
  }
  if (result.load && Object.keys(result.load).length > 0) {
    parts.push(`<h3>Load</h3>\n${kv(Object.entries(result.load).map(([k, v]): [string, string] => [k, show(v)]))}`);
  }
  const overridden = result.variants.filter((v) => v.overrides && Object.keys(v.overrides).length > 0);
  if (overridden.length > 0) {
    parts.push(`<h3>Variants</h3>\n${kv(overridden.map((v): [string, string] => [v.name, show(v.overrides)]))}`);
  }
  return parts.join('\n');
}

function kv(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="kv">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}
