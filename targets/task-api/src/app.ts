import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TaskCache } from './cache/cache.ts';
import { DbError, type Db } from './db.ts';
import { jsonReply, writeReply, type Reply } from './http.ts';
import { renderJson, renderPrometheus, type Metrics } from './metrics.ts';
import { matchRoute, wantsJson, type RouteMatch } from './router.ts';
import { createTask, getUserTasks } from './routes/tasks.ts';

export type Lifecycle = 'starting' | 'ready' | 'draining';

export interface AppDeps {
  instanceId: string;
  metrics: Metrics;
  // Filled in once startup has connected them; requests before that get 503.
  db: Db | undefined;
  cache: TaskCache | undefined;
  lifecycle: Lifecycle;
  log: (line: string) => void;
}

export function createRequestHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  let lastErrorLogMs = 0;
  const finish = (res: ServerResponse, match: RouteMatch, reply: Reply): void => {
    deps.metrics.inFlight--;
    deps.metrics.request(match.route, reply.status);
    writeReply(res, reply, deps.instanceId, deps.lifecycle === 'draining');
  };
  const fail = (res: ServerResponse, match: RouteMatch, err: unknown): void => {
    if (err instanceof DbError) {
      finish(res, match, err.failure === 'timeout'
        ? jsonReply(504, { error: 'database timeout' })
        : jsonReply(503, { error: 'database unavailable' }));
      return;
    }
    // A bug, not load: log it, but at most once a second so a hot path cannot flood stdout.
    const nowMs = Date.now();
    if (nowMs - lastErrorLogMs > 1000) {
      lastErrorLogMs = nowMs;
      deps.log(`task-api internal error on ${match.route}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    finish(res, match, jsonReply(500, { error: 'internal error' }));
  };

  return (req, res) => {
    deps.metrics.inFlight++;
    const match = matchRoute(req.method, req.url);
    dispatch(deps, match, req).then(
      (reply) => finish(res, match, reply),
      (err: unknown) => fail(res, match, err),
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
  if (deps.db === undefined || deps.cache === undefined) return jsonReply(503, { error: 'starting' });
  const routeDeps = { db: deps.db, cache: deps.cache };
  if (match.route === 'GET /tasks/:userId') return getUserTasks(routeDeps, match.userIdParam);
  return createTask(routeDeps, req);
}

function metricsReply(deps: AppDeps, query: string, accept: string | undefined): Reply {
  const snapshot = deps.metrics.snapshot(Date.now(), {
    instance: deps.instanceId,
    cacheMode: deps.cache?.mode ?? 'off',
    dbPoolWaiting: deps.db?.waitingCount() ?? 0,
  });
  if (wantsJson(query, accept)) return { status: 200, body: renderJson(snapshot) };
  return { status: 200, body: renderPrometheus(snapshot), contentType: 'text/plain; version=0.0.4; charset=utf-8' };
}
