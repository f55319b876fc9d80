import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TaskCache } from './cache/cache.ts';
import type { Role } from './config.ts';
import { CircuitOpenError, DbError } from './db.ts';
import type { Db } from './db/router.ts';
import { jsonReply, writeReply, type Reply } from './http.ts';
import { renderJson, renderPrometheus, type Metrics } from './metrics.ts';
import type { TaskEventPublisher } from './queue/publisher.ts';
import { matchRoute, wantsJson, type RouteMatch } from './router.ts';
import { createTask, getUserTasks } from './routes/tasks.ts';
import { unwrapTimedFailure } from './timed-failure.ts';

export type Lifecycle = 'starting' | 'ready' | 'draining';

export interface AppDeps {
  instanceId: string;
  role: Role;
  metrics: Metrics;
  // Filled in once startup has connected them; requests before that get 503.
  db: Db | undefined;
  cache: TaskCache | undefined;
  publisher: TaskEventPublisher | undefined;
  sideEffectRounds: number;
  // Bulkhead: more concurrent /tasks requests than this are shed with 503. Undefined: unlimited.
  maxInFlight: number | undefined;
  lifecycle: Lifecycle;
  log: (line: string) => void;
}

const OVERLOADED: Reply = jsonReply(503, { error: 'overloaded' });
const CIRCUIT_OPEN: Reply = jsonReply(503, { error: 'circuit open' });

export function createRequestHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  let lastErrorLogMs = 0;
  // Requests counted against MAX_IN_FLIGHT: everything but /health and /metrics, which must keep
  // answering under overload so the load balancer and the harness can still see the instance.
  let limitedInFlight = 0;
  const finish = (res: ServerResponse, match: RouteMatch, reply: Reply, limited: boolean): void => {
    deps.metrics.inFlight--;
    if (limited) limitedInFlight--;
    deps.metrics.request(match.route, reply.status);
    writeReply(res, reply, deps.instanceId, deps.lifecycle === 'draining');
  };
  const fail = (res: ServerResponse, match: RouteMatch, caught: unknown, limited: boolean): void => {
    // A failed route may say where its time went (timed-failure.ts): the error reply carries that Server-Timing.
    const { cause: err, serverTiming } = unwrapTimedFailure(caught);
    const timed = (reply: Reply): Reply =>
      serverTiming === undefined ? reply : { ...reply, headers: { ...reply.headers, 'Server-Timing': serverTiming } };
    if (err instanceof DbError) {
      finish(
        res,
        match,
        timed(
          err.failure === 'timeout' ? jsonReply(504, { error: 'database timeout' }) : jsonReply(503, { error: 'database unavailable' }),
        ),
        limited,
      );
      return;
    }
    if (err instanceof CircuitOpenError) {
      finish(res, match, timed(CIRCUIT_OPEN), limited);
      return;
    }
    // A bug, not load: log it, but at most once a second so a hot path cannot flood stdout.
    const nowMs = Date.now();
    if (nowMs - lastErrorLogMs > 1000) {
      lastErrorLogMs = nowMs;
      deps.log(`task-api internal error on ${match.route}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    finish(res, match, timed(jsonReply(500, { error: 'internal error' })), limited);
  };

  return (req, res) => {
    deps.metrics.inFlight++;
    const match = matchRoute(req.method, req.url);
    const limited = deps.maxInFlight !== undefined && match.route !== 'GET /health' && match.route !== 'GET /metrics';
    if (limited) {
      if (limitedInFlight >= deps.maxInFlight!) {
        // Shed at once, before any work: the cheapest possible answer under overload.
        deps.metrics.rejected++;
        finish(res, match, OVERLOADED, false);
        return;
      }
      limitedInFlight++;
    }
    dispatch(deps, match, req).then(
      (reply) => finish(res, match, reply, limited),
      (err: unknown) => fail(res, match, err, limited),
    );
  };
}

async function dispatch(deps: AppDeps, match: RouteMatch, req: IncomingMessage): Promise<Reply> {
  switch (match.route) {
    case 'GET /health':
      // No DB query: health is polled constantly by HAProxy and the harness.
      return deps.lifecycle === 'ready'
        ? jsonReply(200, { status: 'ok', instance: deps.instanceId })
        : jsonReply(503, { status: deps.lifecycle, instance: deps.instanceId });
    case 'GET /metrics':
      return metricsReply(deps, match.query, req.headers.accept);
    case 'unmatched':
      return jsonReply(404, { error: 'not found' });
    default:
      break;
  }
  // The worker serves only /health and /metrics.
  if (deps.role === 'worker') return jsonReply(404, { error: 'not found' });
  if (deps.db === undefined || deps.cache === undefined) return jsonReply(503, { error: 'starting' });
  const routeDeps = { db: deps.db, cache: deps.cache, publisher: deps.publisher, sideEffectRounds: deps.sideEffectRounds };
  if (match.route === 'GET /tasks/:userId') return getUserTasks(routeDeps, match.userIdParam);
  return createTask(routeDeps, req);
}

function metricsReply(deps: AppDeps, query: string, accept: string | undefined): Reply {
  const snapshot = deps.metrics.snapshot(Date.now(), {
    instance: deps.instanceId,
    cacheMode: deps.cache?.mode ?? 'off',
    dbPoolWaiting: deps.db?.waitingCount() ?? 0,
    role: deps.role,
  });
  if (wantsJson(query, accept)) return { status: 200, body: renderJson(snapshot) };
  return { status: 200, body: renderPrometheus(snapshot), contentType: 'text/plain; version=0.0.4; charset=utf-8' };
}
