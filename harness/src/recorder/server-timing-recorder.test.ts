import { describe, expect, it } from 'vitest';
import { bucketOf, createServerTimingRecorder, MAX_COMPONENTS } from './server-timing-recorder.ts';

describe('createServerTimingRecorder', () => {
  it('median request is cache time, the slowest 1% database time, and other is the rest', () => {
    const recorder = createServerTimingRecorder();
    // 990 cache hits: 5 ms end to end, 1 ms in the cache. 10 misses: 200 ms, 1 ms cache + 150 ms db.
    for (let i = 0; i < 990; i++) recorder.record(5_000, 'cache;dur=1');
    for (let i = 0; i < 10; i++) recorder.record(200_000, 'cache;dur=1, db;dur=150');
    const { components, breakdown } = recorder.figures();
    expect(breakdown).not.toBeNull();
    expect(breakdown!.median).toEqual({ totalMs: 5, requests: 100, componentsMs: { cache: 1, db: 0, other: 4 } });
    expect(breakdown!.slowest1pct).toEqual({ totalMs: 200, requests: 10, componentsMs: { cache: 1, db: 150, other: 49 } });
    expect(components.cache!.count).toBe(1000);
    expect(components.db!.count).toBe(10);
    expect(components.db!.latencyMs.p50).toBeCloseTo(150, 0);
    expect(typeof components.db!.histogram).toBe('string');
  });

  it('takes a bucket the slice cuts in proportion: the slowest 1% is 1% of the requests', () => {
    const recorder = createServerTimingRecorder();
    // 2000 requests; the slowest 20 are 15 at 100 ms (db 90) and 5 of the 10 at 50 ms (db 40).
    for (let i = 0; i < 1975; i++) recorder.record(10_000, 'db;dur=2');
    for (let i = 0; i < 10; i++) recorder.record(50_000, 'db;dur=40');
    for (let i = 0; i < 15; i++) recorder.record(100_000, 'db;dur=90');
    const slow = recorder.figures().breakdown!.slowest1pct;
    expect(slow.requests).toBe(20);
    expect(slow.totalMs).toBeCloseTo((15 * 100 + 5 * 50) / 20, 6);
    expect(slow.componentsMs.db).toBeCloseTo((15 * 90 + 5 * 40) / 20, 6);
    expect(slow.componentsMs.other).toBeCloseTo(slow.totalMs - slow.componentsMs.db!, 2);
  });

  it('sums repeated names per response and clamps other at 0 when components overlap', () => {
    const recorder = createServerTimingRecorder();
    recorder.record(10_000, 'db;dur=4, db;dur=5, cache;dur=3');
    const { components, breakdown } = recorder.figures();
    expect(components.db!.count).toBe(1);
    expect(components.db!.latencyMs.p50).toBeCloseTo(9, 1); // HDR: the highest value equivalent to 9 ms
    expect(breakdown!.median.componentsMs).toEqual({ db: 9, cache: 3, other: 0 });

    const overlapping = createServerTimingRecorder();
    overlapping.record(10_000, 'db;dur=8, cache;dur=8');
    expect(overlapping.figures().breakdown!.median.componentsMs.other).toBe(0);
  });

  it('counts a header with no usable entry as all other; a service-sent "other" is not subtracted', () => {
    const recorder = createServerTimingRecorder();
    recorder.record(3_000, 'garbage;;');
    recorder.record(3_000, 'other;dur=2');
    const { components, breakdown } = recorder.figures();
    expect(recorder.responses).toBe(2);
    expect(components.other!.count).toBe(1);
    expect(breakdown!.median).toEqual({ totalMs: 3, requests: 1, componentsMs: { other: 3 } });
  });

  it('gives null breakdown and no components before any header, and ignores names past the cap', () => {
    expect(createServerTimingRecorder().figures()).toEqual({ components: {}, breakdown: null });
    const recorder = createServerTimingRecorder();
    const names = Array.from({ length: MAX_COMPONENTS + 3 }, (_, i) => `c${i};dur=1`).join(', ');
    recorder.record(50_000, names);
    recorder.record(Number.NaN, 'db;dur=1');
    expect(Object.keys(recorder.figures().components)).toHaveLength(MAX_COMPONENTS);
    expect(recorder.ignoredEntries).toBe(3);
    expect(recorder.responses).toBe(1);
    expect(recorder.figures().breakdown!.median.componentsMs.other).toBe(50 - MAX_COMPONENTS);
  });

  it('buckets are log-spaced: ~9% wide, monotonic, clamped at both ends', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(64)).toBe(0);
    expect(bucketOf(65)).toBe(1);
    expect(bucketOf(128)).toBe(8);
    expect(bucketOf(129)).toBe(9);
    expect(bucketOf(120_000_000)).toBe(bucketOf(60_000_000));
    let previous = -1;
    for (let us = 1; us < 70_000_000; us *= 1.03) {
      expect(bucketOf(us)).toBeGreaterThanOrEqual(previous);
      previous = bucketOf(us);
    }
  });
});
