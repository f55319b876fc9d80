import type { Redis } from 'ioredis';
import pg from 'pg';
import { createPool } from '../db.ts';
import type { Metrics } from '../metrics.ts';
import { closeRedis, connectRedis } from '../redis.ts';
import { runSideEffect } from '../side-effect.ts';
import { LagWindow } from './lag-window.ts';
import { parseGroupInfo, parseReadReply, type StreamEntry } from './stream-replies.ts';
import { PROJECTIONS_GROUP, TASK_EVENTS_STREAM } from './stream.ts';

export interface WorkerOptions {
  queueUrl: string;
  databaseUrl: string;
  consumer: string;
  batchSize: number;
  // Per event, to simulate a slow consumer.
  delayMs: number;
  // CPU-heavy side effect per event (the one the API runs inline without a queue).
  sideEffectRounds: number;
  redisCommandTimeoutMs: number;
  statementTimeoutMs: number;
  metrics: Metrics;
  log: (line: string) => void;
}

const BLOCK_MS = 1000;
const RETRY_PAUSE_MS = 1000;
const PROJECTION_LOCK_KEY = 7_346_115_101;

export const PROJECTION_SCHEMA_SQL = `
create table if not exists user_task_counts (
  user_id int primary key,
  count bigint not null,
  updated_at timestamptz not null default now()
)`;

// One statement per batch: counts are summed per user in JavaScript, then upserted together.
const APPLY_SQL = `
insert into user_task_counts (user_id, count, updated_at)
select u, c, now() from unnest($1::int[], $2::bigint[]) as t(u, c)
on conflict (user_id) do update set count = user_task_counts.count + excluded.count, updated_at = excluded.updated_at`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * ROLE=worker: consumes task-events with XREADGROUP (group "projections", consumer = INSTANCE_ID) and keeps
 * user_task_counts. At-least-once: a crash between the upsert and XACK replays that batch on restart
 * (this consumer's pending entries are read first), counting it twice.
 */
export async function startWorker(o: WorkerOptions): Promise<{ stop(): Promise<void> }> {
  await ensureProjectionSchema(o.databaseUrl);
  const pool = createPool({
    url: o.databaseUrl,
    poolMax: 2,
    statementTimeoutMs: o.statementTimeoutMs,
    applicationName: `task-api worker ${o.consumer}`,
  });
  // The reading connection blocks for up to BLOCK_MS, so its command timeout must exceed that.
  const reader = await connectRedis({
    url: o.queueUrl,
    commandTimeoutMs: BLOCK_MS + o.redisCommandTimeoutMs,
    readyTimeoutMs: 5000,
    log: o.log,
  });
  const admin = await connectRedis({ url: o.queueUrl, commandTimeoutMs: o.redisCommandTimeoutMs, readyTimeoutMs: 5000, log: () => {} });
  const lag = new LagWindow();
  let stopping = false;
  let failing = false;

  const reportFailure = (what: string, err: unknown): void => {
    o.metrics.workerErrors++;
    if (!failing)
      o.log(`task-api worker ${what} failed, retrying every ${RETRY_PAUSE_MS} ms: ${err instanceof Error ? err.message : String(err)}`);
    failing = true;
  };

  const apply = async (entries: StreamEntry[]): Promise<void> => {
    const perUser = new Map<number, number>();
    const publishedAtMs: number[] = [];
    for (const entry of entries) {
      if (o.delayMs > 0) await sleep(o.delayMs);
      runSideEffect(o.sideEffectRounds, entry.fields?.get('task') ?? '');
      const userId = Number(entry.fields?.get('userId'));
      if (!Number.isInteger(userId) || userId < 1) {
        o.metrics.workerErrors++; // trimmed or malformed: acknowledged below and skipped
        continue;
      }
      perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
      publishedAtMs.push(Number(entry.fields?.get('publishedAtMs')));
    }
    if (perUser.size > 0) await pool.query(APPLY_SQL, [[...perUser.keys()], [...perUser.values()]]);
    await reader.xack(TASK_EVENTS_STREAM, PROJECTIONS_GROUP, ...entries.map((e) => e.id));
    const appliedAtMs = Date.now();
    for (const t of publishedAtMs) if (Number.isFinite(t)) lag.add(Math.max(0, appliedAtMs - t));
    o.metrics.eventsConsumed += entries.length;
  };

  const loop = async (): Promise<void> => {
    await ensureGroup(admin).catch((err: unknown) => reportFailure('creating the consumer group', err));
    // "0" re-reads this consumer's own pending entries (left by a crash or a failed batch); ">" takes new ones.
    let cursor = '0';
    while (!stopping) {
      try {
        const reply = await reader.call(
          'XREADGROUP',
          'GROUP',
          PROJECTIONS_GROUP,
          o.consumer,
          'COUNT',
          o.batchSize,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          TASK_EVENTS_STREAM,
          cursor,
        );
        const entries = parseReadReply(reply);
        if (entries.length === 0) {
          cursor = '>';
        } else {
          await apply(entries);
        }
        if (failing) o.log('task-api worker consuming again');
        failing = false;
      } catch (err) {
        if (stopping) break;
        // The stream or group vanished (e.g. FLUSHALL by a cache-flush fault): recreate and carry on.
        if (err instanceof Error && err.message.includes('NOGROUP')) await ensureGroup(admin).catch(() => {});
        reportFailure('consuming', err);
        cursor = '0';
        await sleep(RETRY_PAUSE_MS);
      }
    }
  };

  const pollBacklog = async (): Promise<void> => {
    try {
      const info = parseGroupInfo(await admin.call('XINFO', 'GROUPS', TASK_EVENTS_STREAM), PROJECTIONS_GROUP);
      o.metrics.backlog = info === undefined || info.lag === null ? null : info.lag + info.pending;
    } catch {
      o.metrics.backlog = null;
    }
  };
  const timer = setInterval(() => {
    o.metrics.endToEndLagMs = lag.roll();
    void pollBacklog();
  }, 1000);
  timer.unref();
  void pollBacklog();
  const running = loop();

  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      // Let the current read (at most BLOCK_MS) and batch finish, so applied events get acknowledged.
      await Promise.race([running, sleep(BLOCK_MS + 1000)]);
      reader.disconnect();
      await running.catch(() => {});
      await Promise.allSettled([closeRedis(admin), pool.end()]);
    },
  };
}

async function ensureGroup(redis: Redis): Promise<void> {
  try {
    // From "0": events published before the first worker started are consumed too.
    await redis.call('XGROUP', 'CREATE', TASK_EVENTS_STREAM, PROJECTIONS_GROUP, '0', 'MKSTREAM');
  } catch (err) {
    if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
  }
}

async function ensureProjectionSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    // Concurrent "create table if not exists" can still collide in the catalog: one worker at a time.
    await client.query('select pg_advisory_lock($1)', [PROJECTION_LOCK_KEY]);
    await client.query(PROJECTION_SCHEMA_SQL);
    await client.query('select pg_advisory_unlock($1)', [PROJECTION_LOCK_KEY]);
  } finally {
    await client.end().catch(() => {});
  }
}
