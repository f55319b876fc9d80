// summary.md's "Where the time went": per variant and phase, the Server-Timing breakdown of the median request and
// of the slowest 1% (mean ms per component, `other` the rest). Pure.
import type { LatencyBreakdown, RunResult } from '../../results/run-result.ts';
import { formatCount, formatMs } from '../format.ts';

/** Components the reference service sends come first, in this order; any others follow alphabetically. */
const KNOWN_ORDER = ['db', 'cache', 'queue'];
const OTHER = 'other';

const cell = (text: string): string => text.replace(/([\\|])/g, '\\$1');
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

/** Empty when no phase has a breakdown (the service sent no Server-Timing, or the driver cannot read headers). */
export function renderServerTimingTables(result: RunResult): string {
  const phases = result.variants.flatMap((v) =>
    v.phases.flatMap((p) => (p.serverTiming?.breakdown ? [{ variant: v.name, phase: p.name, breakdown: p.serverTiming.breakdown }] : [])),
  );
  if (phases.length === 0) return '';
  const names = componentOrder(phases.flatMap((p) => [p.breakdown.median, p.breakdown.slowest1pct]));
  const headers = ['variant', 'phase', 'slice', 'requests', 'total ms', ...names.map((n) => `${n} ms`), `${OTHER} ms`];
  const lines = [
    '## Where the time went',
    '',
    "From the service's `Server-Timing` header: mean ms per component for the requests around the median " +
      '(45th-55th percentile of end-to-end latency) and for the slowest 1%; `other` is the rest (network, balancer ' +
      'queueing, service CPU, waiting for a connection). Responses without the header are not counted.',
    '',
    row(headers),
    row(headers.map((_, i) => (i < 3 ? ':---' : '---:'))),
  ];
  for (const { variant, phase, breakdown } of phases) {
    lines.push(row([variant, phase, 'median', ...figures(breakdown.median, names)]));
    lines.push(row([variant, phase, 'slowest 1%', ...figures(breakdown.slowest1pct, names)]));
  }
  return lines.join('\n');
}

function figures(slice: LatencyBreakdown, names: readonly string[]): string[] {
  // A component other phases reported but this one's responses never did took no time here.
  const ms = (value: number | undefined): string => formatMs(value ?? 0);
  return [
    formatCount(slice.requests),
    formatMs(slice.totalMs),
    ...names.map((n) => ms(slice.componentsMs[n])),
    ms(slice.componentsMs[OTHER]),
  ];
}

function componentOrder(slices: readonly LatencyBreakdown[]): string[] {
  const seen = new Set(slices.flatMap((s) => Object.keys(s.componentsMs)).filter((n) => n !== OTHER));
  const known = KNOWN_ORDER.filter((n) => seen.has(n));
  const rest = [...seen].filter((n) => !KNOWN_ORDER.includes(n)).sort();
  return [...known, ...rest];
}
