// The capacity of each variant at the experiment's SLO, with its ratio to the first variant (the scaling ladder's
// table). Pure: rows from a saved RunResult, rendered as text, Markdown or HTML.
import type { CapacityFigures, RunResult } from '../../results/run-result.ts';
import { escapeHtml as h } from '../html/html-escape.ts';
import { formatMs, formatPercent, MISSING } from '../format.ts';

export interface CapacityRow {
  variant: string;
  /** The topology kind the variant ran, when it changed the kind. */
  kind: string | null;
  kneeRatePerSec: number | null;
  /** knee / the first variant's knee; null when either is unknown. */
  ratio: number | null;
  /** p99 and errors at the knee step. */
  p99Ms: number | null;
  errorRate: number | null;
  firstFailingRatePerSec: number | null;
  stoppedBy: string;
  steps: number;
  /** The knee is a lower bound: the generator saturated before the service failed the SLO. */
  lowerBound: boolean;
}

export function capacityRows(result: RunResult): CapacityRow[] {
  const measured = result.variants.filter((v): v is typeof v & { capacity: CapacityFigures } => v.capacity !== undefined);
  const base = measured[0]?.capacity.kneeRatePerSec ?? null;
  return measured.map((v) => {
    const c = v.capacity;
    const knee = c.curve.find((s) => s.ratePerSec === c.kneeRatePerSec);
    const kind = typeof v.overrides?.kind === 'string' ? v.overrides.kind : null;
    return {
      variant: v.name,
      kind,
      kneeRatePerSec: c.kneeRatePerSec,
      ratio: base && c.kneeRatePerSec !== null ? Math.round((c.kneeRatePerSec / base) * 100) / 100 : null,
      p99Ms: knee?.p99Ms ?? null,
      errorRate: knee?.errorRate ?? null,
      firstFailingRatePerSec: c.firstFailingRatePerSec,
      stoppedBy: c.stoppedBy,
      steps: c.curve.length,
      lowerBound: c.stoppedBy === 'generator-saturated' || c.stoppedBy === 'max-rate',
    };
  });
}

const HEADERS = ['variant', 'capacity req/s', 'ratio', 'p99 at knee', 'errors at knee', 'fails at req/s', 'steps', 'stopped by'];

function cells(row: CapacityRow): string[] {
  return [
    row.kind && row.kind !== row.variant ? `${row.variant} (${row.kind})` : row.variant,
    row.kneeRatePerSec === null ? 'none' : `${row.lowerBound ? '>= ' : ''}${row.kneeRatePerSec}`,
    row.ratio === null ? MISSING : `×${row.ratio.toFixed(2)}`,
    row.p99Ms === null ? MISSING : `${formatMs(row.p99Ms)} ms`,
    row.errorRate === null ? MISSING : formatPercent(row.errorRate),
    row.firstFailingRatePerSec === null ? MISSING : String(row.firstFailingRatePerSec),
    String(row.steps),
    row.stoppedBy,
  ];
}

function slosOf(result: RunResult): string {
  return [...new Set(result.variants.flatMap((v) => (v.capacity ? [v.capacity.slo] : [])))].join(', ');
}

/** Empty when no variant measured its capacity. */
export function renderCapacityText(result: RunResult): string {
  const rows = capacityRows(result);
  if (rows.length === 0) return '';
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [`capacity at SLO ${slosOf(result)} (ratio to ${rows[0]!.variant})`, ...lines.map((l) => `  ${l}`), ...lowerBoundNote(rows)].join('\n');
}

export function renderCapacityMarkdown(result: RunResult): string {
  const rows = capacityRows(result);
  if (rows.length === 0) return '';
  const md = (r: string[]): string => `| ${r.join(' | ')} |`;
  const lines = [`## Capacity at SLO \`${slosOf(result)}\``, '', `Ratios are to \`${rows[0]!.variant}\`, measured in the same run.`, ''];
  lines.push(md(HEADERS), md(HEADERS.map((_, i) => (i === 0 || i === HEADERS.length - 1 ? ':---' : '---:'))), ...rows.map((r) => md(cells(r))));
  lines.push(...lowerBoundNote(rows).map((l) => `\n${l.trim()}`));
  for (const v of result.variants) {
    if (!v.capacity) continue;
    lines.push('', `### Curve: ${v.name}`, '', md(['rate req/s', 'achieved req/s', 'p50', 'p99', 'errors', 'dropped', 'verdict']), md(['---:', '---:', '---:', '---:', '---:', '---:', ':---']));
    for (const s of v.capacity.curve) {
      const verdict = s.generatorSaturated ? 'generator saturated' : s.pass ? 'pass' : `fail: ${s.failures.join('; ')}`;
      lines.push(md([String(s.ratePerSec), s.achievedRps.toFixed(1), `${formatMs(s.p50Ms)} ms`, `${formatMs(s.p99Ms)} ms`, formatPercent(s.errorRate), String(s.dropped), verdict]));
    }
  }
  return lines.join('\n');
}

export function renderCapacityHtml(result: RunResult): string {
  const rows = capacityRows(result);
  if (rows.length === 0) return '';
  const head = HEADERS.map((c) => `<th>${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${cells(r).map((c, i) => `<td${i === 0 ? '' : ' class="num"'}>${h(c)}</td>`).join('')}</tr>`).join('\n');
  const note = lowerBoundNote(rows).map((l) => `<p>${h(l.trim())}</p>`).join('');
  return `<h2>Capacity at SLO ${h(slosOf(result))}</h2>\n<p>Ratios are to ${h(rows[0]!.variant)}, measured in the same run.</p>\n<table class="phases"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${note}`;
}

function lowerBoundNote(rows: CapacityRow[]): string[] {
  return rows.some((r) => r.lowerBound)
    ? ['  ">=": a lower bound, the search stopped before the service failed the SLO (the load generator saturated, or the rate ceiling was reached).']
    : [];
}
