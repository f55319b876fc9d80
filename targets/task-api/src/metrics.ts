import type { CacheCounters } from './cache/cache.ts';

// Route labels are a fixed set (never raw paths) so label cardinality stays bounded.
export const ROUTES = ['GET /health', 'GET /tasks/:userId', 'POST /tasks', 'GET /metrics', 'unmatched'] as const;
export type RouteLabel = (typeof ROUTES)[number];

export interface MetricsSnapshot {
  instance: string;
  cacheMode: string;
  uptimeMs: number;
  requests: number;
  dbQueries: number;
  dbErrors: number;
  cacheHits: number;
  cacheMisses: number;
  cacheErrors: number;
  inFlight: number;
  dbPoolWaiting: number;
  byRoute: Record<string, Record<string, number>>;
}

// Plain counters bumped on the request path: no allocation per request beyond a map look-up.
export class Metrics implements CacheCounters {
  readonly startedAtMs: number;
  requests = 0;
  dbQueries = 0;
  dbErrors = 0;
  cacheHits = 0;
  cacheMisses = 0;
  cacheErrors = 0;
  inFlight = 0;
  readonly byRoute = new Map<RouteLabel, Map<number, number>>();

  constructor(startedAtMs: number) {
    this.startedAtMs = startedAtMs;
  }

  request(route: RouteLabel, status: number): void {
    this.requests++;
    let byStatus = this.byRoute.get(route);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.byRoute.set(route, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  cacheHit(): void {
    this.cacheHits++;
  }

  cacheMiss(): void {
    this.cacheMisses++;
  }

  cacheError(): void {
    this.cacheErrors++;
  }

  snapshot(nowMs: number, extra: { instance: string; cacheMode: string; dbPoolWaiting: number }): MetricsSnapshot {
    const byRoute: Record<string, Record<string, number>> = {};
    for (const [route, byStatus] of this.byRoute) {
      const statuses: Record<string, number> = {};
      for (const [status, count] of [...byStatus].sort((a, b) => a[0] - b[0])) statuses[String(status)] = count;
      byRoute[route] = statuses;
    }
    return {
      instance: extra.instance,
      cacheMode: extra.cacheMode,
      uptimeMs: Math.max(0, Math.round(nowMs - this.startedAtMs)),
      requests: this.requests,
      dbQueries: this.dbQueries,
      dbErrors: this.dbErrors,
      cacheHits: this.cacheHits,
      cacheMisses: this.cacheMisses,
      cacheErrors: this.cacheErrors,
      inFlight: this.inFlight,
      dbPoolWaiting: extra.dbPoolWaiting,
      byRoute,
    };
  }
}

export function renderJson(s: MetricsSnapshot): string {
  return JSON.stringify(s);
}

// Prometheus text exposition format 0.0.4.
export function renderPrometheus(s: MetricsSnapshot): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
  };
  lines.push(
    '# HELP taskapi_requests_total HTTP requests answered, by route and status.',
    '# TYPE taskapi_requests_total counter',
  );
  for (const [route, byStatus] of Object.entries(s.byRoute)) {
    for (const [status, count] of Object.entries(byStatus)) {
      lines.push(`taskapi_requests_total{route="${escapeLabel(route)}",status="${status}"} ${count}`);
    }
  }
  metric('taskapi_db_queries_total', 'counter', 'PostgreSQL queries issued by request handlers.', s.dbQueries);
  metric('taskapi_db_errors_total', 'counter', 'PostgreSQL queries that failed (timeouts included; constraint violations not).', s.dbErrors);
  metric('taskapi_cache_hits_total', 'counter', 'Cache look-ups that found the key.', s.cacheHits);
  metric('taskapi_cache_misses_total', 'counter', 'Cache look-ups that did not find the key.', s.cacheMisses);
  metric('taskapi_cache_errors_total', 'counter', 'Cache commands that failed (Redis down or slow).', s.cacheErrors);
  metric('taskapi_in_flight', 'gauge', 'Requests being handled right now.', s.inFlight);
  metric('taskapi_db_pool_waiting', 'gauge', 'Queries waiting for a free PostgreSQL connection.', s.dbPoolWaiting);
  metric('taskapi_uptime_seconds', 'gauge', 'Seconds since the process started.', s.uptimeMs / 1000);
  return `${lines.join('\n')}\n`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
