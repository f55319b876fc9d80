// Merges the segments of one plan into the figures one generator would have reported: counts, errors by class and
// drops add; the latency histograms add bucket by bucket (HDR histograms of the same layout merge exactly), and the
// percentiles are read from the sum, never averaged. Pure: the caller reads the files.
import { badInput, type Issue } from '../errors/bench-error.ts';
import { LatencyHistogram } from '../recorder/latency-histogram.ts';
import type { ErrorCounts, FailureClass } from '../results/run-result.ts';
import { percentilesMs, type LoadSummary } from '../load/load-summary.ts';
import { parseSequence } from './execution-segment.ts';
import type { SegmentResult } from './segment-result.ts';

export interface GeneratorLine {
  segment: string;
  host: string;
  connections: number;
  scheduled: number;
  requests: number;
  dropped: number;
  saturated: boolean;
  interrupted: boolean;
}

export interface MergedLoad {
  summary: LoadSummary;
  histogram: LatencyHistogram;
  generators: GeneratorLine[];
  planId: string;
  /** Requests the whole plan held (the segments' schedules together). */
  scheduled: number;
  /** Scheduled requests that ended in no count (unfinished when a generator was stopped): 0 in a complete run. */
  requestsShort: number;
}

export interface NamedResult {
  file: string;
  result: SegmentResult;
}

export function mergeSegments(results: readonly NamedResult[]): MergedLoad {
  if (results.length === 0)
    throw badInput('no segment results to merge', 'Give the directories (or files) that `bench segment --out` wrote.');
  checkComplete(results);
  const byIndex = [...results].sort((a, b) => a.result.index - b.result.index).map((r) => r.result);
  const { plan, planId } = byIndex[0]!;
  const histogram = new LatencyHistogram();
  const errors: ErrorCounts = {};
  let requests = 0;
  let dropped = 0;
  for (const r of byIndex) {
    histogram.add(LatencyHistogram.decode(r.histogram));
    requests += r.requests;
    dropped += r.dropped;
    for (const [cls, n] of Object.entries(r.errors) as Array<[FailureClass, number]>) errors[cls] = (errors[cls] ?? 0) + n;
  }
  const errorCount = Object.values(errors).reduce((sum, n) => sum + n, 0);
  const due = requests + dropped;
  const saturated = byIndex.filter((r) => r.generator.saturated);
  const summary: LoadSummary = {
    driver: plan.driver,
    url: plan.url,
    connections: plan.connections,
    targetRatePerSec: plan.ratePerSec,
    durationMs: plan.durationMs,
    requests,
    rps: Math.round((requests / (plan.durationMs / 1000)) * 1000) / 1000,
    dropped,
    errorRate: due > 0 ? Math.round((errorCount / due) * 1e6) / 1e6 : 0,
    errors,
    latencyMs: percentilesMs(histogram),
    generatorSaturated: saturated.length > 0,
    generator: {
      seconds: Math.max(...byIndex.map((r) => r.generator.seconds)),
      saturatedSeconds: Math.max(...byIndex.map((r) => r.generator.saturatedSeconds)),
      reasons: saturated.flatMap((r) => r.generator.reasons.map((reason) => `segment ${r.segment}: ${reason}`)),
    },
  };
  const scheduled = byIndex.reduce((sum, r) => sum + r.scheduled, 0);
  return {
    summary,
    histogram,
    planId,
    scheduled,
    requestsShort: Math.max(0, scheduled - requests - dropped),
    generators: byIndex.map((r) => ({
      segment: r.segment,
      host: r.host,
      connections: r.connections,
      scheduled: r.scheduled,
      requests: r.requests,
      dropped: r.dropped,
      saturated: r.generator.saturated,
      interrupted: r.interrupted,
    })),
  };
}

/** One plan, every segment of its sequence exactly once: otherwise the sum is not the plan's figures. */
function checkComplete(results: readonly NamedResult[]): void {
  const issues: Issue[] = [];
  const first = results[0]!;
  const n = parseSequence(first.result.plan.sequence).segments.length;
  const seen = new Map<number, string>();
  for (const { file, result } of results) {
    if (result.planId !== first.result.planId) {
      issues.push({
        file,
        path: 'planId',
        message: `is ${result.planId}, but ${first.file} has ${first.result.planId}`,
        hint: 'Merge only the segments of one plan (one run).',
      });
      continue;
    }
    const other = seen.get(result.index);
    if (other !== undefined) {
      issues.push({
        file,
        path: 'segment',
        message: `${result.segment} is also in ${other}`,
        hint: 'Give each segment once (one output directory per generator, or one run).',
      });
    }
    seen.set(result.index, file);
  }
  const missing = parseSequence(first.result.plan.sequence).segments.flatMap((_, i) => (seen.has(i) ? [] : [i]));
  if (missing.length > 0 && issues.length === 0) {
    const seq = first.result.plan.sequence;
    issues.push({
      path: 'segments',
      message: `${missing.length} of ${n} segments of ${seq} have no result (positions ${missing.map((i) => i + 1).join(', ')})`,
      hint: 'Run the missing segments (`bench segment --plan ... --segment ...`) or give their output directories too.',
    });
  }
  if (issues.length > 0)
    throw badInput(
      issues.length === 1 ? issues[0]!.message : `${issues.length} problems with the segment results`,
      issues.length === 1 ? issues[0]!.hint : undefined,
      issues.length === 1 ? undefined : issues,
    );
}
