// One execution segment's part of a schedule: its k-th request is the whole plan's request globalIndexOf(k), due at
// that request's GLOBAL intended time. Generators that share a start time therefore send, together, exactly the
// single-process schedule, and each request's latency still counts from the time the whole plan meant it to leave.
import { globalIndexOf, shareOf, type Striping } from '../../segment/execution-segment.ts';
import type { ArrivalSchedule } from './arrival-schedule.ts';

export interface ScheduleSegment {
  striping: Striping;
  /** Position of this generator's segment in the sequence. */
  index: number;
}

export function segmentSchedule(whole: ArrivalSchedule, segment: ScheduleSegment): ArrivalSchedule {
  const { striping, index } = segment;
  const totalRequests = shareOf(striping, index, whole.totalRequests);
  return {
    totalRequests,
    durationMs: whole.durationMs,
    sendTimeMs: (k) => (k < totalRequests ? whole.sendTimeMs(globalIndexOf(striping, index, k)) : Infinity),
  };
}
