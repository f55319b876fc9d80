// A schedule as plain data (it crosses to a worker thread by structured clone), and the one place that turns a
// load plan's rate fields into it.
import { constantArrivalSchedule, rampingArrivalSchedule, type ArrivalSchedule, type RampStage } from './arrival-schedule.ts';
import { segmentSchedule, type ScheduleSegment } from './segment-schedule.ts';

export interface ScheduleSpec {
  /** Constant rate, or the starting rate of the ramp when `stages` is set. */
  ratePerSec?: number;
  stages?: readonly RampStage[];
  /** The run stops here even when the stages are longer. */
  durationMs: number;
  /** Only this execution segment's requests, at the whole plan's times (segmented generators). */
  segment?: ScheduleSegment;
}

export function buildSchedule(spec: ScheduleSpec): ArrivalSchedule {
  const whole = buildWholeSchedule(spec);
  return spec.segment ? segmentSchedule(whole, spec.segment) : whole;
}

function buildWholeSchedule(spec: ScheduleSpec): ArrivalSchedule {
  if (spec.stages && spec.stages.length > 0) {
    return truncateSchedule(rampingArrivalSchedule(spec.stages, spec.ratePerSec ?? 0), spec.durationMs);
  }
  if (spec.ratePerSec === undefined) throw new RangeError('an open-model schedule needs ratePerSec or stages');
  return constantArrivalSchedule(spec.ratePerSec, spec.durationMs);
}

/** The highest rate the schedule reaches, req/s (sizes buffers: keys kept ahead, queues). */
export function peakRatePerSec(spec: ScheduleSpec): number {
  return Math.max(spec.ratePerSec ?? 0, ...(spec.stages ?? []).map((s) => s.targetRatePerSec));
}

function truncateSchedule(schedule: ArrivalSchedule, durationMs: number): ArrivalSchedule {
  if (durationMs >= schedule.durationMs) return schedule;
  // The first n whose send time is at or past the end: binary search on a monotonic function.
  let lo = 0;
  let hi = schedule.totalRequests;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (schedule.sendTimeMs(mid) < durationMs) lo = mid + 1;
    else hi = mid;
  }
  const totalRequests = lo;
  return {
    totalRequests,
    durationMs,
    sendTimeMs: (n) => (n < totalRequests ? schedule.sendTimeMs(n) : Infinity),
  };
}
