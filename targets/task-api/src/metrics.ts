import type { CacheCounters } from './cache/cache.ts';
import type { BreakerState } from './resilience/breaker.ts';
import type { RetryCounters } from './resilience/retry.ts';

export { renderPrometheus } from './metrics-prometheus.ts';

// Route labels are a fixed set (never raw paths) so label cardinality stays bounded.
export const ROUTES = ['GET /health', 'GET /tasks/:userId', 'POST /tasks', 'GET /metrics', 'unmatched'] as const;
export type RouteLabel = (typeof ROUTES)[number];

/** One database the service talks to (primary, replica-N, shard-N); mutated by its owner, read by snapshots. */
export interface DbTargetStats {
  readonly name: string;
  // Attempts sent to this target.
  queries: number;
  breakerState: BreakerState;
  // Replicas only: last measured replay lag; null when unknown. Undefined for non-replicas.
  lagMs: number | null | undefined;
}

export interface LagSummary {
  p50: number | null;
  max: number | null;
  count: number;
}

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
  role: string;
  cacheCoalesced: number;
  cacheEarlyRefreshes: number;
  cacheStaleServed: number;
  dbCalls: number;
  dbQueriesByTarget: Record<string, number>;
  replicationLagMs: Record<string, number | null>;
  retries: number;
  retriesDenied: number;
  breakerState: BreakerState;
  breakerStateByTarget: Record<string, BreakerState>;
  breakerTransitions: { toOpen: number; toHalfOpen: number; toClosed: number };
  breakerRejected: number;
  rejected: number;
  eventsPublished: number;
  publishErrors: number;
  eventsConsumed: number;
  workerErrors: number;
  backlog: number | null;
  endToEndLagMs: LagSummary;
}

export interface SnapshotExtra {
  instance: string;
  cacheMode: string;
  dbPoolWaiting: number;
  role?: string;
}

const BREAKER_SEVERITY: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

// Plain counters bumped on the request path: no allocation per request beyond a map look-up.
export class Metrics implements CacheCounters, RetryCounters {
  readonly startedAtMs: number;
  requests = 0;
  dbQueries = 0;
  dbErrors = 0;
  cacheHits = 0;
  cacheMisses = 0;
  cacheErrors = 0;
  inFlight = 0;
  readonly byRoute = new Map<RouteLabel, Map<number, number>>();
  cacheCoalesced = 0;
  cacheEarlyRefreshes = 0;
  cacheStaleServed = 0;
  // Client-level DB calls (one per read or write the service makes); dbQueries counts attempts sent.
  dbCalls = 0;
  readonly dbTargets: DbTargetStats[] = [];
  retries = 0;
  retriesDenied = 0;
  readonly breakerTransitions = { toOpen: 0, toHalfOpen: 0, toClosed: 0 };
  breakerRejected = 0;
  // Requests shed by MAX_IN_FLIGHT.
  rejected = 0;
  eventsPublished = 0;
  publishErrors = 0;
  eventsConsumed = 0;
  workerErrors = 0;
  backlog: number | null = null;
  endToEndLagMs: LagSummary = { p50: null, max: null, count: 0 };

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

  addDbTarget(name: string, isReplica: boolean): DbTargetStats {
    const stats: DbTargetStats = { name, queries: 0, breakerState: 'closed', lagMs: isReplica ? null : undefined };
    this.dbTargets.push(stats);
    return stats;
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

  cacheCoalesce(): void {
    this.cacheCoalesced++;
  }

  cacheEarlyRefresh(): void {
    this.cacheEarlyRefreshes++;
  }

  cacheStale(): void {
    this.cacheStaleServed++;
  }

  retry(): void {
    this.retries++;
  }

  retryDenied(): void {
    this.retriesDenied++;
  }

  breakerTransition(to: BreakerState): void {
    if (to === 'open') this.breakerTransitions.toOpen++;
    else if (to === 'half-open') this.breakerTransitions.toHalfOpen++;
    else this.breakerTransitions.toClosed++;
  }

  snapshot(nowMs: number, extra: SnapshotExtra): MetricsSnapshot {
    const byRoute: Record<string, Record<string, number>> = {};
    for (const [route, byStatus] of this.byRoute) {
      const statuses: Record<string, number> = {};
      for (const [status, count] of [...byStatus].sort((a, b) => a[0] - b[0])) statuses[String(status)] = count;
      byRoute[route] = statuses;
    }
    const dbQueriesByTarget: Record<string, number> = {};
    const replicationLagMs: Record<string, number | null> = {};
    const breakerStateByTarget: Record<string, BreakerState> = {};
    let breakerState: BreakerState = 'closed';
    for (const t of this.dbTargets) {
      dbQueriesByTarget[t.name] = t.queries;
      if (t.lagMs !== undefined) replicationLagMs[t.name] = t.lagMs;
      breakerStateByTarget[t.name] = t.breakerState;
      if (BREAKER_SEVERITY[t.breakerState] > BREAKER_SEVERITY[breakerState]) breakerState = t.breakerState;
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
      role: extra.role ?? 'api',
      cacheCoalesced: this.cacheCoalesced,
      cacheEarlyRefreshes: this.cacheEarlyRefreshes,
      cacheStaleServed: this.cacheStaleServed,
      dbCalls: this.dbCalls,
      dbQueriesByTarget,
      replicationLagMs,
      retries: this.retries,
      retriesDenied: this.retriesDenied,
      breakerState,
      breakerStateByTarget,
      breakerTransitions: { ...this.breakerTransitions },
      breakerRejected: this.breakerRejected,
      rejected: this.rejected,
      eventsPublished: this.eventsPublished,
      publishErrors: this.publishErrors,
      eventsConsumed: this.eventsConsumed,
      workerErrors: this.workerErrors,
      backlog: this.backlog,
      endToEndLagMs: { ...this.endToEndLagMs },
    };
  }
}

export function renderJson(s: MetricsSnapshot): string {
  return JSON.stringify(s);
}
