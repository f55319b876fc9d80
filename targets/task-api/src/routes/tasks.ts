import type { IncomingMessage } from 'node:http';
import { userTasksKey, type CacheRead, type TaskCache } from '../cache/cache.ts';
import { isForeignKeyViolation } from '../db.ts';
import type { Db } from '../db/router.ts';
import { jsonReply, readBody, serverTiming, type Reply } from '../http.ts';
import { runSideEffect } from '../side-effect.ts';
import { TimedFailure } from '../timed-failure.ts';
import type { TaskEventPublisher } from '../queue/publisher.ts';
import { parseCreateTask, parseUserId } from '../router.ts';

export interface TaskRouteDeps {
  db: Db;
  cache: TaskCache;
  // Set when QUEUE_URL is: each created task is published to the task-events stream.
  publisher: TaskEventPublisher | undefined;
  /** A CPU-heavy side effect per created task: run here, on the request path, unless a queue takes it. */
  sideEffectRounds: number;
}

const LATEST_LIMIT = 20;

// ISO 8601 in UTC with milliseconds, like JavaScript's Date#toISOString.
const isoUtc = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// PostgreSQL builds compact JSON itself: the result is cached as-is and spliced into the response,
// so neither a hit nor a miss parses or re-serialises rows in JavaScript.
// (row_to_json is compact; json_build_object and json_agg would add spaces and newlines.)
const LATEST_TASKS_SQL = `
select coalesce('[' || string_agg(row_to_json(r)::text, ',' order by t.created_at desc, t.id desc) || ']', '[]') as tasks
from (
  select id, title, done, created_at from tasks
  where user_id = $1
  order by created_at desc, id desc
  limit ${LATEST_LIMIT}
) as t
cross join lateral (select t.id, t.title, t.done, ${isoUtc('t.created_at')} as "createdAt") as r`;

const INSERT_TASK_SQL = `
with ins as (
  insert into tasks (user_id, title) values ($1, $2)
  returning id, user_id, title, done, created_at
)
select row_to_json(r)::text as task
from ins
cross join lateral (
  select ins.id, ins.user_id as "userId", ins.title, ins.done, ${isoUtc('ins.created_at')} as "createdAt"
) as r`;

const MAX_BODY_BYTES = 16 * 1024;

export async function getUserTasks(deps: TaskRouteDeps, userIdParam: string): Promise<Reply> {
  const userId = parseUserId(userIdParam);
  if (userId === undefined) {
    return jsonReply(400, { error: 'userId must be an integer from 1 to 2147483647' });
  }
  // Timed here as well as by the cache strategy: a failed read returns no CacheRead, and its 503/504 should still
  // say where the time went (a breaker's rejection: db ~ 0; a timeout: db ~ the call timeout).
  const readStartMs = performance.now();
  let loadStartMs: number | undefined;
  let loadEndMs: number | undefined;
  let read: CacheRead;
  try {
    read = await deps.cache.read(userTasksKey(userId), async () => {
      loadStartMs = performance.now();
      try {
        const result = await deps.db.read(userId, 'latest-tasks', LATEST_TASKS_SQL, [userId]);
        return (result.rows[0] as { tasks: string } | undefined)?.tasks ?? '[]';
      } finally {
        loadEndMs = performance.now();
      }
    });
  } catch (err) {
    throw new TimedFailure(err, failedReadTiming(deps.cache.mode !== 'off', readStartMs, loadStartMs, loadEndMs, performance.now()));
  }
  const source = read.outcome === 'HIT' || read.outcome === 'STALE' ? 'cache' : 'db';
  return {
    status: 200,
    body: `{"userId":${userId},"tasks":${read.value},"source":"${source}"}`,
    headers: {
      'X-Cache': read.outcome,
      'Server-Timing': serverTiming({ cacheMs: read.cacheMs, dbMs: read.loadMs }),
    },
  };
}

export async function createTask(deps: TaskRouteDeps, req: IncomingMessage): Promise<Reply> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body.kind === 'too-large') return jsonReply(413, { error: `body must be at most ${MAX_BODY_BYTES} bytes` });
  if (body.kind === 'aborted') return jsonReply(400, { error: 'request body was not received completely' });
  const input = parseCreateTask(body.body);
  if (!input.ok) return jsonReply(400, { error: input.error });

  const dbStartMs = performance.now();
  let task: string;
  try {
    const result = await deps.db.write(input.userId, 'insert-task', INSERT_TASK_SQL, [input.userId, input.title]);
    task = (result.rows[0] as { task: string }).task;
  } catch (err) {
    if (isForeignKeyViolation(err)) return jsonReply(404, { error: `user ${input.userId} not found` });
    throw new TimedFailure(err, serverTiming({ cacheMs: undefined, dbMs: performance.now() - dbStartMs }));
  }
  const dbMs = performance.now() - dbStartMs;

  // Invalidate after the write commits, so the next read reloads it (cache-aside's delete-on-write).
  let cacheMs: number | undefined;
  if (deps.cache.mode !== 'off') {
    const cacheStartMs = performance.now();
    await deps.cache.invalidate(userTasksKey(input.userId));
    cacheMs = performance.now() - cacheStartMs;
  }
  // After the insert committed: the event describes a fact. A failed publish is counted, not fatal.
  let queueMs: number | undefined;
  if (deps.publisher === undefined) runSideEffect(deps.sideEffectRounds, task);
  else {
    const queueStartMs = performance.now();
    await deps.publisher.publishTaskCreated(input.userId, task);
    queueMs = performance.now() - queueStartMs;
  }
  return { status: 201, body: task, headers: { 'Server-Timing': serverTiming({ cacheMs, dbMs, queueMs }) } };
}

/**
 * Where a failed read spent its time. Cache strategies never throw for the cache itself (a failing Redis is a
 * BYPASS), so a rejected read is a database failure: ours when our loader ran (the cache time is the look-up before
 * it), or another request's load we waited on (coalescing), all counted as db since the split is unknown.
 */
export function failedReadTiming(
  cacheOn: boolean,
  readStartMs: number,
  loadStartMs: number | undefined,
  loadEndMs: number | undefined,
  nowMs: number,
): string {
  if (loadStartMs === undefined) return serverTiming({ cacheMs: undefined, dbMs: nowMs - readStartMs });
  return serverTiming({ cacheMs: cacheOn ? loadStartMs - readStartMs : undefined, dbMs: (loadEndMs ?? nowMs) - loadStartMs });
}
