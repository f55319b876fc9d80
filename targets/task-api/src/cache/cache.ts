// One small interface for every caching strategy. A strategy owns the whole read path for a key
// (look-up, loading on a miss, storing), so request coalescing, XFetch early recomputation and
// stale-while-revalidate are each one file behind it, without touching routes.

// Adding a mode: append it here, write cache/<mode>.ts, and register it in cache/create-cache.ts.
export const CACHE_MODES = ['off', 'aside', 'coalesce', 'xfetch', 'swr'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

// HIT: served from the cache. MISS: the cache answered "absent" and the loader ran.
// BYPASS: the cache was off or failing, so the loader ran without it.
// STALE (swr): served an expired entry while a background refresh runs.
// REFRESH (xfetch): the entry was present but recomputed early by this request.
export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS' | 'STALE' | 'REFRESH';

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
  // A miss that waited on another request's load of the same key instead of loading itself.
  cacheCoalesce(): void;
  // An entry recomputed before it expired (xfetch) or refreshed in the background (swr).
  cacheEarlyRefresh(): void;
  // A read answered with a stale entry (swr).
  cacheStale(): void;
}

export function userTasksKey(userId: number): string {
  return `tasks:user:${userId}`;
}
