import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Metrics } from '../metrics.ts';
import { RetryBudget } from '../resilience/retry-budget.ts';
import { shardFor } from '../sharding/shard-for.ts';
import { RecentWriters } from './recent-writers.ts';
import { createDbTarget, type DbTarget, type ResilienceSettings } from './target.ts';

export interface Db {
  // Every read and write names the user it is about: that is the routing key for replicas and shards.
  read(userId: number, name: string, text: string, values: unknown[]): Promise<pg.QueryResult>;
  write(userId: number, name: string, text: string, values: unknown[]): Promise<pg.QueryResult>;
  readonly primary: DbTarget | undefined;
  readonly replicas: readonly DbTarget[];
  readonly shards: readonly DbTarget[];
  waitingCount(): number;
  close(): Promise<void>;
}

export function resilienceSettings(config: Config): ResilienceSettings {
  const { retry, breaker } = config;
  return {
    callTimeoutMs: config.dbCallTimeoutMs,
    retryAttempts: retry.attempts,
    backoff: { backoff: retry.backoff, jitter: retry.jitter, baseMs: retry.baseMs, maxMs: retry.maxMs },
    retryBudget: retry.budgetRatio === undefined ? undefined : new RetryBudget(retry.budgetRatio),
    breaker: breaker.enabled ? breaker : undefined,
  };
}

/**
 * The service's view of its databases. Layouts: one primary (default); a primary plus read replicas
 * (READ_ROUTING picks where reads go; writes always hit the primary); or shards by user id.
 */
export function createDb(config: Config, metrics: Metrics): Db {
  const resilience = resilienceSettings(config);
  const targets: DbTarget[] = [];
  const target = (name: string, url: string, isReplica: boolean): DbTarget => {
    const created = createDbTarget(
      {
        name,
        url,
        isReplica,
        poolMax: config.dbPoolMax,
        idleMs: config.dbPoolIdleMs,
        statementTimeoutMs: config.dbStatementTimeoutMs,
        applicationName: `task-api ${config.instanceId}`,
        synchronousCommit: config.dbSynchronousCommit,
      },
      resilience,
      metrics,
    );
    targets.push(created);
    return created;
  };
  const base = {
    waitingCount: (): number => {
      let waiting = 0;
      for (const t of targets) waiting += t.pool.waitingCount;
      return waiting;
    },
    close: async (): Promise<void> => {
      await Promise.allSettled(targets.map((t) => t.pool.end()));
    },
  };

  if (config.databaseShardUrls.length > 0) {
    const shards = config.databaseShardUrls.map((url, i) => target(`shard-${i}`, url, false));
    const count = shards.length;
    const routing = config.shardRouting;
    const pick = (userId: number): DbTarget => shards[shardFor(userId, count, routing)]!;
    return {
      ...base,
      primary: undefined,
      replicas: [],
      shards,
      read: (userId, name, text, values) => pick(userId).call(name, text, values, true),
      write: (userId, name, text, values) => pick(userId).call(name, text, values, false),
    };
  }

  if (config.databaseUrl === undefined) throw new Error('DATABASE_URL is required without DATABASE_SHARD_URLS');
  const primary = target('primary', config.databaseUrl, false);
  const replicas = config.databaseReadUrls.map((url, i) => target(`replica-${i + 1}`, url, true));
  const layout = { ...base, primary, replicas, shards: [] };
  const writePrimary = (name: string, text: string, values: unknown[]): Promise<pg.QueryResult> => primary.call(name, text, values, false);

  if (config.readRouting === 'primary' || replicas.length === 0) {
    return {
      ...layout,
      read: (_userId, name, text, values) => primary.call(name, text, values, true),
      write: (_userId, name, text, values) => writePrimary(name, text, values),
    };
  }

  let next = 0;
  const nextReplica = (): DbTarget => {
    const replica = replicas[next]!;
    next = next + 1 === replicas.length ? 0 : next + 1;
    return replica;
  };
  if (config.readRouting === 'replicas') {
    return {
      ...layout,
      read: (_userId, name, text, values) => nextReplica().call(name, text, values, true),
      write: (_userId, name, text, values) => writePrimary(name, text, values),
    };
  }

  // read-your-writes: a user who wrote on this instance within RYW_WINDOW_MS reads from the primary,
  // so they never miss their own write on a lagging replica. Other users' reads go to the replicas.
  const writers = new RecentWriters(config.rywWindowMs);
  return {
    ...layout,
    read: (userId, name, text, values) =>
      (writers.isRecent(userId, performance.now()) ? primary : nextReplica()).call(name, text, values, true),
    write: async (userId, name, text, values) => {
      // Noted before (the write may commit even if the call fails) and after (the window starts at commit).
      writers.note(userId, performance.now());
      try {
        return await writePrimary(name, text, values);
      } finally {
        writers.note(userId, performance.now());
      }
    },
  };
}
