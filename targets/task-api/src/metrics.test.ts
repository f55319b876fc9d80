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
      role: 'api',
      cacheCoalesced: 0,
      cacheEarlyRefreshes: 0,
      cacheStaleServed: 0,
      dbCalls: 0,
      dbQueriesByTarget: {},
      replicationLagMs: {},
      retries: 0,
      retriesDenied: 0,
      breakerState: 'closed',
      breakerStateByTarget: {},
      breakerTransitions: { toOpen: 0, toHalfOpen: 0, toClosed: 0 },
      breakerRejected: 0,
      rejected: 0,
      eventsPublished: 0,
      publishErrors: 0,
      eventsConsumed: 0,
      workerErrors: 0,
      backlog: null,
      endToEndLagMs: { p50: null, max: null, count: 0 },
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

  it('reports targets, breaker, retries and queue figures in JSON and Prometheus', () => {
    const m = new Metrics(0);
    const primary = m.addDbTarget('primary', false);
    const replica = m.addDbTarget('replica-1', true);
    m.addDbTarget('replica-2', true).lagMs = 12;
    primary.queries = 5;
    replica.queries = 7;
    replica.breakerState = 'half-open';
    m.breakerTransition('open');
    m.breakerTransition('half-open');
    m.retry();
    m.retryDenied();
    m.cacheCoalesce();
    m.cacheStale();
    m.cacheEarlyRefresh();
    m.backlog = 4;
    m.endToEndLagMs = { p50: 3, max: 9, count: 10 };
    const s = m.snapshot(1000, { instance: 'w', cacheMode: 'swr', dbPoolWaiting: 0, role: 'worker' });
    expect(s).toMatchObject({
      role: 'worker',
      dbQueriesByTarget: { primary: 5, 'replica-1': 7, 'replica-2': 0 },
      replicationLagMs: { 'replica-1': null, 'replica-2': 12 },
      breakerState: 'half-open',
      breakerStateByTarget: { primary: 'closed', 'replica-1': 'half-open', 'replica-2': 'closed' },
      breakerTransitions: { toOpen: 1, toHalfOpen: 1, toClosed: 0 },
      retries: 1,
      retriesDenied: 1,
      cacheCoalesced: 1,
      cacheStaleServed: 1,
      cacheEarlyRefreshes: 1,
      backlog: 4,
      endToEndLagMs: { p50: 3, max: 9, count: 10 },
    });
    const text = renderPrometheus(s);
    for (const line of [
      'taskapi_db_queries_by_target_total{target="replica-1"} 7',
      'taskapi_replication_lag_ms{replica="replica-2"} 12',
      'taskapi_breaker_state{target="replica-1",state="half-open"} 1',
      'taskapi_breaker_transitions_total{to="open"} 1',
      'taskapi_retries_total 1',
      'taskapi_queue_backlog 4',
      'taskapi_queue_end_to_end_lag_ms{quantile="0.5"} 3',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
    // Unknown lag is left out, not exported as NaN.
    expect(text).not.toContain('replica="replica-1"');
  });
});
