// Runs one execution segment of a plan in this process and writes its result file: the generator's side of a
// segmented run, the same on this host (a child of `bench load --generators`) and on any other (`bench segment`).
import { hostname } from 'node:os';
import type { Driver } from '../driver/driver.ts';
import { openLoopDriver } from '../driver/open-loop/open-loop-driver.ts';
import { buildSchedule } from '../driver/schedule/schedule-spec.ts';
import { runLoad } from '../load/load-run.ts';
import { formatSegment } from './execution-segment.ts';
import { resultFileName, writeJsonAtomically } from './segment-files.ts';
import { layoutOf, planId, type SegmentPlan } from './segment-plan.ts';
import { RESULT_FORMAT, type SegmentResult } from './segment-result.ts';

export interface RunSegmentOptions {
  plan: SegmentPlan;
  /** Position of the segment in plan.sequence. */
  index: number;
  /** The common start, ms since the epoch. */
  startAtEpochMs: number;
  outDir: string;
  driver?: Driver;
}

export async function runSegment(options: RunSegmentOptions, signal: AbortSignal): Promise<{ file: string; result: SegmentResult }> {
  const { plan, index } = options;
  const layout = layoutOf(plan);
  // Mapped once, onto this process's monotonic clock: a wall-clock step during the run then moves nothing.
  // Generators on one host read the same wall clock; on several hosts the start is as good as their clock sync.
  const startAtMonotonicMs = performance.now() + (options.startAtEpochMs - Date.now());
  const run = await runLoad(
    {
      url: plan.url,
      driver: options.driver ?? openLoopDriver,
      method: plan.method,
      headers: plan.headers,
      ...(plan.body !== undefined ? { body: plan.body } : {}),
      connections: layout.connections[index]!,
      ratePerSec: plan.ratePerSec,
      durationMs: plan.durationMs,
      timeoutMs: plan.timeoutMs,
      ...(plan.maxQueue !== undefined ? { maxQueue: plan.maxQueue } : {}),
      allowRemote: plan.allowRemote,
      segment: { striping: layout.striping, index },
      startAtMonotonicMs,
    },
    signal,
  );
  const s = run.summary;
  const result: SegmentResult = {
    format: RESULT_FORMAT,
    planId: planId(plan),
    plan,
    index,
    segment: formatSegment(layout.sequence.segments[index]!),
    startAtEpochMs: options.startAtEpochMs,
    host: hostname(),
    connections: layout.connections[index]!,
    scheduled: buildSchedule({ ratePerSec: plan.ratePerSec, durationMs: plan.durationMs, segment: { striping: layout.striping, index } })
      .totalRequests,
    requests: s.requests,
    dropped: s.dropped,
    errors: s.errors,
    unfinished: run.driverSummary.unfinished ?? 0,
    histogram: run.histogram.encode(),
    generator: { saturated: s.generatorSaturated, ...s.generator },
    interrupted: signal.aborted,
  };
  const file = await writeJsonAtomically(options.outDir, resultFileName(index, layout.sequence.segments.length), result);
  return { file, result };
}
