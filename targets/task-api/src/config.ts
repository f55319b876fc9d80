import { CACHE_MODES, type CacheMode } from './cache/cache.ts';
import { EnvReader, type ConfigIssue, type Env } from './config-reader.ts';
import { RETRY_BACKOFFS, RETRY_JITTERS, type RetryBackoff, type RetryJitter } from './resilience/backoff.ts';
import { SHARD_ROUTINGS, type ShardRouting } from './sharding/shard-for.ts';

export type { ConfigIssue } from './config-reader.ts';

export const ROLES = ['api', 'worker'] as const;
export type Role = (typeof ROLES)[number];
export const READ_ROUTINGS = ['primary', 'replicas', 'read-your-writes'] as const;
export type ReadRouting = (typeof READ_ROUTINGS)[number];

export interface RetryConfig {
  // Retries after the first attempt; 0 disables retrying.
  attempts: number;
  backoff: RetryBackoff;
  jitter: RetryJitter;
  baseMs: number;
  maxMs: number;
  // Retries allowed per call (token bucket); undefined: unbudgeted.
  budgetRatio: number | undefined;
}

export interface BreakerConfig {
  enabled: boolean;
  failureRatio: number;
  minRequests: number;
  windowMs: number;
  halfOpenAfterMs: number;
}

// Configuration comes from environment variables only, so the same bundle runs unchanged
// in every topology; the harness sets the variables per container.
export interface Config {
  role: Role;
  port: number;
  host: string;
  instanceId: string;
  // Primary (writes, and reads unless routed elsewhere). Optional only when DATABASE_SHARD_URLS is set.
  databaseUrl: string | undefined;
  databaseReadUrls: string[];
  readRouting: ReadRouting;
  rywWindowMs: number;
  databaseShardUrls: string[];
  shardRouting: ShardRouting;
  dbPoolMax: number;
  /** How long an idle pool connection is kept; 0: kept until the service stops. */
  dbPoolIdleMs: number;
  dbStatementTimeoutMs: number;
  /** `off`: commits return before the WAL is flushed (PostgreSQL's synchronous_commit), for durability experiments. */
  dbSynchronousCommit: 'on' | 'off';
  dbConnectTimeoutMs: number;
  dbCallTimeoutMs: number | undefined;
  retry: RetryConfig;
  breaker: BreakerConfig;
  maxInFlight: number | undefined;
  redisUrl: string | undefined;
  redisCommandTimeoutMs: number;
  cacheMode: CacheMode;
  cacheTtlSec: number;
  cacheStaleSec: number;
  cacheXfetchBeta: number;
  queueUrl: string | undefined;
  workerDelayMs: number;
  workerBatchSize: number;
  /** pbkdf2 rounds per created task (a CPU-heavy side effect): inline without a queue, in the worker with one. */
  sideEffectRounds: number;
  seedUsers: number;
  seedTasks: number;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

const PG = ['postgres:', 'postgresql:'];
const REDIS = ['redis:', 'rediss:'];
const DB_EXAMPLE = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_EXAMPLE = 'redis://127.0.0.1:6379';

export function parseConfig(env: Env, hostname: string): ConfigResult {
  const r = new EnvReader(env);

  const port = r.int('PORT', undefined, 1, 65535, '8080');
  const host = r.raw('HOST') ?? '127.0.0.1';
  const instanceId = r.raw('INSTANCE_ID') ?? `${hostname}:${port}`;
  const role = r.oneOf('ROLE', ROLES, 'api', 'set ROLE=api (HTTP service) or ROLE=worker (queue consumer)');

  const databaseUrl = r.url('DATABASE_URL', PG, DB_EXAMPLE);
  const databaseShardUrls = r.urlList(
    'DATABASE_SHARD_URLS',
    PG,
    `${DB_EXAMPLE.replace('5432', '5433')},${DB_EXAMPLE.replace('5432', '5434')}`,
  );
  const shardsSet = r.raw('DATABASE_SHARD_URLS') !== undefined;
  if (r.raw('DATABASE_URL') === undefined && (!shardsSet || role === 'worker')) {
    const why = role === 'worker' ? ' (the worker keeps its projection there)' : '';
    r.issue('DATABASE_URL', `is required${why}`, `set DATABASE_URL=${DB_EXAMPLE}`);
  }
  const dbPoolMax = r.int('DB_POOL_MAX', 10, 1, 1000, '10');
  const dbPoolIdleMs = r.int('DB_POOL_IDLE_MS', 0, 0, 3_600_000, '0');
  const dbStatementTimeoutMs = r.int('DB_STATEMENT_TIMEOUT_MS', 5000, 1, 3_600_000, '5000');
  const dbSynchronousCommit = r.oneOf('DB_SYNCHRONOUS_COMMIT', ['on', 'off'] as const, 'on');
  const dbConnectTimeoutMs = r.int('DB_CONNECT_TIMEOUT_MS', 60_000, 0, 3_600_000, '60000');
  const dbCallTimeoutMs = r.optionalInt('DB_CALL_TIMEOUT_MS', 1, 3_600_000, '2000');

  const databaseReadUrls = r.urlList('DATABASE_READ_URLS', PG, DB_EXAMPLE.replace('5432', '5433'));
  const readRouting = r.oneOf('READ_ROUTING', READ_ROUTINGS, 'primary');
  if (readRouting !== 'primary' && r.raw('DATABASE_READ_URLS') === undefined) {
    r.issue(
      'READ_ROUTING',
      `is ${readRouting}, which needs replicas, but DATABASE_READ_URLS is not set`,
      `set DATABASE_READ_URLS=${DB_EXAMPLE.replace('5432', '5433')}, or READ_ROUTING=primary`,
    );
  }
  const rywWindowMs = r.int('RYW_WINDOW_MS', 5000, 0, 3_600_000, '5000');
  const shardRouting = r.oneOf('SHARD_ROUTING', SHARD_ROUTINGS, 'modulo');
  if (shardsSet && (r.raw('DATABASE_READ_URLS') !== undefined || readRouting !== 'primary')) {
    r.issue(
      'DATABASE_SHARD_URLS',
      'cannot be combined with read replicas (DATABASE_READ_URLS / READ_ROUTING)',
      'unset DATABASE_READ_URLS and READ_ROUTING, or DATABASE_SHARD_URLS',
    );
  }

  const retry = parseRetry(r);
  const breaker = parseBreaker(r);
  const maxInFlight = r.optionalInt('MAX_IN_FLIGHT', 1, 1_000_000, '256');

  const redisUrl = r.url('REDIS_URL', REDIS, REDIS_EXAMPLE);
  const redisCommandTimeoutMs = r.int('REDIS_COMMAND_TIMEOUT_MS', 500, 1, 600_000, '500');
  const modeFix = `set CACHE_MODE to one of ${CACHE_MODES.join(', ')} (all but off need REDIS_URL)`;
  const cacheMode = r.oneOf('CACHE_MODE', CACHE_MODES, redisUrl === undefined ? 'off' : 'aside', modeFix);
  // An invalid REDIS_URL was reported above; only a missing one is reported here.
  if (cacheMode !== 'off' && r.raw('REDIS_URL') === undefined) {
    r.issue(
      'CACHE_MODE',
      `is ${cacheMode}, which needs Redis, but REDIS_URL is not set`,
      `set REDIS_URL=${REDIS_EXAMPLE}, or CACHE_MODE=off`,
    );
  }
  const cacheTtlSec = r.int('CACHE_TTL_SEC', 60, 1, 31_536_000, '60');
  const cacheStaleSec = r.int('CACHE_STALE_SEC', 30, 0, 31_536_000, '30');
  const cacheXfetchBeta = r.decimal('CACHE_XFETCH_BETA', 1, { min: 0, max: 100, minExclusive: true }, '1');

  const queueUrl = r.url('QUEUE_URL', REDIS, REDIS_EXAMPLE);
  if (role === 'worker' && r.raw('QUEUE_URL') === undefined) {
    r.issue('QUEUE_URL', 'is required with ROLE=worker', `set QUEUE_URL=${REDIS_EXAMPLE}, or ROLE=api`);
  }
  const workerDelayMs = r.int('WORKER_DELAY_MS', 0, 0, 600_000, '0');
  const workerBatchSize = r.int('WORKER_BATCH_SIZE', 100, 1, 10_000, '100');
  const sideEffectRounds = r.int('SIDE_EFFECT_ROUNDS', 0, 0, 10_000_000, '2000');

  const seedUsers = r.int('SEED_USERS', 10_000, 1, 100_000_000, '10000');
  const seedTasks = r.int('SEED_TASKS', 100_000, 0, 1_000_000_000, '100000');

  if (r.issues.length > 0) return { ok: false, issues: r.issues };
  return {
    ok: true,
    config: {
      role,
      port,
      host,
      instanceId,
      databaseUrl,
      databaseReadUrls,
      readRouting,
      rywWindowMs,
      databaseShardUrls,
      shardRouting,
      dbPoolMax,
      dbPoolIdleMs,
      dbStatementTimeoutMs,
      dbSynchronousCommit,
      dbConnectTimeoutMs,
      dbCallTimeoutMs,
      retry,
      breaker,
      maxInFlight,
      redisUrl,
      redisCommandTimeoutMs,
      cacheMode,
      cacheTtlSec,
      cacheStaleSec,
      cacheXfetchBeta,
      queueUrl,
      workerDelayMs,
      workerBatchSize,
      sideEffectRounds,
      seedUsers,
      seedTasks,
    },
  };
}

function parseRetry(r: EnvReader): RetryConfig {
  const attempts = r.int('RETRY_ATTEMPTS', 0, 0, 10, '2');
  const backoff = r.oneOf('RETRY_BACKOFF', RETRY_BACKOFFS, 'exponential');
  const jitter = r.oneOf('RETRY_JITTER', RETRY_JITTERS, 'full');
  const baseMs = r.int('RETRY_BASE_MS', 50, 1, 600_000, '50');
  const maxMs = r.int('RETRY_MAX_MS', 2000, 1, 600_000, '2000');
  if (maxMs < baseMs) r.issue('RETRY_MAX_MS', `is ${maxMs}, below RETRY_BASE_MS (${baseMs})`, `set RETRY_MAX_MS to at least ${baseMs}`);
  const budgetRatio = r.optionalDecimal('RETRY_BUDGET_RATIO', { min: 0, max: 1, minExclusive: true }, '0.1');
  return { attempts, backoff, jitter, baseMs, maxMs, budgetRatio };
}

function parseBreaker(r: EnvReader): BreakerConfig {
  const enabled = r.oneOf('BREAKER', ['off', 'on'] as const, 'off') === 'on';
  const failureRatio = r.decimal('BREAKER_FAILURE_RATIO', 0.5, { min: 0, max: 1, minExclusive: true, maxExclusive: true }, '0.5');
  const minRequests = r.int('BREAKER_MIN_REQUESTS', 20, 1, 1_000_000, '20');
  const windowMs = r.int('BREAKER_WINDOW_MS', 10_000, 100, 3_600_000, '10000');
  const halfOpenAfterMs = r.int('BREAKER_HALF_OPEN_AFTER_MS', 5000, 1, 3_600_000, '5000');
  return { enabled, failureRatio, minRequests, windowMs, halfOpenAfterMs };
}

export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `task-api: invalid config: ${i.variable} ${i.message}; fix: ${i.fix}`).join('\n');
}
