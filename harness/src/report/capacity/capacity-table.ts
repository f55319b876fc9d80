// The capacity of each variant at the experiment's SLO, with how sure the search is, its ratio to the first
// variant and the resource that stopped it (the scaling ladder's table). Pure: rows from a saved RunResult,
// rendered as text, Markdown or HTML.
import type { CapacityFigures, RunResult, VariantResult } from '../../results/run-result.ts';
import { medianInterval } from '../../stats/median-interval.ts';
import { escapeHtml as h } from '../html/html-escape.ts';
import { formatMs, formatPercent, MISSING } from '../format.ts';

export interface CapacityRow {
  variant: string;
  /** The topology kind the variant ran, when it changed the kind. */
  kind: string | null;
  /** The knee; with repeats, the median of the repeats' knees. */
  kneeRatePerSec: number | null;
  /**
   * Where the knee lies. One run: the search's bracket, from the highest rate confirmed to pass to the lowest
   * confirmed to fail. Repeats: the median's distribution-free interval over the repeats' knees (`level`).
   */
  interval: { lo: number; hi: number; level: number | null; repeats: number } | null;
  /** knee / the first variant's knee; null when either is unknown. */
  ratio: number | null;
  /** p99 and errors at the knee step (the first repeat's). */
  p99Ms: number | null;
  errorRate: number | null;
  firstFailingRatePerSec: number | null;
  /** e.g. "service replicas at 97% of their CPU limit"; with repeats, the one most repeats named. */
  stoppingResource: string | null;
  stoppedBy: string;
  steps: number;
  /** The knee is a lower bound: the generator saturated, the ceiling was reached, or the bracket was not settled. */
  lowerBound: boolean;
}

const searchesOf = (v: VariantResult): CapacityFigures[] =>
  v.repeats && v.repeats.length > 1 ? v.repeats.flatMap((r) => (r.capacity ? [r.capacity] : [])) : v.capacity ? [v.capacity] : [];

function mostCommon(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function rowOf(v: VariantResult, searches: CapacityFigures[]): Omit<CapacityRow, 'ratio'> {
  const first = searches[0]!;
  const knees = searches.flatMap((c) => (c.kneeRatePerSec !== null ? [c.kneeRatePerSec] : []));
  // A passing run at the knee (the knee's rate may also have a failing one, outvoted).
  const atKnee = first.curve.find((s) => s.ratePerSec === first.kneeRatePerSec && s.pass);
  const kind = typeof v.overrides?.kind === 'string' ? v.overrides.kind : null;
  let knee: number | null = first.kneeRatePerSec;
  let interval: CapacityRow['interval'] = null;
  if (searches.length > 1 && knees.length === searches.length) {
    const m = medianInterval(knees);
    knee = Math.round(m.median);
    interval = { lo: m.lo, hi: m.hi, level: m.level, repeats: m.n };
  } else if (searches.length > 1) {
    knee = null; // a repeat found no knee: a median over the others would hide it
  } else if (first.kneeRatePerSec !== null && first.firstFailingRatePerSec !== null) {
    interval = { lo: first.kneeRatePerSec, hi: first.firstFailingRatePerSec, level: null, repeats: 1 };
  }
  return {
    variant: v.name,
    kind,
    kneeRatePerSec: knee,
    interval,
    p99Ms: atKnee?.p99Ms ?? null,
    errorRate: atKnee?.errorRate ?? null,
    firstFailingRatePerSec: first.firstFailingRatePerSec,
    stoppingResource: mostCommon(searches.flatMap((c) => (c.stoppingResource ? [c.stoppingResource] : []))),
    stoppedBy: mostCommon(searches.map((c) => c.stoppedBy)) ?? first.stoppedBy,
    steps: searches.reduce((n, c) => n + c.curve.length, 0),
    lowerBound: searches.some((c) => c.stoppedBy === 'generator-saturated' || c.stoppedBy === 'max-rate' || c.confirmed === false),
  };
}

export function capacityRows(result: RunResult): CapacityRow[] {
  const rows = result.variants.flatMap((v) => {
    const searches = searchesOf(v);
    return searches.length > 0 ? [rowOf(v, searches)] : [];
  });
  const base = rows[0]?.kneeRatePerSec ?? null;
  return rows.map((r) => ({ ...r, ratio: base && r.kneeRatePerSec !== null ? Math.round((r.kneeRatePerSec / base) * 100) / 100 : null }));
}

const HEADERS = ['variant', 'capacity req/s', 'interval', 'ratio', 'p99 at knee', 'errors at knee', 'stopped by', 'steps', 'search'];

function intervalText(i: CapacityRow['interval']): string {
  if (i === null) return MISSING;
  if (i.level === null) return `${i.lo}–${i.hi}`;
  return `${Math.round(i.lo)}–${Math.round(i.hi)} (${Math.round(i.level * 100)}%, n=${i.repeats})`;
}

function cells(row: CapacityRow): string[] {
  return [
    row.kind && row.kind !== row.variant ? `${row.variant} (${row.kind})` : row.variant,
    row.kneeRatePerSec === null ? 'none' : `${row.lowerBound ? '>= ' : ''}${row.kneeRatePerSec}`,
    intervalText(row.interval),
    row.ratio === null ? MISSING : `×${row.ratio.toFixed(2)}`,
    row.p99Ms === null ? MISSING : `${formatMs(row.p99Ms)} ms`,
    row.errorRate === null ? MISSING : formatPercent(row.errorRate),
    row.stoppingResource ?? MISSING,
    String(row.steps),
    row.stoppedBy,
  ];
}

function slosOf(result: RunResult): string {
  return [...new Set(result.variants.flatMap((v) => (v.capacity ? [v.capacity.slo] : [])))].join(', ');
}

function notes(rows: CapacityRow[]): string[] {
  const out = [];
  if (rows.some((r) => r.interval?.level === null)) {
    out.push('  interval (one run): the knee lies between the highest rate a majority of runs passed and the lowest a majority failed.');
  }
  if (rows.some((r) => r.interval !== null && r.interval.level !== null)) {
    out.push('  interval (repeats): distribution-free interval of the median knee over the repeats, with its coverage (n <= 5: min–max).');
  }
  if (rows.some((r) => r.lowerBound)) {
    out.push(
      '  ">=": a lower bound: the search stopped before the service failed the SLO (generator saturated, rate ceiling) or before it settled the bracket.',
    );
  }
  return out;
}

/** Empty when no variant measured its capacity. */
export function renderCapacityText(result: RunResult): string {
  const rows = capacityRows(result);
  if (rows.length === 0) return '';
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const left = new Set([0, 6, 8]);
  const lines = table.map((r) =>
    r
      .map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [`capacity at SLO ${slosOf(result)} (ratio to ${rows[0]!.variant})`, ...lines.map((l) => `  ${l}`), ...notes(rows)].join('\n');
}

export function renderCapacityMarkdown(result: RunResult): string {
  const rows = capacityRows(result);
  if (rows.length === 0) return '';
  const md = (r: string[]): string => `| ${r.join(' | ')} |`;
  const lines = [`## Capacity at SLO \`${slosOf(result)}\``, '', `Ratios are to \`${rows[0]!.variant}\`, measured in the same run.`, ''];
  lines.push(md(HEADERS), md(HEADERS.map((_, i) => (i === 0 || i === 6 || i === 8 ? ':---' : '---:'))), ...rows.map((r) => md(cells(r))));
  lines.push(...notes(rows).map((l) => `\n${l.trim()}`));
  for (const v of result.variants) {
    if (!v.capacity) continue;
    lines.push(
      '',
      `### Curve: ${v.name}`,
      '',
      md(['rate req/s', 'achieved req/s', 'p50', 'p99', 'errors', 'dropped', 'verdict', 'CPU used / limit']),
      md(['---:', '---:', '---:', '---:', '---:', '---:', ':---', ':---']),
    );
    for (const s of v.capacity.curve) {
      const verdict = s.generatorSaturated ? 'generator saturated' : s.pass ? 'pass' : `fail: ${s.failures.join('; ')}`;
      const cpu = (s.cpu ?? []).map((c) => `${c.role} ${c.usedCores.toFixed(2)}${c.limitCores > 0 ? `/${c.limitCores}` : ''}`).join(', ');
      lines.push(
        md([
          String(s.ratePerSec),
          s.achievedRps.toFixed(1),
          `${formatMs(s.p50Ms)} ms`,
          `${formatMs(s.p99Ms)} ms`,
          formatPercent(s.errorRate),
          String(s.dropped),
          verdict,
          cpu || MISSING,
        ]),
      );
    }
  }
  return lines.join('\n');
}

export function renderCapacityHtml(result: RunResult): string {
  const rows = capacityRows(result);
  if (rows.length === 0) return '';
  const head = HEADERS.map((c) => `<th>${h(c)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c, i) => `<td${i === 0 || i === 6 || i === 8 ? '' : ' class="num"'}>${h(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const note = notes(rows)
    .map((l) => `<p>${h(l.trim())}</p>`)
    .join('');
  return `<h2>Capacity at SLO ${h(slosOf(result))}</h2>\n<p>Ratios are to ${h(rows[0]!.variant)}, measured in the same run.</p>\n<table class="phases"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${note}`;
}
