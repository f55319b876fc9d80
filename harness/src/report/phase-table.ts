// The per-phase table every text reporter shows: one column list, one row builder, so console and Markdown agree.
import type { FigureInterval, PhaseResult } from '../results/run-result.ts';
import { MISSING, formatCount, formatErrors, formatMs, formatPercent, formatRate, formatSeconds } from './format.ts';

export interface TableColumn {
  header: string;
  align: 'left' | 'right';
}

export const PHASE_COLUMNS: readonly TableColumn[] = [
  { header: 'phase', align: 'left' },
  { header: 'dur s', align: 'right' },
  { header: 'requests', align: 'right' },
  { header: 'rps', align: 'right' },
  { header: 'err %', align: 'right' },
  { header: 'errors', align: 'left' },
  { header: 'p50 ms', align: 'right' },
  { header: 'p90 ms', align: 'right' },
  { header: 'p99 ms', align: 'right' },
  { header: 'p99.9 ms', align: 'right' },
  { header: 'max ms', align: 'right' },
  { header: 'DB q/s', align: 'right' },
  { header: 'hit %', align: 'right' },
];

/** One cell per PHASE_COLUMNS entry, already formatted. */
export function phaseRow(phase: PhaseResult): string[] {
  // A phase with no requests has an empty histogram: its zeros are not measurements.
  const latency = phase.requests > 0 ? phase.latencyMs : null;
  return [
    phase.name,
    formatSeconds(phase.endMs - phase.startMs),
    formatCount(phase.requests),
    formatRate(phase.rps),
    phase.requests > 0 || (phase.dropped ?? 0) > 0 ? formatPercent(phase.errorRate) : MISSING,
    formatErrors(phase.errors),
    formatMs(latency?.p50),
    formatMs(latency?.p90),
    withInterval(formatMs(latency?.p99), latency ? phase.intervals?.p99 : undefined),
    withInterval(formatMs(latency?.p999), latency ? phase.intervals?.p999 : undefined),
    formatMs(latency?.max),
    formatRate(phase.server.dbQueriesPerSec),
    formatPercent(phase.server.cacheHitRatio),
  ];
}

/**
 * `726 [640–810]`: the tail percentiles carry their 95% interval (across repeats, or from the histogram's counts in
 * one run), so a p99.9 from a few hundred requests shows how little it pins down. Order statistics reach only
 * discrete levels: one short of 95% is printed (`[60.1–88.0, 38%]`: 500 requests bound a p99.9 only by the max).
 */
export function withInterval(text: string, interval: FigureInterval | undefined): string {
  if (!interval || text === MISSING) return text;
  const level = interval.level < 0.945 ? `, ${Math.round(interval.level * 100)}%` : '';
  return `${text} [${formatMs(interval.lo)}–${formatMs(interval.hi)}${level}]`;
}
