import type { CacheRead, Loader, TaskCache } from './cache.ts';

// No cache: every read goes to the loader. The baseline variant for cache experiments.
export function createOffCache(): TaskCache {
  return {
    mode: 'off',
    async read(_key: string, load: Loader): Promise<CacheRead> {
      const startMs = performance.now();
      const value = await load();
      return { value, outcome: 'BYPASS', cacheMs: undefined, loadMs: performance.now() - startMs };
    },
    async invalidate(): Promise<void> {},
  };
}
