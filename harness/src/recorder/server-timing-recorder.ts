// One phase's Server-Timing figures: a latency histogram per component (db, cache, queue, ...) and where the time
// of the median request and of the slowest 1% went. Pure: no clock, no I/O.
//
// The breakdown keeps no per-request data. Each response is counted in a coarse log-spaced bucket of its end-to-end
// latency (8 per doubling, ~9% wide, 64 us to 60 s: 160 buckets), which sums the end-to-end time and each
// component's time of the responses in it. A slice is a range of end-to-end ranks: the median is the 45th-55th
// percentile band, the slowest 1% the top max(1, n/100) ranks. Buckets the range cuts are taken in proportion
// (as if the requests in a bucket had the same mix), so `requests` is the slice's size, not a bucket's.
// Per slice: mean end-to-end ms, mean ms per component, and `other` = mean end-to-end - the sum of the component
// means, clamped at 0 (components that ran concurrently can add up to more than the request took).
//
// Which responses count: those that carried the header (an empty or unparseable one counts, with no component
// time). Responses without it (a balancer's own 503, transport errors) are in the phase's end-to-end histogram but
// not here. A component the service names `other` gets its histogram but is not subtracted: in the breakdown,
// `other` is always the remainder. Per response, repeated names are summed; at most MAX_COMPONENTS distinct names
// are tracked per phase, later ones are ignored (their time stays in `other`).
import type { LatencyBreakdown, ServerTimingFigures } from '../results/run-result.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { forEachServerTiming } from './server-timing-header.ts';

export const MAX_COMPONENTS = 16;
export const OTHER = 'other';

const BUCKETS_PER_DOUBLING = 8;
const FIRST_BUCKET_US = 64;
const LAST_BUCKET_US = 60_000_000;
const BUCKET_COUNT = 1 + Math.ceil(BUCKETS_PER_DOUBLING * Math.log2(LAST_BUCKET_US / FIRST_BUCKET_US));
const MEDIAN_BAND = [0.45, 0.55] as const;
const SLOWEST_SHARE = 0.01;

export interface ServerTimingRecorder {
  /** Records one response that carried a Server-Timing header: its end-to-end latency and the raw header value. */
  record(latencyUs: number, header: string): void;
  /** Responses recorded (the ones that carried the header). */
  readonly responses: number;
  /** Entries ignored because the phase already tracked MAX_COMPONENTS names. */
  readonly ignoredEntries: number;
  figures(): ServerTimingFigures;
}

interface Component {
  name: string;
  histogram: LatencyHistogram;
  /** Sum of this component's microseconds per end-to-end bucket. */
  sumUsByBucket: Float64Array;
}

export function createServerTimingRecorder(): ServerTimingRecorder {
  const components: Component[] = [];
  const indexOf = new Map<string, number>();
  const countByBucket = new Float64Array(BUCKET_COUNT);
  const totalUsByBucket = new Float64Array(BUCKET_COUNT);
  // This response's microseconds per component, and which components it touched (so they can be reset cheaply).
  const scratchUs = new Float64Array(MAX_COMPONENTS);
  const touched = new Int32Array(MAX_COMPONENTS);
  let touchedCount = 0;
  let responses = 0;
  let ignoredEntries = 0;

  // Allocated once: the header parser calls it per entry.
  const visit = (name: string, durMs: number): void => {
    let index = indexOf.get(name);
    if (index === undefined) {
      if (components.length >= MAX_COMPONENTS) {
        ignoredEntries++;
        return;
      }
      index = components.length;
      components.push({ name, histogram: new LatencyHistogram(), sumUsByBucket: new Float64Array(BUCKET_COUNT) });
      indexOf.set(name, index);
    }
    if (!isTouched(index)) touched[touchedCount++] = index;
    scratchUs[index] = scratchUs[index]! + durMs * 1000;
  };
  const isTouched = (index: number): boolean => {
    for (let j = 0; j < touchedCount; j++) if (touched[j] === index) return true;
    return false;
  };

  return {
    get responses() {
      return responses;
    },
    get ignoredEntries() {
      return ignoredEntries;
    },
    record(latencyUs, header) {
      if (Number.isNaN(latencyUs)) return;
      touchedCount = 0;
      forEachServerTiming(header, visit);
      const totalUs = Math.max(0, latencyUs);
      const bucket = bucketOf(totalUs);
      countByBucket[bucket]!++;
      totalUsByBucket[bucket]! += totalUs;
      for (let j = 0; j < touchedCount; j++) {
        const index = touched[j]!;
        const component = components[index]!;
        const us = scratchUs[index]!;
        component.histogram.recordUs(us);
        component.sumUsByBucket[bucket]! += us;
        scratchUs[index] = 0;
      }
      responses++;
    },
    figures() {
      const byName: ServerTimingFigures['components'] = {};
      for (const c of components) {
        byName[c.name] = { count: c.histogram.count, latencyMs: c.histogram.summaryMs(), histogram: c.histogram.encode() };
      }
      if (responses === 0) return { components: byName, breakdown: null };
      const n = responses;
      const half = Math.max(0.5, ((MEDIAN_BAND[1] - MEDIAN_BAND[0]) * n) / 2);
      const median = slice(Math.max(0, n / 2 - half), Math.min(n, n / 2 + half));
      const slowest1pct = slice(n - Math.min(n, Math.max(1, n * SLOWEST_SHARE)), n);
      return { components: byName, breakdown: { median, slowest1pct } };
    },
  };

  /** Means over the responses ranked [fromRank, toRank) by end-to-end latency (rank 0: the fastest). */
  function slice(fromRank: number, toRank: number): LatencyBreakdown {
    let weight = 0;
    let totalUs = 0;
    const componentUs = new Float64Array(components.length);
    let rank = 0;
    for (let b = 0; b < BUCKET_COUNT && rank < toRank; b++) {
      const count = countByBucket[b]!;
      if (count === 0) continue;
      const overlap = Math.min(rank + count, toRank) - Math.max(rank, fromRank);
      rank += count;
      if (overlap <= 0) continue;
      const share = overlap / count;
      weight += overlap;
      totalUs += share * totalUsByBucket[b]!;
      for (let k = 0; k < components.length; k++) componentUs[k]! += share * components[k]!.sumUsByBucket[b]!;
    }
    const meanMs = (us: number): number => (weight > 0 ? us / weight / 1000 : 0);
    const componentsMs: Record<string, number> = {};
    let namedMs = 0;
    components.forEach((c, k) => {
      if (c.name === OTHER) return;
      const ms = meanMs(componentUs[k]!);
      componentsMs[c.name] = round3(ms);
      namedMs += ms;
    });
    const total = meanMs(totalUs);
    componentsMs[OTHER] = round3(Math.max(0, total - namedMs));
    return { totalMs: round3(total), requests: Math.round(weight), componentsMs };
  }
}

/** Bucket 0 holds everything up to 64 us; bucket k >= 1 holds (64 us x 2^((k-1)/8), 64 us x 2^(k/8)]. */
export function bucketOf(latencyUs: number): number {
  if (!(latencyUs > FIRST_BUCKET_US)) return 0;
  const bucket = Math.ceil(BUCKETS_PER_DOUBLING * Math.log2(latencyUs / FIRST_BUCKET_US));
  return bucket >= BUCKET_COUNT ? BUCKET_COUNT - 1 : bucket;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
