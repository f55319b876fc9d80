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
