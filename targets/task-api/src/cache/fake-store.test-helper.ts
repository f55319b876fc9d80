import type { CacheCounters } from './cache.ts';
import type { CacheStore } from './store.ts';

// In-memory CacheStore for strategy tests; `ttls` records the TTL of each SET.
export function fakeStore(): CacheStore & { data: Map<string, string>; ttls: number[]; fail: boolean } {
  const data = new Map<string, string>();
  const store = {
    data,
    ttls: [] as number[],
    fail: false,
    async get(key: string) {
      if (store.fail) throw new Error('redis down');
      return data.get(key) ?? null;
    },
    async set(key: string, value: string, ttlMs: number) {
      if (store.fail) throw new Error('redis down');
      store.ttls.push(ttlMs);
      data.set(key, value);
      return 'OK';
    },
    async del(key: string) {
      if (store.fail) throw new Error('redis down');
      return data.delete(key) ? 1 : 0;
    },
  };
  return store;
}

export function countingCounters(): CacheCounters & { counts: Record<string, number> } {
  const counts: Record<string, number> = { hit: 0, miss: 0, error: 0, coalesced: 0, early: 0, stale: 0 };
  return {
    counts,
    cacheHit: () => counts.hit!++,
    cacheMiss: () => counts.miss!++,
    cacheError: () => counts.error!++,
    cacheCoalesce: () => counts.coalesced!++,
    cacheEarlyRefresh: () => counts.early!++,
    cacheStale: () => counts.stale!++,
  };
}

/** A loader whose calls are counted and which resolves only when released. */
export function gatedLoader(value: string) {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    load: async () => {
      calls++;
      await gate;
      return value;
    },
    release: () => release(),
    calls: () => calls,
  };
}
