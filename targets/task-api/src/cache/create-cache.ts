import type { Redis } from 'ioredis';
import type { CacheCounters, CacheMode, TaskCache } from './cache.ts';
import { createAsideCache } from './aside.ts';
import { createOffCache } from './off.ts';

export interface CacheDeps {
  redis: Redis | undefined;
  ttlSec: number;
  counters: CacheCounters;
}

// A plain map from mode to factory; a new strategy adds one line here.
const factories: Record<CacheMode, (deps: CacheDeps) => TaskCache> = {
  off: () => createOffCache(),
  aside: (deps) => createAsideCache({ redis: requireRedis(deps, 'aside'), ttlSec: deps.ttlSec, counters: deps.counters }),
};

export function createCache(mode: CacheMode, deps: CacheDeps): TaskCache {
  return factories[mode](deps);
}

function requireRedis(deps: CacheDeps, mode: CacheMode): Redis {
  if (deps.redis === undefined) throw new Error(`CACHE_MODE=${mode} needs a Redis client (set REDIS_URL)`);
  return deps.redis;
}
