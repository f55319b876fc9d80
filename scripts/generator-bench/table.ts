// Plain-text tables of the generator benchmark: medians with their min-max range over the rounds. Pure.
import type { Spread, ToolSummary } from './measure.ts';

export function num(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '-';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "47.1 (45.0-49.3)"; just the median with one round or no spread. */
export function cell(s: Spread | null, digits = 0): string {
  if (s === null || !Number.isFinite(s.median)) return '-';
  const m = num(s.median, digits);
  const [lo, hi] = [num(s.min, digits), num(s.max, digits)];
  return lo === hi ? m : `${m} (${lo}-${hi})`;
}

export function ratio(value: number, reference: number | undefined): string {
  return reference !== undefined && Number.isFinite(value) && Number.isFinite(reference) && reference > 0
    ? `${(value / reference).toFixed(2)}x`
    : '-';
}

function generatorCell(s: ToolSummary): string {
  if (s.generator === null) return 'n/a';
  if (s.generator.flagged === 0) return 'ok';
  return `SATURATED ${s.generator.flagged}/${s.rounds} (${s.generator.reasons.join(' | ')})`;
}

export interface TableSpec {
  title: string;
  rows: ToolSummary[];
  /** The row ratios are taken to (wrk2 for open rows, wrk for closed ones). */
  reference?: ToolSummary;
  referenceLabel: string;
  /** Closed loop: the ratio that matters is requests per second; open: CPU per request. */
  closed: boolean;
}

export function renderTable(spec: TableSpec): string {
  const ref = spec.reference;
  const head = [
    'tool',
    'requests',
    'req/s',
    'dropped',
    'errors',
    'p50 ms',
    'p99 ms',
    'CPU us/req',
    ...(spec.closed ? [`req/s x ${spec.referenceLabel}`] : []),
    `CPU x ${spec.referenceLabel}`,
    'generator',
  ];
  const body = spec.rows.map((s) => [
    s.tool,
    cell(s.requests),
    cell(s.reqPerSec),
    cell(s.dropped),
    cell(s.errors),
    cell(s.p50Ms, 2),
    cell(s.p99Ms, 2),
    cell(s.cpuUs, 1),
    ...(spec.closed ? [ratio(s.reqPerSec.median, ref?.reqPerSec.median)] : []),
    ratio(s.cpuUs.median, ref?.cpuUs.median),
    generatorCell(s),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const last = head.length - 1;
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 || i === last ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const notes = spec.rows.flatMap((s) => s.failures.map((f) => `  note: ${s.tool}: ${f}`));
  return [spec.title, line(head), ...body.map(line), ...notes].join('\n');
}
