// A variant's repeats folded into the figures reports show: per phase, the median of each figure across repeats and
// its 95% interval (distribution-free, from order statistics). Pure.
//
// Performance figures (latency, rates, counts of requests and errors) are medians: one disturbed repeat does not
// move them. Correctness counts (lost, stale, unknown writes) are summed: a write lost in one repeat of five is a
// lost write, and a median would hide it.
import { median } from '../stats/median.ts';
import { medianInterval } from '../stats/median-interval.ts';
import { LatencyHistogram } from '../recorder/latency-histogram.ts';
import { METRIC_NAMES, readMetric } from '../thresholds/metrics.ts';
import type {
  ErrorCounts,
  FigureInterval,
  LatencyBreakdown,
  LatencySummaryMs,
  PhaseResult,
  ReadAfterWriteFigures,
  RepeatResult,
  ServerFigures,
  ServerTimingFigures,
  VariantResult,
  WriteFigures,
} from './run-result.ts';

/** The variant as reports read it: `phases` are medians across `repeats`, each with `intervals`. */
export function aggregateRepeats(base: Omit<VariantResult, 'phases' | 'repeats'>, repeats: readonly RepeatResult[]): VariantResult {
  const names: string[] = [];
  for (const r of repeats) for (const p of r.phases) if (!names.includes(p.name)) names.push(p.name);
  const phases = names.map((name) => aggregatePhase(repeats.flatMap((r) => r.phases.filter((p) => p.name === name))));
  const saturated = repeats.some((r) => r.generatorSaturated);
  return {
    ...base,
    phases,
    ...(saturated ? { generatorSaturated: true } : {}),
    repeats: [...repeats].sort((a, b) => a.repeat - b.repeat),
  };
}

/** One phase across the repeats that recorded it (at least one). */
export function aggregatePhase(phases: readonly PhaseResult[]): PhaseResult {
  const first = phases[0]!;
  const med = (values: ReadonlyArray<number | null | undefined>): number | null => {
    const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return known.length ? median(known) : null;
  };
  const merged = mergeHistograms(phases);
  const result: PhaseResult = {
    name: first.name,
    startMs: first.startMs,
    endMs: med(phases.map((p) => p.endMs)) ?? first.endMs,
    requests: med(phases.map((p) => p.requests)) ?? 0,
    rps: med(phases.map((p) => p.rps)) ?? 0,
    errorRate: med(phases.map((p) => p.errorRate)) ?? 0,
    errors: medianCounts(
      phases.map((p) => p.errors),
      med,
    ),
    latencyMs: medianSummary(
      phases.map((p) => p.latencyMs),
      med,
    ),
    // All repeats' requests in one histogram (HDR histograms add exactly); the .hgrm beside it is this one.
    hgrm: first.hgrm.replace(/\.r\d+\.hgrm$/, '.hgrm'),
    ...(merged ? { histogram: merged } : {}),
    server: medianServer(
      phases.map((p) => p.server),
      med,
    ),
    ...(first.faults ? { faults: first.faults } : {}),
  };
  if (phases.some((p) => p.dropped !== undefined)) result.dropped = med(phases.map((p) => p.dropped)) ?? 0;
  const uncorrected = phases.flatMap((p) => (p.uncorrectedLatencyMs ? [p.uncorrectedLatencyMs] : []));
  if (uncorrected.length) result.uncorrectedLatencyMs = medianSummary(uncorrected, med);
  if (phases.some((p) => p.generatorSaturated)) result.generatorSaturated = true;
  else if (phases.some((p) => p.generatorSaturated === false)) result.generatorSaturated = false;
  // Like saturation: the stack CPUs were the limit if they were in any repeat; the busy share is the median.
  const stack = phases.flatMap((p) => (p.stackCpu ? [p.stackCpu] : []));
  if (stack.length)
    result.stackCpu = {
      cpus: stack[0]!.cpus,
      busyPercent: med(stack.map((s) => s.busyPercent)) ?? 0,
      limited: stack.some((s) => s.limited),
    };
  if (phases.some((p) => p.errorsUntilMs !== undefined)) result.errorsUntilMs = med(phases.map((p) => p.errorsUntilMs));
  const reads = phases.flatMap((p) => (p.readAfterWrite ? [p.readAfterWrite] : []));
  if (reads.length) result.readAfterWrite = sumReads(reads);
  const writes = phases.flatMap((p) => (p.writes ? [p.writes] : []));
  if (writes.length) result.writes = sumWrites(writes);
  const timing = phases.flatMap((p) => (p.serverTiming ? [p.serverTiming] : []));
  if (timing.length) result.serverTiming = mergeServerTiming(timing);
  if (phases.length > 1) result.intervals = repeatIntervals(phases);
  return result;
}

/** A 95% interval (or the widest the repeats allow, with its level) for every figure at least two repeats measured. */
export function repeatIntervals(phases: readonly PhaseResult[]): Record<string, FigureInterval> {
  const intervals: Record<string, FigureInterval> = {};
  for (const metric of METRIC_NAMES) {
    const values = phases.map((p) => readMetric(p, metric).value).filter((v): v is number => v !== null && Number.isFinite(v));
    if (values.length < 2) continue;
    const { lo, hi, level, n } = medianInterval(values);
    intervals[metric] = { lo, hi, level, method: 'repeats', n };
  }
  return intervals;
}

function mergeHistograms(phases: readonly PhaseResult[]): string | null {
  const encoded = phases.flatMap((p) => (p.histogram ? [p.histogram] : []));
  if (encoded.length === 0) return null;
  const total = new LatencyHistogram();
  for (const e of encoded) total.add(LatencyHistogram.decode(e));
  return total.encode();
}

type Median = (values: ReadonlyArray<number | null | undefined>) => number | null;

function medianSummary(summaries: readonly LatencySummaryMs[], med: Median): LatencySummaryMs {
  const pick = (key: keyof LatencySummaryMs): number => med(summaries.map((s) => s[key])) ?? 0;
  return { p50: pick('p50'), p90: pick('p90'), p99: pick('p99'), p999: pick('p999'), max: pick('max') };
}

/** A class absent from a repeat had no failures there: it counts as 0 in the median. */
function medianCounts(counts: readonly ErrorCounts[], med: Median): ErrorCounts {
  const classes = new Set(counts.flatMap((c) => Object.keys(c))) as Set<keyof ErrorCounts>;
  const result: ErrorCounts = {};
  for (const c of classes) {
    const value = med(counts.map((x) => x[c] ?? 0)) ?? 0;
    if (value > 0) result[c] = value;
  }
  return result;
}

function medianServer(servers: readonly ServerFigures[], med: Median): ServerFigures {
  const result: ServerFigures = {
    dbQueriesPerSec: med(servers.map((s) => s.dbQueriesPerSec)),
    cacheHitRatio: med(servers.map((s) => s.cacheHitRatio)),
  };
  const optional = ['dbQueries', 'cacheHits', 'cacheMisses', 'retries', 'breakerRejected', 'rejected'] as const;
  for (const key of optional) {
    if (servers.some((s) => s[key] !== undefined)) {
      const value = med(servers.map((s) => s[key]));
      if (value !== null) result[key] = value;
    }
  }
  if (servers.some((s) => s.dbQueriesPerRequest !== undefined)) result.dbQueriesPerRequest = med(servers.map((s) => s.dbQueriesPerRequest));
  const targets = new Set(servers.flatMap((s) => Object.keys(s.dbQueriesByTarget ?? {})));
  if (targets.size) {
    result.dbQueriesByTarget = Object.fromEntries(
      [...targets].map((t) => [t, med(servers.map((s) => s.dbQueriesByTarget?.[t] ?? 0)) ?? 0]),
    );
  }
  return result;
}

function sumReads(reads: readonly ReadAfterWriteFigures[]): ReadAfterWriteFigures {
  const sum = (key: Exclude<keyof ReadAfterWriteFigures, 'staleRate'>): number => reads.reduce((n, r) => n + r[key], 0);
  const fresh = sum('fresh');
  const stale = sum('stale');
  return {
    checks: sum('checks'),
    fresh,
    stale,
    staleRate: fresh + stale > 0 ? stale / (fresh + stale) : null,
    displaced: sum('displaced'),
    writeFailed: sum('writeFailed'),
    readFailed: sum('readFailed'),
    staleCrossInstance: sum('staleCrossInstance'),
    skipped: sum('skipped'),
  };
}

function sumWrites(writes: readonly WriteFigures[]): WriteFigures {
  const sum = (key: 'sent' | 'acknowledged' | 'lost' | 'rejected' | 'unknown' | 'unknownPresent' | 'duplicates'): number =>
    writes.reduce((n, w) => n + w[key], 0);
  const skipped = writes.reduce((n, w) => n + (w.skipped ?? 0), 0);
  return {
    sent: sum('sent'),
    acknowledged: sum('acknowledged'),
    lost: sum('lost'),
    rejected: sum('rejected'),
    unknown: sum('unknown'),
    unknownPresent: sum('unknownPresent'),
    duplicates: sum('duplicates'),
    ...(skipped ? { skipped } : {}),
    verified: writes.every((w) => w.verified),
  };
}

/**
 * Every repeat's requests together, like the merged .hgrm: component histograms added, each breakdown slice the
 * request-weighted mean of the repeats' slices (a component a repeat never reported counts 0 there).
 */
function mergeServerTiming(figures: readonly ServerTimingFigures[]): ServerTimingFigures {
  const components: ServerTimingFigures['components'] = {};
  const names = [...new Set(figures.flatMap((f) => Object.keys(f.components)))];
  for (const name of names) {
    const parts = figures.flatMap((f) => (f.components[name] ? [f.components[name]] : []));
    const encoded = parts.flatMap((p) => (p.histogram ? [p.histogram] : []));
    const count = parts.reduce((n, p) => n + p.count, 0);
    if (encoded.length === parts.length) {
      const total = new LatencyHistogram();
      for (const e of encoded) total.add(LatencyHistogram.decode(e));
      components[name] = { count, latencyMs: total.summaryMs(), histogram: total.encode() };
    } else {
      components[name] = { count, latencyMs: parts[0]!.latencyMs };
    }
  }
  const breakdowns = figures.flatMap((f) => (f.breakdown ? [f.breakdown] : []));
  const slice = (pick: (b: NonNullable<ServerTimingFigures['breakdown']>) => LatencyBreakdown): LatencyBreakdown => {
    const slices = breakdowns.map(pick);
    const requests = slices.reduce((n, s) => n + s.requests, 0);
    const mean = (value: (s: LatencyBreakdown) => number): number =>
      requests > 0 ? Math.round((slices.reduce((sum, s) => sum + value(s) * s.requests, 0) / requests) * 1000) / 1000 : 0;
    const keys = [...new Set(slices.flatMap((s) => Object.keys(s.componentsMs)))];
    return {
      totalMs: mean((s) => s.totalMs),
      requests,
      componentsMs: Object.fromEntries(keys.map((k) => [k, mean((s) => s.componentsMs[k] ?? 0)])),
    };
  };
  return {
    components,
    breakdown: breakdowns.length ? { median: slice((b) => b.median), slowest1pct: slice((b) => b.slowest1pct) } : null,
  };
}
