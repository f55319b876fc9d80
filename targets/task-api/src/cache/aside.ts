import type { Redis } from 'ioredis';
import type { CacheCounters, CacheRead, Loader, TaskCache } from './cache.ts';
import { bypassRead, lookUp, redisStore, storeQuietly } from './store.ts';

export interface AsideCacheOptions {
  redis: Redis;
  ttlSec: number;
  counters: CacheCounters;
}

// Classic cache-aside: GET; on a miss load and SET with a TTL. A Redis error is counted and the
// request falls through to the loader, so a dead cache costs latency, never a 5xx.
export function createAsideCache(options: AsideCacheOptions): TaskCache {
  const { ttlSec, counters } = options;
  const store = redisStore(options.redis);
  return {
    mode: 'aside',
    async read(key: string, load: Loader): Promise<CacheRead> {
      const got = await lookUp(store, key, () => counters.cacheError());
      // The cache just failed; skip the SET too rather than wait on it a second time.
      if (got.failed) return bypassRead(got.cacheMs, load);
      let { cacheMs } = got;
      if (got.raw !== null) {
        counters.cacheHit();
        return { value: got.raw, outcome: 'HIT', cacheMs, loadMs: undefined };
      }
      counters.cacheMiss();
      const loadStartMs = performance.now();
      const value = await load();
      const loadMs = performance.now() - loadStartMs;
      // Awaited so the next read of this key sees the value (deterministic MISS then HIT).
      const setStartMs = performance.now();
      await storeQuietly(store, key, value, ttlSec * 1000, () => counters.cacheError());
      cacheMs += performance.now() - setStartMs;
      return { value, outcome: 'MISS', cacheMs, loadMs };
    },
    async invalidate(key: string): Promise<void> {
      try {
        await store.del(key);
      } catch {
        counters.cacheError();
      }
    },
  };
}
