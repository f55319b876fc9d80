import type { CacheCounters, CacheRead, Loader, TaskCache } from './cache.ts';
import { bypassRead, lookUp, type CacheStore } from './store.ts';

export interface XfetchCacheOptions {
  store: CacheStore;
  ttlSec: number;
  beta: number;
  counters: CacheCounters;
  // Uniform in (0, 1]; injectable for tests.
  random?: () => number;
  nowMs?: () => number;
}

/**
 * XFetch (Vattani, Chierichetti, Lowenstein 2015, "Optimal Probabilistic Cache Stampede Prevention"):
 * recompute early when  now - delta * beta * ln(rand()) >= expiry,  where delta is how long the last
 * recomputation took. ln(rand()) <= 0, so the left side is "now plus a random head start" that grows with
 * delta and beta: slow-to-compute keys and larger beta refresh earlier; no coordination is needed.
 */
export function shouldRecomputeEarly(nowMs: number, deltaMs: number, expiresAtMs: number, beta: number, random: () => number): boolean {
  return nowMs - deltaMs * beta * Math.log(random()) >= expiresAtMs;
}

// Stored as "<deltaMs>:<expiresAtMs>:<value>" so one GET returns all three.
export function encodeXfetchEntry(value: string, deltaMs: number, expiresAtMs: number): string {
  return `${Math.round(deltaMs * 1000) / 1000}:${expiresAtMs}:${value}`;
}

export function decodeXfetchEntry(raw: string): { value: string; deltaMs: number; expiresAtMs: number } | undefined {
  const first = raw.indexOf(':');
  const second = raw.indexOf(':', first + 1);
  if (first <= 0 || second <= first + 1) return undefined;
  const deltaMs = Number(raw.slice(0, first));
  const expiresAtMs = Number(raw.slice(first + 1, second));
  // An entry written by another mode (plain JSON) does not parse: treated as a miss.
  if (!Number.isFinite(deltaMs) || !Number.isFinite(expiresAtMs)) return undefined;
  return { value: raw.slice(second + 1), deltaMs, expiresAtMs };
}

export function createXfetchCache(options: XfetchCacheOptions): TaskCache {
  const { store, beta, counters } = options;
  const ttlMs = options.ttlSec * 1000;
  const random = options.random ?? ((): number => 1 - Math.random());
  const nowMs = options.nowMs ?? Date.now;

  // Returns the load time; the SET is awaited so the next read sees the new entry.
  const recompute = async (key: string, load: Loader): Promise<{ value: string; loadMs: number; setMs: number }> => {
    const loadStartMs = performance.now();
    const value = await load();
    const loadMs = performance.now() - loadStartMs;
    const setStartMs = performance.now();
    try {
      // Expiry is wall-clock, since every instance reads the same entry.
      await store.set(key, encodeXfetchEntry(value, loadMs, nowMs() + ttlMs), ttlMs);
    } catch {
      counters.cacheError();
    }
    return { value, loadMs, setMs: performance.now() - setStartMs };
  };

  return {
    mode: 'xfetch',
    async read(key: string, load: Loader): Promise<CacheRead> {
      const got = await lookUp(store, key, () => counters.cacheError());
      if (got.failed) return bypassRead(got.cacheMs, load);
      const { raw, cacheMs } = got;
      const entry = raw === null ? undefined : decodeXfetchEntry(raw);
      if (entry !== undefined && !shouldRecomputeEarly(nowMs(), entry.deltaMs, entry.expiresAtMs, beta, random)) {
        counters.cacheHit();
        return { value: entry.value, outcome: 'HIT', cacheMs, loadMs: undefined };
      }
      if (entry === undefined) counters.cacheMiss();
      else counters.cacheEarlyRefresh();
      const result = await recompute(key, load);
      return {
        value: result.value,
        outcome: entry === undefined ? 'MISS' : 'REFRESH',
        cacheMs: cacheMs + result.setMs,
        loadMs: result.loadMs,
      };
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
