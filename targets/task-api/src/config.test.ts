import { describe, expect, it } from 'vitest';
import { formatConfigIssues, parseConfig } from './config.ts';

const base = { PORT: '8080', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' };

function issuesOf(env: Record<string, string>): string[] {
  const result = parseConfig(env, 'box');
  if (result.ok) throw new Error('expected config issues');
  return result.issues.map((i) => i.variable);
}

describe('parseConfig', () => {
  it('applies documented defaults', () => {
    const result = parseConfig(base, 'box');
    expect(result).toEqual({
      ok: true,
      config: {
        role: 'api',
        port: 8080,
        host: '127.0.0.1',
        instanceId: 'box:8080',
        databaseUrl: base.DATABASE_URL,
        databaseReadUrls: [],
        readRouting: 'primary',
        rywWindowMs: 5000,
        databaseShardUrls: [],
        shardRouting: 'modulo',
        dbPoolMax: 10,
        dbPoolIdleMs: 0,
        dbStatementTimeoutMs: 5000,
        dbSynchronousCommit: 'on',
        dbConnectTimeoutMs: 60000,
        dbCallTimeoutMs: undefined,
        retry: { attempts: 0, backoff: 'exponential', jitter: 'full', baseMs: 50, maxMs: 2000, budgetRatio: undefined },
        breaker: { enabled: false, failureRatio: 0.5, minRequests: 20, windowMs: 10000, halfOpenAfterMs: 5000 },
        maxInFlight: undefined,
        redisUrl: undefined,
        redisCommandTimeoutMs: 500,
        cacheMode: 'off',
        cacheTtlSec: 60,
        cacheStaleSec: 30,
        cacheXfetchBeta: 1,
        queueUrl: undefined,
        workerDelayMs: 0,
        sideEffectRounds: 0,
        workerBatchSize: 100,
        seedUsers: 10000,
        seedTasks: 100000,
      },
    });
  });

  it('defaults CACHE_MODE to aside when REDIS_URL is set', () => {
    const result = parseConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }, 'box');
    expect(result.ok && result.config.cacheMode).toBe('aside');
  });

  it('honours explicit values', () => {
    const result = parseConfig(
      {
        ...base,
        HOST: '0.0.0.0',
        INSTANCE_ID: 'api-1',
        DB_POOL_MAX: '32',
        DB_POOL_IDLE_MS: '10000',
        CACHE_MODE: 'off',
        REDIS_URL: 'redis://r:1',
        CACHE_TTL_SEC: '5',
        SEED_TASKS: '0',
      },
      'box',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      host: '0.0.0.0',
      instanceId: 'api-1',
      dbPoolMax: 32,
      dbPoolIdleMs: 10000,
      cacheMode: 'off',
      cacheTtlSec: 5,
      seedTasks: 0,
    });
  });

  it('requires PORT and DATABASE_URL', () => {
    expect(issuesOf({})).toEqual(['PORT', 'DATABASE_URL']);
  });

  it('names every bad variable at once, with a fix', () => {
    const result = parseConfig(
      { PORT: '70000', DATABASE_URL: 'mysql://x', DB_POOL_MAX: 'ten', CACHE_TTL_SEC: '-1', REDIS_URL: 'http://r', SEED_USERS: '0' },
      'box',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.variable)).toEqual([
      'PORT',
      'DATABASE_URL',
      'DB_POOL_MAX',
      'REDIS_URL',
      'CACHE_TTL_SEC',
      'SEED_USERS',
    ]);
    const text = formatConfigIssues(result.issues);
    expect(text).toContain('PORT is "70000", expected an integer from 1 to 65535; fix: set PORT=8080');
    expect(text).toContain('DB_POOL_MAX is "ten"');
    expect(text).toContain('REDIS_URL is "http://r", expected a URL starting with redis:// or rediss://');
  });

  it('rejects unknown cache modes and aside without Redis', () => {
    expect(issuesOf({ ...base, CACHE_MODE: 'write-through', REDIS_URL: 'redis://r:1' })).toEqual(['CACHE_MODE']);
    const result = parseConfig({ ...base, CACHE_MODE: 'aside' }, 'box');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain('REDIS_URL is not set');
    expect(result.issues[0]?.fix).toContain('CACHE_MODE=off');
  });
});

describe('parseConfig: switches', () => {
  const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379' };
  const R1 = 'postgres://postgres@127.0.0.1:5433/postgres';
  const R2 = 'postgres://postgres@127.0.0.1:5434/postgres';

  function configOf(env: Record<string, string>) {
    const result = parseConfig({ ...base, ...env }, 'box');
    if (!result.ok) throw new Error(formatConfigIssues(result.issues));
    return result.config;
  }

  function problems(env: Record<string, string>): string {
    const result = parseConfig(env, 'box');
    if (result.ok) throw new Error('expected config issues');
    return formatConfigIssues(result.issues);
  }

  it.each(['coalesce', 'xfetch', 'swr'] as const)('accepts CACHE_MODE=%s with Redis', (mode) => {
    expect(configOf({ ...REDIS, CACHE_MODE: mode }).cacheMode).toBe(mode);
    expect(issuesOf({ ...base, CACHE_MODE: mode })).toEqual(['CACHE_MODE']);
  });

  it('reads cache tuning', () => {
    expect(configOf({ ...REDIS, CACHE_STALE_SEC: '0', CACHE_XFETCH_BETA: '2.5' })).toMatchObject({
      cacheStaleSec: 0,
      cacheXfetchBeta: 2.5,
    });
    const text = problems({ ...base, CACHE_XFETCH_BETA: '0', CACHE_STALE_SEC: '-5' });
    expect(text).toContain('CACHE_XFETCH_BETA is "0", expected a decimal number above 0 to 100; fix: set CACHE_XFETCH_BETA=1');
    expect(text).toContain('CACHE_STALE_SEC is "-5", expected an integer');
    expect(issuesOf({ ...base, CACHE_XFETCH_BETA: 'one' })).toEqual(['CACHE_XFETCH_BETA']);
  });

  it('reads replicas and read routing', () => {
    const config = configOf({ DATABASE_READ_URLS: ` ${R1}, ${R2} `, READ_ROUTING: 'read-your-writes', RYW_WINDOW_MS: '250' });
    expect(config).toMatchObject({ databaseReadUrls: [R1, R2], readRouting: 'read-your-writes', rywWindowMs: 250 });
    expect(configOf({ DATABASE_READ_URLS: R1 }).readRouting).toBe('primary');
    expect(configOf({ DATABASE_READ_URLS: R1, READ_ROUTING: 'replicas' }).readRouting).toBe('replicas');
  });

  it('rejects bad replica settings', () => {
    expect(problems({ ...base, READ_ROUTING: 'replicas' })).toContain(
      'READ_ROUTING is replicas, which needs replicas, but DATABASE_READ_URLS is not set',
    );
    expect(issuesOf({ ...base, READ_ROUTING: 'nearest', DATABASE_READ_URLS: R1 })).toEqual(['READ_ROUTING']);
    expect(problems({ ...base, DATABASE_READ_URLS: `${R1},mysql://x` })).toContain('DATABASE_READ_URLS is "mysql://x", expected a URL');
    expect(problems({ ...base, DATABASE_READ_URLS: `${R1},${R1}` })).toContain('lists');
    expect(issuesOf({ ...base, RYW_WINDOW_MS: 'soon', DATABASE_READ_URLS: R1 })).toEqual(['RYW_WINDOW_MS']);
  });

  it('reads shards; DATABASE_URL becomes optional', () => {
    const config = parseConfig({ PORT: '8080', DATABASE_SHARD_URLS: `${R1},${R2}`, SHARD_ROUTING: 'jump' }, 'box');
    expect(config.ok && config.config).toMatchObject({ databaseUrl: undefined, databaseShardUrls: [R1, R2], shardRouting: 'jump' });
    expect(issuesOf({ ...base, DATABASE_SHARD_URLS: R1, SHARD_ROUTING: 'ring' })).toEqual(['SHARD_ROUTING']);
    expect(issuesOf({ ...base, DATABASE_SHARD_URLS: R1, DATABASE_READ_URLS: R2 })).toEqual(['DATABASE_SHARD_URLS']);
    expect(issuesOf({ ...base, DATABASE_SHARD_URLS: `${R1},x` })).toEqual(['DATABASE_SHARD_URLS']);
  });

  it('reads retry settings', () => {
    const config = configOf({
      RETRY_ATTEMPTS: '3',
      RETRY_BACKOFF: 'none',
      RETRY_JITTER: 'decorrelated',
      RETRY_BASE_MS: '10',
      RETRY_MAX_MS: '100',
      RETRY_BUDGET_RATIO: '0.1',
    });
    expect(config.retry).toEqual({ attempts: 3, backoff: 'none', jitter: 'decorrelated', baseMs: 10, maxMs: 100, budgetRatio: 0.1 });
  });

  it('rejects bad retry settings', () => {
    expect(issuesOf({ ...base, RETRY_ATTEMPTS: '11' })).toEqual(['RETRY_ATTEMPTS']);
    expect(issuesOf({ ...base, RETRY_BACKOFF: 'linear' })).toEqual(['RETRY_BACKOFF']);
    expect(issuesOf({ ...base, RETRY_JITTER: 'equal' })).toEqual(['RETRY_JITTER']);
    expect(issuesOf({ ...base, RETRY_BASE_MS: '0' })).toEqual(['RETRY_BASE_MS']);
    expect(problems({ ...base, RETRY_BASE_MS: '500', RETRY_MAX_MS: '100' })).toContain(
      'RETRY_MAX_MS is 100, below RETRY_BASE_MS (500); fix: set RETRY_MAX_MS to at least 500',
    );
    expect(issuesOf({ ...base, RETRY_BUDGET_RATIO: '0' })).toEqual(['RETRY_BUDGET_RATIO']);
    expect(issuesOf({ ...base, RETRY_BUDGET_RATIO: '1.5' })).toEqual(['RETRY_BUDGET_RATIO']);
  });

  it('reads breaker, timeout and bulkhead settings', () => {
    const config = configOf({
      BREAKER: 'on',
      BREAKER_FAILURE_RATIO: '0.25',
      BREAKER_MIN_REQUESTS: '5',
      BREAKER_WINDOW_MS: '2000',
      BREAKER_HALF_OPEN_AFTER_MS: '1000',
      DB_CALL_TIMEOUT_MS: '1500',
      MAX_IN_FLIGHT: '64',
    });
    expect(config.breaker).toEqual({ enabled: true, failureRatio: 0.25, minRequests: 5, windowMs: 2000, halfOpenAfterMs: 1000 });
    expect(config).toMatchObject({ dbCallTimeoutMs: 1500, maxInFlight: 64 });
  });

  it('rejects bad breaker, timeout and bulkhead settings', () => {
    expect(issuesOf({ ...base, BREAKER: 'yes' })).toEqual(['BREAKER']);
    expect(problems({ ...base, BREAKER_FAILURE_RATIO: '1' })).toContain(
      'BREAKER_FAILURE_RATIO is "1", expected a decimal number above 0 below 1',
    );
    expect(issuesOf({ ...base, BREAKER_MIN_REQUESTS: '0' })).toEqual(['BREAKER_MIN_REQUESTS']);
    expect(issuesOf({ ...base, BREAKER_WINDOW_MS: '10' })).toEqual(['BREAKER_WINDOW_MS']);
    expect(issuesOf({ ...base, BREAKER_HALF_OPEN_AFTER_MS: 'x' })).toEqual(['BREAKER_HALF_OPEN_AFTER_MS']);
    expect(issuesOf({ ...base, DB_CALL_TIMEOUT_MS: '0' })).toEqual(['DB_CALL_TIMEOUT_MS']);
    expect(issuesOf({ ...base, MAX_IN_FLIGHT: 'lots' })).toEqual(['MAX_IN_FLIGHT']);
  });

  it('reads queue and worker settings', () => {
    expect(configOf({ QUEUE_URL: 'redis://127.0.0.1:6380' }).queueUrl).toBe('redis://127.0.0.1:6380');
    const worker = configOf({ ROLE: 'worker', QUEUE_URL: 'redis://q:1', WORKER_DELAY_MS: '5', WORKER_BATCH_SIZE: '10' });
    expect(worker).toMatchObject({ role: 'worker', workerDelayMs: 5, workerBatchSize: 10 });
  });

  it('rejects bad queue and worker settings', () => {
    expect(issuesOf({ ...base, ROLE: 'consumer' })).toEqual(['ROLE']);
    expect(problems({ ...base, ROLE: 'worker' })).toContain('QUEUE_URL is required with ROLE=worker');
    expect(issuesOf({ PORT: '1', ROLE: 'worker', QUEUE_URL: 'redis://q:1', DATABASE_SHARD_URLS: R1 })).toEqual(['DATABASE_URL']);
    expect(issuesOf({ ...base, QUEUE_URL: 'amqp://q' })).toEqual(['QUEUE_URL']);
    expect(issuesOf({ ...base, WORKER_DELAY_MS: '-1' })).toEqual(['WORKER_DELAY_MS']);
    expect(issuesOf({ ...base, WORKER_BATCH_SIZE: '0' })).toEqual(['WORKER_BATCH_SIZE']);
  });
});
