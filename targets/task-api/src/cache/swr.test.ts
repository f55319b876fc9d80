import { describe, expect, it } from 'vitest';
import { countingCounters, fakeStore, gatedLoader } from './fake-store.test-helper.ts';
import { createSwrCache, decodeSwrEntry, encodeSwrEntry } from './swr.ts';

describe('swr cache', () => {
  it('serves fresh, then stale with one background refresh, then fresh again', async () => {
    const store = fakeStore();
    const counters = countingCounters();
    let now = 1_000_000;
    const cache = createSwrCache({ store, ttlSec: 10, staleSec: 30, counters, nowMs: () => now });
    expect((await cache.read('k', async () => 'v1')).outcome).toBe('MISS');
    expect(store.ttls).toEqual([40_000]); // kept for ttl + stale
    expect(await cache.read('k', async () => 'unused')).toMatchObject({ outcome: 'HIT', value: 'v1' });

    now += 10_000;
    const refresh = gatedLoader('v2');
    const stale1 = await cache.read('k', refresh.load);
    const stale2 = await cache.read('k', refresh.load);
    expect([stale1.outcome, stale2.outcome]).toEqual(['STALE', 'STALE']);
    expect([stale1.value, stale2.value]).toEqual(['v1', 'v1']);
    expect(refresh.calls()).toBe(1);
    refresh.release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.read('k', refresh.load)).toMatchObject({ outcome: 'HIT', value: 'v2' });
    expect(counters.counts).toMatchObject({ miss: 1, hit: 2, stale: 2, early: 1 });
  });

  it('coalesces concurrent misses', async () => {
    const counters = countingCounters();
    const cache = createSwrCache({ store: fakeStore(), ttlSec: 10, staleSec: 0, counters });
    const loader = gatedLoader('v');
    const reads = [cache.read('k', loader.load), cache.read('k', loader.load)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    loader.release();
    await Promise.all(reads);
    expect(loader.calls()).toBe(1);
    expect(counters.counts.coalesced).toBe(1);
  });

  it('keeps serving stale when the refresh fails', async () => {
    let now = 0;
    const cache = createSwrCache({ store: fakeStore(), ttlSec: 1, staleSec: 60, counters: countingCounters(), nowMs: () => now });
    await cache.read('k', async () => 'v1');
    now = 2_000;
    const failing = async (): Promise<string> => {
      throw new Error('db down');
    };
    expect(await cache.read('k', failing)).toMatchObject({ outcome: 'STALE', value: 'v1' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.read('k', failing)).toMatchObject({ outcome: 'STALE', value: 'v1' });
  });

  it('entries round-trip and foreign JSON is a miss', () => {
    expect(decodeSwrEntry(encodeSwrEntry('[{"t":"a:b"}]', 42))).toEqual({ value: '[{"t":"a:b"}]', freshUntilMs: 42 });
    expect(decodeSwrEntry('[{"id":1}]')).toBeUndefined();
  });
});
