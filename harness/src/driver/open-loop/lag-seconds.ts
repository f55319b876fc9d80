// Per-second scheduler lag (release time minus intended send time), kept in fixed buckets so recording is one
// increment: 0.1 ms steps up to 10 ms, 1 ms steps up to 1 s, then one overflow bucket. p99 is read as the
// bucket's upper edge, so it errs on the late side.
import type { SchedulerSecond } from '../driver.ts';

const FINE_BUCKETS = 100; // [0, 10) ms by 0.1 ms
const COARSE_BUCKETS = 990; // [10, 1000) ms by 1 ms
const BUCKETS = FINE_BUCKETS + COARSE_BUCKETS + 1;

interface Second {
  counts: Uint32Array;
  released: number;
  maxMs: number;
}

export interface LagSeconds {
  record(intendedAtMs: number, lagMs: number): void;
  /** Seconds that ended before `beforeMs` (all seconds when omitted), oldest first; each is returned once. */
  flush(beforeMs?: number): SchedulerSecond[];
}

export function createLagSeconds(): LagSeconds {
  const seconds = new Map<number, Second>();
  return {
    record(intendedAtMs, lagMs) {
      const key = Math.floor(intendedAtMs / 1000);
      let s = seconds.get(key);
      if (!s) {
        s = { counts: new Uint32Array(BUCKETS), released: 0, maxMs: 0 };
        seconds.set(key, s);
      }
      const lag = Math.max(lagMs, 0);
      s.counts[bucketOf(lag)]!++;
      s.released++;
      if (lag > s.maxMs) s.maxMs = lag;
    },
    flush(beforeMs) {
      const limit = beforeMs === undefined ? Infinity : Math.floor(beforeMs / 1000);
      const out: SchedulerSecond[] = [];
      for (const key of [...seconds.keys()].sort((a, b) => a - b)) {
        if (key >= limit) break;
        const s = seconds.get(key)!;
        seconds.delete(key);
        out.push({ second: key, released: s.released, lagP99Ms: p99(s), lagMaxMs: round3(s.maxMs) });
      }
      return out;
    },
  };
}

function bucketOf(lagMs: number): number {
  if (lagMs < 10) return Math.floor(lagMs * 10);
  if (lagMs < 1000) return FINE_BUCKETS + Math.floor(lagMs - 10);
  return BUCKETS - 1;
}

function upperEdgeMs(bucket: number): number {
  if (bucket < FINE_BUCKETS) return (bucket + 1) / 10;
  if (bucket < BUCKETS - 1) return 10 + (bucket - FINE_BUCKETS + 1);
  return Infinity;
}

function p99(s: Second): number {
  const rank = Math.ceil(s.released * 0.99);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += s.counts[i]!;
    if (seen >= rank) return round3(Math.min(upperEdgeMs(i), s.maxMs));
  }
  return round3(s.maxMs);
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
