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
        port: 8080,
        host: '127.0.0.1',
        instanceId: 'box:8080',
        databaseUrl: base.DATABASE_URL,
        dbPoolMax: 10,
        dbStatementTimeoutMs: 5000,
        dbConnectTimeoutMs: 60000,
        redisUrl: undefined,
        redisCommandTimeoutMs: 500,
        cacheMode: 'off',
        cacheTtlSec: 60,
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
      { ...base, HOST: '0.0.0.0', INSTANCE_ID: 'api-1', DB_POOL_MAX: '32', CACHE_MODE: 'off', REDIS_URL: 'redis://r:1', CACHE_TTL_SEC: '5', SEED_TASKS: '0' },
      'box',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({ host: '0.0.0.0', instanceId: 'api-1', dbPoolMax: 32, cacheMode: 'off', cacheTtlSec: 5, seedTasks: 0 });
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
    expect(result.issues.map((i) => i.variable)).toEqual(['PORT', 'DATABASE_URL', 'DB_POOL_MAX', 'REDIS_URL', 'CACHE_TTL_SEC', 'SEED_USERS']);
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
