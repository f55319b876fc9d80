import type { MetricsSnapshot } from './metrics.ts';

// Prometheus text exposition format 0.0.4.
export function renderPrometheus(s: MetricsSnapshot): string {
  const lines: string[] = [];
  const header = (name: string, type: 'counter' | 'gauge', help: string): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number): void => {
    header(name, type, help);
    lines.push(`${name} ${value}`);
  };
  const labelled = (name: string, type: 'counter' | 'gauge', help: string, label: string, values: Record<string, number | null>): void => {
    header(name, type, help);
    for (const [key, value] of Object.entries(values)) {
      // Unknown values are omitted rather than exported as NaN, so absent means "not measured".
      if (value !== null) lines.push(`${name}{${label}="${escapeLabel(key)}"} ${value}`);
    }
  };
  header('taskapi_requests_total', 'counter', 'HTTP requests answered, by route and status.');
  for (const [route, byStatus] of Object.entries(s.byRoute)) {
    for (const [status, count] of Object.entries(byStatus)) {
      lines.push(`taskapi_requests_total{route="${escapeLabel(route)}",status="${status}"} ${count}`);
    }
  }
  metric('taskapi_db_queries_total', 'counter', 'PostgreSQL query attempts sent (retries included).', s.dbQueries);
  metric(
    'taskapi_db_errors_total',
    'counter',
    'PostgreSQL query attempts that failed (timeouts included; constraint violations not).',
    s.dbErrors,
  );
  metric('taskapi_cache_hits_total', 'counter', 'Cache look-ups that found the key.', s.cacheHits);
  metric('taskapi_cache_misses_total', 'counter', 'Cache look-ups that did not find the key.', s.cacheMisses);
  metric('taskapi_cache_errors_total', 'counter', 'Cache commands that failed (Redis down or slow).', s.cacheErrors);
  metric('taskapi_in_flight', 'gauge', 'Requests being handled right now.', s.inFlight);
  metric('taskapi_db_pool_waiting', 'gauge', 'Queries waiting for a free PostgreSQL connection.', s.dbPoolWaiting);
  metric('taskapi_uptime_seconds', 'gauge', 'Seconds since the process started.', s.uptimeMs / 1000);
  metric(
    'taskapi_cache_coalesced_total',
    'counter',
    "Cache misses that waited on another request's load instead of loading.",
    s.cacheCoalesced,
  );
  metric(
    'taskapi_cache_early_refreshes_total',
    'counter',
    'Entries recomputed before expiry (xfetch) or refreshed in the background (swr).',
    s.cacheEarlyRefreshes,
  );
  metric(
    'taskapi_cache_stale_served_total',
    'counter',
    'Reads answered with a stale entry while it was refreshed (swr).',
    s.cacheStaleServed,
  );
  metric('taskapi_db_calls_total', 'counter', 'Client-level database calls (before retries).', s.dbCalls);
  labelled('taskapi_db_queries_by_target_total', 'counter', 'PostgreSQL query attempts by target database.', 'target', s.dbQueriesByTarget);
  labelled('taskapi_replication_lag_ms', 'gauge', 'Replay lag of each read replica, measured every second.', 'replica', s.replicationLagMs);
  metric('taskapi_retries_total', 'counter', 'Database calls retried.', s.retries);
  metric('taskapi_retries_denied_total', 'counter', 'Retries not attempted because the retry budget was empty.', s.retriesDenied);
  header('taskapi_breaker_state', 'gauge', 'Circuit breaker state per target (1 for the current state).');
  for (const [target, state] of Object.entries(s.breakerStateByTarget)) {
    for (const candidate of ['closed', 'open', 'half-open']) {
      lines.push(`taskapi_breaker_state{target="${escapeLabel(target)}",state="${candidate}"} ${candidate === state ? 1 : 0}`);
    }
  }
  labelled('taskapi_breaker_transitions_total', 'counter', 'Circuit breaker state changes, by new state.', 'to', {
    open: s.breakerTransitions.toOpen,
    'half-open': s.breakerTransitions.toHalfOpen,
    closed: s.breakerTransitions.toClosed,
  });
  metric('taskapi_breaker_rejected_total', 'counter', 'Database calls failed fast because the circuit was open.', s.breakerRejected);
  metric('taskapi_rejected_total', 'counter', 'Requests shed with 503 because MAX_IN_FLIGHT was reached.', s.rejected);
  metric('taskapi_queue_events_published_total', 'counter', 'Task events appended to the stream.', s.eventsPublished);
  metric('taskapi_queue_publish_errors_total', 'counter', 'Task events that could not be published.', s.publishErrors);
  metric(
    'taskapi_queue_events_consumed_total',
    'counter',
    'Task events applied to the projection and acknowledged (worker).',
    s.eventsConsumed,
  );
  metric('taskapi_queue_worker_errors_total', 'counter', 'Worker batches or events that failed (worker).', s.workerErrors);
  if (s.backlog !== null)
    metric('taskapi_queue_backlog', 'gauge', 'Events not yet processed by the consumer group (lag + pending).', s.backlog);
  labelled('taskapi_queue_end_to_end_lag_ms', 'gauge', 'Publish-to-applied lag over the last second (worker).', 'quantile', {
    '0.5': s.endToEndLagMs.p50,
    '1': s.endToEndLagMs.max,
  });
  return `${lines.join('\n')}\n`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
