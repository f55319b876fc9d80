import { describe, expect, it } from 'vitest';
import { countingCounters, fakeStore } from './fake-store.test-helper.ts';
import { createXfetchCache, decodeXfetchEntry, encodeXfetchEntry, shouldRecomputeEarly } from './xfetch.ts';

describe('shouldRecomputeEarly', () => {
  const expiry = 10_000;
  it('never recomputes early when rand() = 1 (ln 1 = 0) before expiry, always at or after it', () => {
    expect(shouldRecomputeEarly(9_999, 100, expiry, 1, () => 1)).toBe(false);
    expect(shouldRecomputeEarly(10_000, 100, expiry, 1, () => 1)).toBe(true);
  });

  it('recomputes when now + delta * beta * -ln(rand) reaches expiry', () => {
    // -ln(e^-1) = 1: head start = delta * beta = 100 ms.
    const r = () => Math.exp(-1);
    expect(shouldRecomputeEarly(9_899, 100, expiry, 1, r)).toBe(false);
    expect(shouldRecomputeEarly(9_901, 100, expiry, 1, r)).toBe(true);
    // beta 2 doubles the head start.
    expect(shouldRecomputeEarly(9_801, 100, expiry, 2, r)).toBe(true);
    expect(shouldRecomputeEarly(9_799, 100, expiry, 2, r)).toBe(false);
  });

  it('recomputes early with probability exp(-(expiry - now) / (delta * beta))', () => {
    let seed = 1;
    const random = () => {
      // Park-Miller LCG, deterministic; mapped to (0, 1].
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    let early = 0;
    const trials = 20_000;
    for (let i = 0; i < trials; i++) if (shouldRecomputeEarly(9_800, 100, expiry, 1, random)) early++;
    expect(early / trials).toBeCloseTo(Math.exp(-2), 2);
  });
});

describe('xfetch entries', () => {
  it('round-trips value, delta and expiry (values may contain colons)', () => {
    const raw = encodeXfetchEntry('[{"a":"b:c"}]', 12.3456, 1_700_000_000_000);
    expect(decodeXfetchEntry(raw)).toEqual({ value: '[{"a":"b:c"}]', deltaMs: 12.346, expiresAtMs: 1_700_000_000_000 });
  });

  it("treats another mode's plain JSON as a miss", () => {
    expect(decodeXfetchEntry('[{"id":1,"title":"x"}]')).toBeUndefined();
    expect(decodeXfetchEntry('[]')).toBeUndefined();
  });
});

describe('xfetch cache', () => {
  it('misses, hits, and recomputes early when the draw says so', async () => {
    const store = fakeStore();
    const counters = countingCounters();
    let now = 1_000_000;
    let draw = 1;
    let loads = 0;
    const cache = createXfetchCache({ store, ttlSec: 10, beta: 1, counters, nowMs: () => now, random: () => draw });
    // A 5 ms recomputation: delta is measured, so it must take some time.
    const load = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `[${++loads}]`;
    };
    expect((await cache.read('k', load)).outcome).toBe('MISS');
    expect(store.ttls).toEqual([10_000]);
    now += 9_000;
    expect(await cache.read('k', load)).toMatchObject({ outcome: 'HIT', value: '[1]' });
    expect(decodeXfetchEntry(store.data.get('k')!)?.deltaMs).toBeGreaterThanOrEqual(4);
    now += 950; // 50 ms before expiry
    draw = 1e-6; // head start = delta * beta * -ln(1e-6) >= 4 * 13.8 ms > 50 ms
    expect(await cache.read('k', load)).toMatchObject({ outcome: 'REFRESH', value: '[2]' });
    expect(counters.counts).toMatchObject({ miss: 1, hit: 1, early: 1 });
  });
});
