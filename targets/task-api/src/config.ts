import { CACHE_MODES, type CacheMode } from './cache/cache.ts';

// Configuration comes from environment variables only, so the same bundle runs unchanged
// in every topology; the harness sets the variables per container.
export interface Config {
  port: number;
  host: string;
  instanceId: string;
  databaseUrl: string;
  dbPoolMax: number;
  dbStatementTimeoutMs: number;
  dbConnectTimeoutMs: number;
  redisUrl: string | undefined;
  redisCommandTimeoutMs: number;
  cacheMode: CacheMode;
  cacheTtlSec: number;
  seedUsers: number;
  seedTasks: number;
}

export interface ConfigIssue {
  variable: string;
  message: string;
  fix: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

type Env = Readonly<Record<string, string | undefined>>;

// Collects every problem instead of stopping at the first, so one restart fixes them all.
export function parseConfig(env: Env, hostname: string): ConfigResult {
  const issues: ConfigIssue[] = [];
  const int = (variable: string, fallback: number | undefined, min: number, max: number, example: string): number => {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') {
      if (fallback !== undefined) return fallback;
      issues.push({ variable, message: 'is required', fix: `set ${variable}=${example}` });
      return 0;
    }
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      issues.push({
        variable,
        message: `is ${JSON.stringify(raw)}, expected an integer from ${min} to ${max}`,
        fix: `set ${variable}=${example}`,
      });
      return fallback ?? 0;
    }
    return Number(raw);
  };
  const url = (variable: string, protocols: readonly string[], example: string): string | undefined => {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !protocols.includes(parsed.protocol)) {
      issues.push({
        variable,
        message: `is ${JSON.stringify(raw)}, expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
        fix: `set ${variable}=${example}`,
      });
      return undefined;
    }
    return raw;
  };

  const port = int('PORT', undefined, 1, 65535, '8080');
  const host = env.HOST?.trim() || '127.0.0.1';
  const instanceId = env.INSTANCE_ID?.trim() || `${hostname}:${port}`;

  const dbExample = 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:'], dbExample);
  if (env.DATABASE_URL === undefined || env.DATABASE_URL.trim() === '') {
    issues.push({ variable: 'DATABASE_URL', message: 'is required', fix: `set DATABASE_URL=${dbExample}` });
  }
  const dbPoolMax = int('DB_POOL_MAX', 10, 1, 1000, '10');
  const dbStatementTimeoutMs = int('DB_STATEMENT_TIMEOUT_MS', 5000, 1, 3_600_000, '5000');
  const dbConnectTimeoutMs = int('DB_CONNECT_TIMEOUT_MS', 60_000, 0, 3_600_000, '60000');

  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379');
  const redisCommandTimeoutMs = int('REDIS_COMMAND_TIMEOUT_MS', 500, 1, 600_000, '500');

  let cacheMode: CacheMode = redisUrl === undefined ? 'off' : 'aside';
  const rawMode = env.CACHE_MODE?.trim();
  if (rawMode !== undefined && rawMode !== '') {
    const known = CACHE_MODES.find((m) => m === rawMode);
    if (known === undefined) {
      issues.push({
        variable: 'CACHE_MODE',
        message: `is ${JSON.stringify(rawMode)}, expected one of ${CACHE_MODES.join(', ')}`,
        fix: 'set CACHE_MODE=aside (needs REDIS_URL) or CACHE_MODE=off',
      });
    } else {
      cacheMode = known;
    }
  }
  // An invalid REDIS_URL was reported above; only a missing one is reported here.
  if (cacheMode !== 'off' && (env.REDIS_URL?.trim() ?? '') === '') {
    issues.push({
      variable: 'CACHE_MODE',
      message: `is ${cacheMode}, which needs Redis, but REDIS_URL is not set`,
      fix: 'set REDIS_URL=redis://127.0.0.1:6379, or CACHE_MODE=off',
    });
  }
  const cacheTtlSec = int('CACHE_TTL_SEC', 60, 1, 31_536_000, '60');

  const seedUsers = int('SEED_USERS', 10_000, 1, 100_000_000, '10000');
  const seedTasks = int('SEED_TASKS', 100_000, 0, 1_000_000_000, '100000');

  if (issues.length > 0 || databaseUrl === undefined) return { ok: false, issues };
  return {
    ok: true,
    config: {
      port,
      host,
      instanceId,
      databaseUrl,
      dbPoolMax,
      dbStatementTimeoutMs,
      dbConnectTimeoutMs,
      redisUrl,
      redisCommandTimeoutMs,
      cacheMode,
      cacheTtlSec,
      seedUsers,
      seedTasks,
    },
  };
}

export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `task-api: invalid config: ${i.variable} ${i.message}; fix: ${i.fix}`).join('\n');
}
