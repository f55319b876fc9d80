import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../dependencies/service/prometheus-text.ts';
import { emptySnapshot, referenceCounters, serverFigures, sumSnapshots } from './service-metrics.ts';

const snap = (dbQueries: number, cacheHits: number, cacheMisses: number, extra: Partial<ReturnType<typeof emptySnapshot>> = {}) => ({
  ...emptySnapshot(),
  dbQueries,
  cacheHits,
  cacheMisses,
  ...extra,
});

describe('serverFigures', () => {
  it('turns counter deltas into DB queries per second, a hit ratio and amplification', () => {
    const f = serverFigures(snap(100, 1000, 100), snap(600, 1900, 600), 5000, 250);
    expect(f.dbQueriesPerSec).toBe(100);
    expect(f.cacheHitRatio).toBeCloseTo(900 / 1400, 4);
    expect(f.dbQueriesPerRequest).toBe(2);
  });

  it('reports nothing rather than nonsense when a counter went backwards (a replica restarted)', () => {
    expect(serverFigures(snap(100, 10, 10), snap(50, 20, 20), 1000)).toEqual({ dbQueriesPerSec: null, cacheHitRatio: null });
  });

  it('reports nothing when a replica answered at one edge and not the other', () => {
    expect(serverFigures(snap(0, 0, 0), snap(10, 0, 0, { unreachable: 1 }), 1000).dbQueriesPerSec).toBeNull();
  });

  it('has no hit ratio without cache lookups, and per-target deltas when the service reports them', () => {
    const f = serverFigures(
      snap(0, 0, 0, { dbQueriesByTarget: { 'shard-0': 5 } }),
      snap(10, 0, 0, { dbQueriesByTarget: { 'shard-0': 9, 'shard-1': 6 } }),
      1000,
    );
    expect(f.cacheHitRatio).toBeNull();
    expect(f.dbQueriesByTarget).toEqual({ 'shard-0': 4, 'shard-1': 6 });
  });
});

describe('sumSnapshots', () => {
  it('sums replicas and counts the ones that did not answer', () => {
    const s = sumSnapshots([
      { dbQueries: 2, retries: 1, dbQueriesByTarget: { primary: 2 } },
      null,
      { dbQueries: 3, dbQueriesByTarget: { primary: 3 } },
    ]);
    expect(s.dbQueries).toBe(5);
    expect(s.retries).toBe(1);
    expect(s.unreachable).toBe(1);
    expect(s.dbQueriesByTarget).toEqual({ primary: 5 });
  });
});

describe('referenceCounters', () => {
  it("reads the reference service's totals from its Prometheus text, through the reference metrics map", () => {
    const text = [
      '# TYPE taskapi_db_queries_total counter',
      'taskapi_db_queries_total 120',
      'taskapi_cache_hits_total 900',
      'taskapi_cache_misses_total 100',
      'taskapi_retries_total 3',
      'taskapi_db_queries_by_target_total{target="shard-0"} 70',
      'taskapi_db_queries_by_target_total{target="shard-1"} 50',
      'taskapi_in_flight 4',
    ].join('\n');
    expect(referenceCounters(parsePrometheusText(text))).toEqual({
      dbQueries: 120,
      cacheHits: 900,
      cacheMisses: 100,
      retries: 3,
      dbQueriesByTarget: { 'shard-0': 70, 'shard-1': 50 },
    });
  });
});
