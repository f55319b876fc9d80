import type { CacheCounters, CacheRead, Loader, TaskCache } from './cache.ts';
import { Singleflight } from './singleflight.ts';
import { bypassRead, lookUp, storeQuietly, type CacheStore } from './store.ts';

export interface CoalesceCacheOptions {
  store: CacheStore;
  ttlSec: number;
  counters: CacheCounters;
}

// Cache-aside plus per-instance request coalescing: concurrent misses for one key share a single load
// (and SET). N instances still make up to N loads per key; that bound is what this mode demonstrates.
export function createCoalesceCache(options: CoalesceCacheOptions): TaskCache {
  const { store, counters } = options;
  const ttlMs = options.ttlSec * 1000;
  const flights = new Singleflight<string>();
  const onShared = (): void => counters.cacheCoalesce();

  const loadAndStore = async (key: string, load: Loader): Promise<string> => {
    const value = await load();
    // Inside the flight, so callers arriving after it ends find the key in the cache.
    await storeQuietly(store, key, value, ttlMs, () => counters.cacheError());
    return value;
  };

  return {
    mode: 'coalesce',
    async read(key: string, load: Loader): Promise<CacheRead> {
      const got = await lookUp(store, key, () => counters.cacheError());
      // Redis is failing: still coalesce, which is exactly when the database needs it most.
      if (got.failed) return bypassRead(got.cacheMs, () => flights.run(key, load, onShared));
      const { raw: cached, cacheMs } = got;
      if (cached !== null) {
        counters.cacheHit();
        return { value: cached, outcome: 'HIT', cacheMs, loadMs: undefined };
      }
      counters.cacheMiss();
      const loadStartMs = performance.now();
      const value = await flights.run(key, () => loadAndStore(key, load), onShared);
      return { value, outcome: 'MISS', cacheMs, loadMs: performance.now() - loadStartMs };
    },
    async invalidate(key: string): Promise<void> {
      flights.forget(key);
      try {
        await store.del(key);
      } catch {
        counters.cacheError();
      }
    },
  };
}
