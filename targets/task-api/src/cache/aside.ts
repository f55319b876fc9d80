import type { Redis } from 'ioredis';
import type { CacheCounters, CacheRead, Loader, TaskCache } from './cache.ts';

export interface AsideCacheOptions {
  redis: Redis;
  ttlSec: number;
  counters: CacheCounters;
}

// Classic cache-aside: GET; on a miss load and SET with a TTL. A Redis error is counted and the
// request falls through to the loader, so a dead cache costs latency, never a 5xx.
export function createAsideCache(options: AsideCacheOptions): TaskCache {
  const { redis, ttlSec, counters } = options;
  return {
    mode: 'aside',
    async read(key: string, load: Loader): Promise<CacheRead> {
      const cacheStartMs = performance.now();
      let cached: string | null;
      try {
        cached = await redis.get(key);
      } catch {
        counters.cacheError();
        // The cache just failed; skip the SET too rather than wait on it a second time.
        const cacheMs = performance.now() - cacheStartMs;
        const loadStartMs = performance.now();
        const value = await load();
        return { value, outcome: 'BYPASS', cacheMs, loadMs: performance.now() - loadStartMs };
      }
      let cacheMs = performance.now() - cacheStartMs;
      if (cached !== null) {
        counters.cacheHit();
        return { value: cached, outcome: 'HIT', cacheMs, loadMs: undefined };
      }
      counters.cacheMiss();
      const loadStartMs = performance.now();
      const value = await load();
      const loadMs = performance.now() - loadStartMs;
      // Awaited so the next read of this key sees the value (deterministic MISS then HIT).
      const setStartMs = performance.now();
      try {
        await redis.set(key, value, 'EX', ttlSec);
      } catch {
        counters.cacheError();
      }
      cacheMs += performance.now() - setStartMs;
      return { value, outcome: 'MISS', cacheMs, loadMs };
    },
    async invalidate(key: string): Promise<void> {
      try {
        await redis.del(key);
      } catch {
        counters.cacheError();
      }
    },
  };
}
