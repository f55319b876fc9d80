// Per-second view of a load run, for charts and "what happened when the fault hit" reports.
import type { ErrorClass, ErrorCounts } from '../results/run-result.ts';
import { LatencyHistogram } from './latency-histogram.ts';

export interface TimelineSecond {
  /** floor(sentAtMs / 1000): the second (since the load started) in which the requests were sent. */
  second: number;
  requests: number;
  errors: ErrorCounts;
  /** null when no request sent in that second has a latency (none completed, or only errors without one). */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Open model: requests due in this second (by intended time) that were never sent; absent when none. */
  dropped?: number;
}

export interface Timeline {
  record(sentAtMs: number, latencyUs: number | undefined, errorClass: ErrorClass | null): void;
  recordDropped(intendedAtMs: number): void;
  /** Every second from the first to the last one with a request; quiet seconds in between appear with 0 requests. */
  seconds(): TimelineSecond[];
}

interface Bucket {
  requests: number;
  errors: ErrorCounts;
  latency: LatencyHistogram | null;
  dropped: number;
}

/**
 * Samples are bucketed by send time, like phases, so a slow second shows its slowness where it started.
 * Latency here is raw (never corrected for coordinated omission: backfilled samples have no send time), and the
 * histograms keep 2 significant digits (1%): plenty for a chart, and ~10 KB a second instead of ~70 KB.
 */
export function createTimeline(): Timeline {
  const buckets = new Map<number, Bucket>();
  const bucketAt = (atMs: number): Bucket => {
    const second = Math.floor(atMs / 1000);
    let bucket = buckets.get(second);
    if (!bucket) {
      bucket = { requests: 0, errors: {}, latency: null, dropped: 0 };
      buckets.set(second, bucket);
    }
    return bucket;
  };

  return {
    recordDropped(intendedAtMs) {
      bucketAt(intendedAtMs).dropped++;
    },
    record(sentAtMs, latencyUs, errorClass) {
      const bucket = bucketAt(sentAtMs);
      bucket.requests++;
      if (errorClass) bucket.errors[errorClass] = (bucket.errors[errorClass] ?? 0) + 1;
      if (latencyUs !== undefined) {
        bucket.latency ??= new LatencyHistogram({ significantDigits: 2 });
        bucket.latency.recordUs(latencyUs);
      }
    },

    seconds() {
      if (buckets.size === 0) return [];
      const keys = [...buckets.keys()];
      const first = Math.min(...keys);
      const last = Math.max(...keys);
      const result: TimelineSecond[] = [];
      for (let second = first; second <= last; second++) {
        const bucket = buckets.get(second);
        const latency = bucket?.latency ?? null;
        result.push({
          second,
          requests: bucket?.requests ?? 0,
          errors: { ...bucket?.errors },
          p50Ms: latency ? latency.percentileMs(50) : null,
          p99Ms: latency ? latency.percentileMs(99) : null,
          ...(bucket?.dropped ? { dropped: bucket.dropped } : {}),
        });
      }
      return result;
    },
  };
}
