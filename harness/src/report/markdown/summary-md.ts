// summary.md: the run at a glance, written to read well pasted into a pull request.
import { renderDependencyTables } from './dependency-tables.ts';
import { describeCpuSplit } from '../../host/cpu-split.ts';
import type { RunEvent, RunResult, SteadyStateResult, VariantResult } from '../../results/run-result.ts';
import { droppedNote, formatBytes, formatParameters, formatSeconds, formatSpan, formatUtc } from '../format.ts';
import { PHASE_COLUMNS, phaseRow } from '../phase-table.ts';
import type { Reporter } from '../reporter.ts';
import { renderCapacityMarkdown } from '../capacity/capacity-table.ts';
import { renderProbeTables } from './probe-tables.ts';
import { renderServerTimingTables } from './server-timing-tables.ts';
import { runWarnings } from '../run-warnings.ts';
import { thresholdTable, thresholdsHeadline } from '../threshold-table.ts';

export const SUMMARY_MD_FILE_NAME = 'summary.md';

export const markdownSummaryReporter: Reporter = {
  name: 'markdown',
  render: (result) => ({ fileName: SUMMARY_MD_FILE_NAME, content: renderSummaryMarkdown(result) }),
};

export function renderSummaryMarkdown(result: RunResult): string {
  const sections = [
    header(result),
    ...warningsSection(result),
    ...result.variants.map(variantSection),
    ...[renderServerTimingTables(result), renderCapacityMarkdown(result), renderProbeTables(result), renderDependencyTables(result)].filter(
      (s) => s.length > 0,
    ),
    ...thresholdsSection(result),
    eventsSection(result),
    HOW_TO_READ,
  ];
  return `${sections.join('\n\n')}\n`;
}

function header(result: RunResult): string {
  const lines = [`# ${escapeText(result.experiment)}`, ''];
  lines.push(
    [
      `**Status:** ${result.status}`,
      `**Run:** \`${result.runId}\``,
      `**Started:** ${formatUtc(result.startedAt)}`,
      `**Duration:** ${formatSpan(result.startedAt, result.finishedAt)}`,
    ].join(' · '),
  );
  if (result.reason) lines.push('', `**Reason:** ${escapeText(result.reason)}`);
  lines.push('', `**Environment:** ${environmentLine(result)}`);
  if (result.topology) {
    const { kind, parameters, endpoints } = result.topology;
    const params = formatParameters(parameters);
    let line = `**Topology:** ${escapeText(kind)}${params ? ` (${escapeText(params)})` : ''}`;
    if (endpoints && Object.keys(endpoints).length > 0) line += ` · endpoints: ${escapeText(formatParameters(endpoints))}`;
    lines.push('', line);
  }
  if (result.load && Object.keys(result.load).length > 0) {
    lines.push('', `**Load:** ${escapeText(formatParameters(result.load))}`);
  }
  if (result.repeats) {
    const order = result.repeats.order.map((o) => `${o.variant}#${o.repeat}`).join(', ');
    lines.push(
      '',
      `**Repeats:** ${result.repeats.count} per variant, each on a fresh topology; figures are medians across them · order (seed ${result.repeats.seed}): ${escapeText(order)}`,
    );
  }
  return lines.join('\n');
}

function environmentLine(result: RunResult): string {
  const env = result.environment;
  const parts = [
    env.hostname,
    `${env.platform}/${env.arch}`,
    `${env.cpus} CPUs`,
    `${formatBytes(env.memoryBytes)} RAM`,
    `Node ${env.node}`,
  ];
  if (env.dockerServerVersion) parts.push(`Docker ${env.dockerServerVersion}`);
  if (env.imageFlavor) parts.push(`images: ${env.imageFlavor}`);
  if (env.cpuSplit) parts.push(`CPUs: ${describeCpuSplit(env.cpuSplit)}`);
  parts.push(`bench ${env.benchVersion}`);
  return escapeText(parts.join(' · '));
}

function variantSection(variant: VariantResult): string {
  const lines = [`## Variant: ${escapeText(variant.name)}`, ''];
  if (variant.phases.length === 0) {
    lines.push('No phase was recorded.');
    return lines.join('\n');
  }
  lines.push(tableRow(PHASE_COLUMNS.map((c) => c.header)));
  lines.push(tableRow(PHASE_COLUMNS.map((c) => (c.align === 'right' ? '---:' : ':---'))));
  for (const phase of variant.phases) lines.push(tableRow(phaseRow(phase)));
  const dropped = variant.phases.flatMap((phase) => {
    const note = droppedNote(phase);
    return note ? [`${phase.name}: latency ${note}`] : [];
  });
  if (dropped.length > 0) lines.push('', `⚠ ${escapeText(dropped.join('; '))} (never sent, so not measured: the slowest requests).`);
  const steady = variant.steadyState;
  if (steady?.before || steady?.after) {
    const part = (label: string, r: SteadyStateResult | undefined): string =>
      r
        ? `${label} ${r.passed ? '✓' : '✗'} ${r.checks.map((c) => `${c.name}: ${c.observed}`).join(', ')}${label === 'after' ? ` (${r.afterMs} ms after the last phase)` : ''}`
        : `${label} not checked`;
    lines.push('', escapeText(`Steady state: ${part('before', steady.before)}; ${part('after', steady.after)}.`));
  }
  return lines.join('\n');
}

/** The warnings a reader must not miss (generator saturated, drops, ...); none, no section. */
function warningsSection(result: RunResult): string[] {
  // Severe ones (aborted, thresholds failed) are the header's status and reason and the Thresholds section already.
  const warnings = runWarnings(result).filter((w) => !w.severe);
  return warnings.length ? [warnings.map((w) => `> **${escapeText(w.title)}** ${escapeText(w.detail)}`).join('\n>\n')] : [];
}

/** Empty when the run declared no thresholds, so such runs render as before. */
function thresholdsSection(result: RunResult): string[] {
  const results = result.thresholds ?? [];
  if (results.length === 0) return [];
  const { columns, rows } = thresholdTable(results);
  const lines = ['## Thresholds', '', `**Result:** ${thresholdsHeadline(results)}.`, ''];
  lines.push(tableRow(columns.map((c) => c.header)));
  lines.push(tableRow(columns.map((c) => (c.align === 'right' ? '---:' : ':---'))));
  for (const row of rows) lines.push(tableRow(row));
  return [lines.join('\n')];
}

function eventsSection(result: RunResult): string {
  const lines = ['## Fault events', ''];
  const events = result.events ?? [];
  if (events.length > 0) {
    for (const event of events) lines.push(eventLine(event));
  } else {
    // Older or partial runs may carry faults only on their phases.
    const perPhase = result.variants.flatMap((v) =>
      v.phases.flatMap((p) => (p.faults ?? []).map((f) => `- ${escapeText(v.name)} / ${escapeText(p.name)}: ${escapeText(f)}`)),
    );
    lines.push(...(perPhase.length > 0 ? perPhase : ['None.']));
  }
  return lines.join('\n');
}

function eventLine(event: RunEvent): string {
  const where = `${escapeText(event.variant)} / ${escapeText(event.phase)}`;
  return `- \`${formatSeconds(event.atMs)} s\` ${where}: **${escapeText(event.kind)}** ${escapeText(event.detail)}`.trimEnd();
}

const HOW_TO_READ = [
  '## How to read this',
  '',
  '- Latency is measured per request from the moment it was sent until it completed, failed requests included; each ' +
    'request counts in the phase it was sent in.',
  '- Percentiles come from HDR histograms (3 significant digits), never from averages; the full distributions are ' +
    'in the `.hgrm` files beside this summary.',
  '- rps is requests sent in the phase divided by its duration; err % is failed requests over all requests due, ' +
    'dropped ones (due but never sent) included; latency percentiles exclude dropped requests and say so.',
  "- DB q/s and hit % come from the difference in the service's `/metrics` counters between the start and the end of " +
    'the phase, summed over every replica.',
  "- `[lo–hi]` beside p99 and p99.9 is an interval: with repeats, between two of the repeats' own values (5 repeats: " +
    "min–max, 94% for the median); in one run, the order-statistic bounds of that percentile from the histogram's " +
    'counts. A level short of 95% is printed (a p99.9 from 500 requests is bounded above only by the slowest).',
  '- Compare variants within one run: they ran back to back on the same machine, so their ratios are the figures to trust; ' +
    'with repeats, `comparison.md` says which differences are significant (Mann-Whitney U) and `~` where none is.',
  `- \`—\` means not measured (e.g. no cache in this topology).`,
].join('\n');

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => escapeText(cell).replace(/\r?\n/g, ' ')).join(' | ')} |`;
}

/** Keeps user-supplied names from turning into Markdown markup (or HTML: `<` only where a tag could start). */
function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]|])/g, '\\$1').replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}
