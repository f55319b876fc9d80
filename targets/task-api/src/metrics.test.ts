import { describe, expect, it } from 'vitest';
import { Metrics, renderJson, renderPrometheus } from './metrics.ts';

function sample(): Metrics {
  const m = new Metrics(1_000);
  m.request('GET /tasks/:userId', 200);
  m.request('GET /tasks/:userId', 200);
  m.request('GET /tasks/:userId', 503);
  m.request('POST /tasks', 201);
  m.dbQueries = 4;
  m.dbErrors = 1;
  m.cacheHit();
  m.cacheMiss();
  m.cacheMiss();
  m.cacheError();
  m.inFlight = 3;
  return m;
}

const extra = { instance: 'api-1', cacheMode: 'aside', dbPoolWaiting: 2 };

describe('metrics', () => {
  it('renders the flat JSON the harness reads', () => {
    expect(JSON.parse(renderJson(sample().snapshot(3_500, extra)))).toEqual({
      instance: 'api-1',
      cacheMode: 'aside',
      uptimeMs: 2500,
      requests: 4,
      dbQueries: 4,
      dbErrors: 1,
      cacheHits: 1,
      cacheMisses: 2,
      cacheErrors: 1,
      inFlight: 3,
      dbPoolWaiting: 2,
      byRoute: { 'GET /tasks/:userId': { '200': 2, '503': 1 }, 'POST /tasks': { '201': 1 } },
    });
  });

  it('renders Prometheus text exposition', () => {
    const text = renderPrometheus(sample().snapshot(3_500, extra));
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('# TYPE taskapi_requests_total counter\n');
    expect(text).toContain('taskapi_requests_total{route="GET /tasks/:userId",status="200"} 2\n');
    expect(text).toContain('taskapi_requests_total{route="GET /tasks/:userId",status="503"} 1\n');
    expect(text).toContain('taskapi_requests_total{route="POST /tasks",status="201"} 1\n');
    for (const line of [
      'taskapi_db_queries_total 4',
      'taskapi_db_errors_total 1',
      'taskapi_cache_hits_total 1',
      'taskapi_cache_misses_total 2',
      'taskapi_cache_errors_total 1',
      'taskapi_in_flight 3',
      'taskapi_db_pool_waiting 2',
      '# TYPE taskapi_in_flight gauge',
      '# TYPE taskapi_cache_hits_total counter',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
    // Every sample line is "name{labels} value" or "name value".
    for (const line of text.trimEnd().split('\n')) {
      if (!line.startsWith('#')) expect(line).toMatch(/^taskapi_[a-z_]+(\{[^}]*\})? [0-9.]+$/);
    }
  });

  it('starts empty', () => {
    const s = new Metrics(0).snapshot(0, extra);
    expect(s.requests).toBe(0);
    expect(s.byRoute).toEqual({});
    expect(renderPrometheus(s)).toContain('taskapi_requests_total counter\n# HELP taskapi_db_queries_total');
  });
});
