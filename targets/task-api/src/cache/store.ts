import type { Redis } from 'ioredis';

// The few key-value operations the newer strategies need; tests use an in-memory fake.
export interface CacheStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export function redisStore(redis: Redis): CacheStore {
  return {
    get: (key) => redis.get(key),
    set: (key, value, ttlMs) => redis.set(key, value, 'PX', ttlMs),
    del: (key) => redis.del(key),
  };
}

export interface LookUp {
  raw: string | null;
  cacheMs: number;
  /** Redis failed (already counted): the caller loads without the cache. */
  failed: boolean;
}

/** The look-up every strategy starts with, timed; a failing cache is counted, never thrown. */
export async function lookUp(store: CacheStore, key: string, onError: () => void): Promise<LookUp> {
  const startMs = performance.now();
  try {
    const raw = await store.get(key);
    return { raw, cacheMs: performance.now() - startMs, failed: false };
  } catch {
    onError();
    return { raw: null, cacheMs: performance.now() - startMs, failed: true };
  }
}

/** Loads with the cache out of the way (it is failing): a BYPASS read, timed. */
export async function bypassRead(
  cacheMs: number,
  load: () => Promise<string>,
): Promise<{ value: string; outcome: 'BYPASS'; cacheMs: number; loadMs: number }> {
  const loadStartMs = performance.now();
  const value = await load();
  return { value, outcome: 'BYPASS', cacheMs, loadMs: performance.now() - loadStartMs };
}

/** Stores a loaded value; a failing cache is counted, never thrown: the value is served either way. */
export async function storeQuietly(store: CacheStore, key: string, value: string, ttlMs: number, onError: () => void): Promise<void> {
  try {
    await store.set(key, value, ttlMs);
  } catch {
    onError();
  }
}
