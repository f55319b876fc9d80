import type { Redis } from 'ioredis';
import type { CacheCounters, CacheMode, TaskCache } from './cache.ts';
import { createAsideCache } from './aside.ts';
import { createCoalesceCache } from './coalesce.ts';
import { createOffCache } from './off.ts';
import { redisStore } from './store.ts';
import { createSwrCache } from './swr.ts';
import { createXfetchCache } from './xfetch.ts';

export interface CacheDeps {
  redis: Redis | undefined;
  ttlSec: number;
  staleSec: number;
  xfetchBeta: number;
  counters: CacheCounters;
}

// A plain map from mode to factory; a new strategy adds one line here.
const factories: Record<CacheMode, (deps: CacheDeps) => TaskCache> = {
  off: () => createOffCache(),
  aside: (deps) => createAsideCache({ redis: requireRedis(deps, 'aside'), ttlSec: deps.ttlSec, counters: deps.counters }),
  coalesce: (deps) =>
    createCoalesceCache({ store: redisStore(requireRedis(deps, 'coalesce')), ttlSec: deps.ttlSec, counters: deps.counters }),
  xfetch: (deps) =>
    createXfetchCache({
      store: redisStore(requireRedis(deps, 'xfetch')),
      ttlSec: deps.ttlSec,
      beta: deps.xfetchBeta,
      counters: deps.counters,
    }),
  swr: (deps) =>
    createSwrCache({ store: redisStore(requireRedis(deps, 'swr')), ttlSec: deps.ttlSec, staleSec: deps.staleSec, counters: deps.counters }),
};

export function createCache(mode: CacheMode, deps: CacheDeps): TaskCache {
  return factories[mode](deps);
}

function requireRedis(deps: CacheDeps, mode: CacheMode): Redis {
  if (deps.redis === undefined) throw new Error(`CACHE_MODE=${mode} needs a Redis client (set REDIS_URL)`);
  return deps.redis;
}
