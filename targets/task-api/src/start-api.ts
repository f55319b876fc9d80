import type { Redis } from 'ioredis';
import type { AppDeps } from './app.ts';
import { createCache } from './cache/create-cache.ts';
import type { Config } from './config.ts';
import { waitForDatabase } from './db.ts';
import { startReplicationLagMonitor } from './db/replication-lag.ts';
import { createDb } from './db/router.ts';
import type { Metrics } from './metrics.ts';
import { createTaskEventPublisher } from './queue/publisher.ts';
import { closeRedis, connectRedis } from './redis.ts';
import { ensureSchema, redactDbUrl, waitForReplicaSchema, type SeedResult } from './schema.ts';

export interface Started {
  // Releases connections and timers; called once on shutdown.
  close(): Promise<void>;
}

const LAG_PROBE_INTERVAL_MS = 1000;

// ROLE=api: databases (primary, replicas or shards), schema and seed, cache, queue publisher.
export async function startApi(config: Config, deps: AppDeps, metrics: Metrics, log: (line: string) => void): Promise<Started> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(closers.map((c) => c()));
  };
  try {
    const deadlineMs = Date.now() + config.dbConnectTimeoutMs;
    const seed = { users: config.seedUsers, tasks: config.seedTasks };
    const shardUrls = config.databaseShardUrls;
    if (shardUrls.length > 0) {
      // Every shard gets the full schema but only its own users and their tasks, each under its own lock.
      await Promise.all(shardUrls.map((url) => waitForDatabase(url, deadlineMs, log)));
      const results = await Promise.all(
        shardUrls.map((url, index) => ensureSchema(url, seed, { index, count: shardUrls.length, routing: config.shardRouting })),
      );
      results.forEach((r, i) => log(`task-api shard-${i} (${redactDbUrl(shardUrls[i]!)}): ${describeSeed(r)}`));
    } else {
      const primaryUrl = config.databaseUrl!;
      await waitForDatabase(primaryUrl, deadlineMs, log);
      // Only ever on the primary: replicas are read-only standbys that replay it.
      log(`task-api ${describeSeed(await ensureSchema(primaryUrl, seed))}`);
      await Promise.all(config.databaseReadUrls.map((url) => waitForReplicaSchema(url, deadlineMs)));
      if (config.databaseReadUrls.length > 0)
        log(`task-api ${config.databaseReadUrls.length} read replica(s) ready, reads: ${config.readRouting}`);
    }
    if (deps.lifecycle === 'draining') return { close };

    let redis: Redis | undefined;
    if (config.redisUrl !== undefined && config.cacheMode !== 'off') {
      const r = await connectRedis({ url: config.redisUrl, commandTimeoutMs: config.redisCommandTimeoutMs, readyTimeoutMs: 5_000, log });
      redis = r;
      closers.push(() => closeRedis(r));
    }
    if (config.queueUrl !== undefined) {
      const q = await connectRedis({ url: config.queueUrl, commandTimeoutMs: config.redisCommandTimeoutMs, readyTimeoutMs: 5_000, log });
      closers.push(() => closeRedis(q));
      deps.publisher = createTaskEventPublisher(q, metrics);
    }
    const db = createDb(config, metrics);
    closers.push(() => db.close());
    if (db.replicas.length > 0) {
      const monitor = startReplicationLagMonitor(
        db.replicas.map((t) => ({ url: t.url, stats: t.stats })),
        LAG_PROBE_INTERVAL_MS,
      );
      closers.unshift(() => monitor.stop());
    }
    deps.db = db;
    deps.cache = createCache(config.cacheMode, {
      redis,
      ttlSec: config.cacheTtlSec,
      staleSec: config.cacheStaleSec,
      xfetchBeta: config.cacheXfetchBeta,
      counters: metrics,
    });
    return { close };
  } catch (err) {
    await close();
    throw err;
  }
}

function describeSeed(seed: SeedResult): string {
  return seed.seeded
    ? `seeded ${seed.users} users and ${seed.tasks} tasks in ${Math.round(seed.durationMs)} ms`
    : 'schema present, data already seeded';
}
