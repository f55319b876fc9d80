import type { ImageSet } from '../../runtime/images.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';
import type { Bindings } from '../service/placeholders.ts';
import type { ServiceMetrics } from '../service/service-config.ts';

export interface TaskApiOptions {
  role: string;
  port: number;
  cpus: number;
  memoryBytes?: number;
  /** Dependencies and switches (DATABASE_URL, REDIS_URL, CACHE_MODE, ...), passed as environment. */
  env?: Record<string, string>;
}

/** One replica of the reference service (targets/task-api). */
export function taskApiSpec(images: ImageSet, options: TaskApiOptions): ContainerSpec {
  return {
    role: options.role,
    image: images.taskApi,
    cmd: ['node', '/app/server.js'],
    env: {
      PORT: String(options.port),
      HOST: '127.0.0.1',
      INSTANCE_ID: options.role,
      ...options.env,
    },
    cpus: options.cpus,
    ...(options.memoryBytes ? { memoryBytes: options.memoryBytes } : {}),
    // Seeding 100k rows happens on first start, under the CPU limit: allow for it.
    wait: { kind: 'http', url: `http://127.0.0.1:${options.port}/health`, timeoutMs: 120_000 },
  };
}

/** The reference service's /metrics (targets/task-api/src/metrics-prometheus.ts) as any service's would be mapped. */
export const TASK_API_METRICS: ServiceMetrics = {
  path: '/metrics',
  counters: {
    requestsPerSec: 'taskapi_requests_total',
    dbQueriesPerSec: 'taskapi_db_queries_total',
    dbErrorsPerSec: 'taskapi_db_errors_total',
    cacheHitsPerSec: 'taskapi_cache_hits_total',
    cacheMissesPerSec: 'taskapi_cache_misses_total',
    cacheErrorsPerSec: 'taskapi_cache_errors_total',
    retriesPerSec: 'taskapi_retries_total',
    breakerRejectedPerSec: 'taskapi_breaker_rejected_total',
    rejectedPerSec: 'taskapi_rejected_total',
    eventsPublishedPerSec: 'taskapi_queue_events_published_total',
  },
  gauges: { inFlight: 'taskapi_in_flight', dbPoolWaiting: 'taskapi_db_pool_waiting' },
};

/** The topology parameters that are the reference service's own switches, not the topology's shape. */
export interface TaskApiParams {
  dbPoolMax: number;
  seedUsers: number;
  seedTasks: number;
  cacheMode?: string;
  cacheTtlSec?: number;
  readRouting?: string;
  shardRouting?: string;
  workerDelayMs?: number;
}

/** Parameters only the reference service understands: setting one with another service is an error. */
export const TASK_API_ONLY_PARAMS: readonly (keyof TaskApiParams)[] = [
  'dbPoolMax',
  'seedUsers',
  'seedTasks',
  'cacheMode',
  'cacheTtlSec',
  'readRouting',
  'shardRouting',
  'workerDelayMs',
];

// The reference service's databases are `postgres` on each server; the bindings name servers, not databases.
const withDb = (serverUrl: string): string => `${serverUrl}/postgres`;
const withDbEach = (urls: string): string => urls.split(',').map(withDb).join(',');

/** The reference service's environment for what a topology started (its bindings) and its switches. */
export function taskApiEnv(b: Bindings, p: TaskApiParams): Record<string, string> {
  const env: Record<string, string> = {
    DB_POOL_MAX: String(p.dbPoolMax),
    SEED_USERS: String(p.seedUsers),
    SEED_TASKS: String(p.seedTasks),
  };
  if (b['postgres.url']) env.DATABASE_URL = withDb(b['postgres.url']);
  if (b['replicas.urls'])
    Object.assign(env, { DATABASE_READ_URLS: withDbEach(b['replicas.urls']), READ_ROUTING: p.readRouting ?? 'replicas' });
  if (b['shards.urls'])
    Object.assign(env, { DATABASE_SHARD_URLS: withDbEach(b['shards.urls']), SHARD_ROUTING: p.shardRouting ?? 'modulo' });
  if (b['broker.url']) env.QUEUE_URL = b['broker.url'];
  if (b['redis.url'])
    Object.assign(env, { REDIS_URL: b['redis.url'], CACHE_MODE: p.cacheMode ?? 'aside', CACHE_TTL_SEC: String(p.cacheTtlSec ?? 60) });
  else env.CACHE_MODE = 'off';
  return env;
}

/** A queue worker: the same image in its worker role; the side effect the API hands over runs here. */
export function taskApiWorkerEnv(b: Bindings, p: TaskApiParams, serviceEnv: Record<string, string> | undefined): Record<string, string> {
  return {
    DB_POOL_MAX: String(p.dbPoolMax),
    SEED_USERS: String(p.seedUsers),
    SEED_TASKS: String(p.seedTasks),
    ...(b['postgres.url'] ? { DATABASE_URL: withDb(b['postgres.url']) } : {}),
    ...(b['broker.url'] ? { QUEUE_URL: b['broker.url'] } : {}),
    ROLE: 'worker',
    WORKER_DELAY_MS: String(p.workerDelayMs ?? 0),
    ...(serviceEnv?.SIDE_EFFECT_ROUNDS !== undefined ? { SIDE_EFFECT_ROUNDS: serviceEnv.SIDE_EFFECT_ROUNDS } : {}),
  };
}
