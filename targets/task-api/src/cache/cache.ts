// One small interface for every caching strategy. A strategy owns the whole read path for a key
// (look-up, loading on a miss, storing), so request coalescing, XFetch early recomputation or
// stale-while-revalidate can each be added later as one file behind it, without touching routes.

// Adding a mode: append it here, write cache/<mode>.ts, and register it in cache/create-cache.ts.
export const CACHE_MODES = ['off', 'aside'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

// HIT: served from the cache. MISS: the cache answered "absent" and the loader ran.
// BYPASS: the cache was off or failing, so the loader ran without it.
export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS';

export interface CacheRead {
  value: string;
  outcome: CacheOutcome;
  // Time spent talking to the cache, undefined when it was not consulted.
  cacheMs: number | undefined;
  // Time spent in the loader (the database), undefined when it did not run.
  loadMs: number | undefined;
}

// Values are opaque strings (already-serialised JSON) so a hit costs no parse or stringify.
export type Loader = () => Promise<string>;

export interface TaskCache {
  readonly mode: CacheMode;
  read(key: string, load: Loader): Promise<CacheRead>;
  // Never rejects: a failing cache is counted, not surfaced to the client.
  invalidate(key: string): Promise<void>;
}

// Counters a strategy reports into; kept narrow so strategies do not depend on the metrics module.
export interface CacheCounters {
  cacheHit(): void;
  cacheMiss(): void;
  cacheError(): void;
}

export function userTasksKey(userId: number): string {
  return `tasks:user:${userId}`;
}
