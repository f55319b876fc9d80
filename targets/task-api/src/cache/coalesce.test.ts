import { describe, expect, it } from 'vitest';
import { createCoalesceCache } from './coalesce.ts';
import { countingCounters, fakeStore, gatedLoader } from './fake-store.test-helper.ts';
import { Singleflight } from './singleflight.ts';

describe('Singleflight', () => {
  it('shares one run between concurrent callers of a key, and forgets it when done', async () => {
    const flights = new Singleflight<string>();
    const loader = gatedLoader('v');
    let shared = 0;
    const a = flights.run('k', loader.load, () => shared++);
    const b = flights.run('k', loader.load, () => shared++);
    const other = flights.run('other', loader.load);
    loader.release();
    expect(await Promise.all([a, b, other])).toEqual(['v', 'v', 'v']);
    expect(loader.calls()).toBe(2);
    expect(shared).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('passes a failure to every waiter, and the next call runs again', async () => {
    const flights = new Singleflight<string>();
    let calls = 0;
    const boom = async () => {
      calls++;
      throw new Error('db down');
    };
    const results = await Promise.allSettled([flights.run('k', boom), flights.run('k', boom)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await flights.run('k', boom).catch(() => {});
    expect(calls).toBe(2);
  });
});

describe('coalesce cache', () => {
  it('two concurrent misses of one key make one loader call and one SET', async () => {
    const store = fakeStore();
    const counters = countingCounters();
    const cache = createCoalesceCache({ store, ttlSec: 60, counters });
    const loader = gatedLoader('[1]');
    const a = cache.read('k', loader.load);
    const b = cache.read('k', loader.load);
    // Let both GETs complete before the load finishes.
    await new Promise((resolve) => setTimeout(resolve, 5));
    loader.release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(loader.calls()).toBe(1);
    expect([ra.value, rb.value]).toEqual(['[1]', '[1]']);
    expect([ra.outcome, rb.outcome]).toEqual(['MISS', 'MISS']);
    expect(counters.counts).toMatchObject({ miss: 2, coalesced: 1, hit: 0 });
    expect(store.ttls).toEqual([60_000]);
    // And the next read is a hit.
    expect((await cache.read('k', loader.load)).outcome).toBe('HIT');
    expect(loader.calls()).toBe(1);
  });

  it('coalesces loads while Redis fails (BYPASS)', async () => {
    const store = fakeStore();
    store.fail = true;
    const counters = countingCounters();
    const cache = createCoalesceCache({ store, ttlSec: 60, counters });
    const loader = gatedLoader('[2]');
    const reads = [cache.read('k', loader.load), cache.read('k', loader.load), cache.read('k', loader.load)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    loader.release();
    expect((await Promise.all(reads)).map((r) => r.outcome)).toEqual(['BYPASS', 'BYPASS', 'BYPASS']);
    expect(loader.calls()).toBe(1);
    expect(counters.counts).toMatchObject({ error: 3, coalesced: 2 });
  });

  it('invalidate deletes the key and detaches an in-flight load', async () => {
    const store = fakeStore();
    const cache = createCoalesceCache({ store, ttlSec: 60, counters: countingCounters() });
    const before = gatedLoader('old');
    const first = cache.read('k', before.load);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.invalidate('k');
    const after = gatedLoader('new');
    const second = cache.read('k', after.load);
    await new Promise((resolve) => setTimeout(resolve, 5));
    after.release();
    before.release();
    expect((await second).value).toBe('new');
    expect((await first).value).toBe('old');
    expect(after.calls()).toBe(1);
  });
});
