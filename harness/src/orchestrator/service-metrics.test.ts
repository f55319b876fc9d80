import { describe, expect, it } from 'vitest';
import { serverFigures } from './service-metrics.ts';

describe('serverFigures', () => {
  const snap = (dbQueries: number, cacheHits: number, cacheMisses: number) => ({ dbQueries, cacheHits, cacheMisses, unreachable: 0 });

  it('turns counter deltas into DB queries per second and a hit ratio', () => {
    const f = serverFigures(snap(100, 1000, 100), snap(600, 1900, 600), 5000);
    expect(f.dbQueriesPerSec).toBe(100);
    expect(f.cacheHitRatio).toBeCloseTo(900 / 1400, 4);
  });

  it('reports nothing rather than nonsense when a counter went backwards (a replica restarted)', () => {
    expect(serverFigures(snap(100, 10, 10), snap(50, 20, 20), 1000)).toEqual({ dbQueriesPerSec: null, cacheHitRatio: null });
  });

  it('has no hit ratio without cache lookups', () => {
    expect(serverFigures(snap(0, 0, 0), snap(10, 0, 0), 1000).cacheHitRatio).toBeNull();
  });
});
