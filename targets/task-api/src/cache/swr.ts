import type { CacheCounters, CacheRead, Loader, TaskCache } from './cache.ts';
import { Singleflight } from './singleflight.ts';
import { bypassRead, lookUp, storeQuietly, type CacheStore } from './store.ts';

export interface SwrCacheOptions {
  store: CacheStore;
  // Fresh for ttlSec; then served stale for up to staleSec more while it is refreshed.
  ttlSec: number;
  staleSec: number;
  counters: CacheCounters;
  nowMs?: () => number;
}

// Stored as "<freshUntilMs>:<value>"; Redis keeps it for ttl + stale, so "absent" means older than that.
export function encodeSwrEntry(value: string, freshUntilMs: number): string {
  return `${freshUntilMs}:${value}`;
}

export function decodeSwrEntry(raw: string): { value: string; freshUntilMs: number } | undefined {
  const sep = raw.indexOf(':');
  if (sep <= 0) return undefined;
  const freshUntilMs = Number(raw.slice(0, sep));
  if (!Number.isFinite(freshUntilMs)) return undefined;
  return { value: raw.slice(sep + 1), freshUntilMs };
}

// Stale-while-revalidate (RFC 5861's idea, applied to the shared cache): after the soft TTL a read gets
// the stale value at cache latency while one background refresh per key and instance reloads it.
// Misses (nothing cached, or older than ttl + stale) load synchronously, coalesced per key.
export function createSwrCache(options: SwrCacheOptions): TaskCache {
  const { store, counters } = options;
  const ttlMs = options.ttlSec * 1000;
  const keepMs = (options.ttlSec + options.staleSec) * 1000;
  const nowMs = options.nowMs ?? Date.now;
  const flights = new Singleflight<string>();
  const onShared = (): void => counters.cacheCoalesce();
  const ignore = (): void => {};

  const loadAndStore = async (key: string, load: Loader): Promise<string> => {
    const value = await load();
    await storeQuietly(store, key, encodeSwrEntry(value, nowMs() + ttlMs), keepMs, () => counters.cacheError());
    return value;
  };

  return {
    mode: 'swr',
    async read(key: string, load: Loader): Promise<CacheRead> {
      const got = await lookUp(store, key, () => counters.cacheError());
      if (got.failed) return bypassRead(got.cacheMs, () => flights.run(key, load, onShared));
      const { raw, cacheMs } = got;
      const entry = raw === null ? undefined : decodeSwrEntry(raw);
      if (entry === undefined) {
        counters.cacheMiss();
        const loadStartMs = performance.now();
        const value = await flights.run(key, () => loadAndStore(key, load), onShared);
        return { value, outcome: 'MISS', cacheMs, loadMs: performance.now() - loadStartMs };
      }
      if (nowMs() < entry.freshUntilMs) {
        counters.cacheHit();
        return { value: entry.value, outcome: 'HIT', cacheMs, loadMs: undefined };
      }
      counters.cacheStale();
      if (!flights.has(key)) {
        counters.cacheEarlyRefresh();
        // Failures are counted by the database layer; the next stale read simply tries again.
        flights.run(key, () => loadAndStore(key, load)).catch(ignore);
      }
      return { value: entry.value, outcome: 'STALE', cacheMs, loadMs: undefined };
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
