// Once a second during a variant's load: every container's CPU, throttling and memory, every PostgreSQL and
// Redis server's own counters, HAProxy's view of its servers, the broker's streams and the service's own
// Prometheus figures, as per-second rows (dependencies.jsonl) that phase-dependencies.ts turns into per-phase
// mean and peak. Bounded in count and stopped with the load; its own time per sample is kept as its cost.
import type { Clock } from '../driver/driver.ts';
import type { StartedTopology } from '../topology/topology.ts';
import { containerSecond, createContainerStatsReader, type ContainerCounters, type ContainerSecond } from './container-stats.ts';
import { postgresSecond, type PostgresSecond } from './postgres/postgres-second.ts';
import { createPostgresStatsReader, type PostgresCounters } from './postgres/postgres-stats.ts';
import { haproxySecond, type HaproxySecond, type HaproxyTransition } from './haproxy/haproxy-second.ts';
import { createHaproxyStatsReader, type HaproxyServerCounters } from './haproxy/haproxy-stats.ts';
import { redisSecond, streamSeconds, type RedisSecond, type StreamSecond } from './redis/redis-second.ts';
import { createRedisStatsReader, type RedisCounters } from './redis/redis-stats.ts';
import { createServiceMetricsReader, type ServiceReading } from './service/service-metrics-reader.ts';
import { serviceSecond } from './service/service-second.ts';

export interface DependencyRow {
  /** End of the second the row covers, ms since the variant's load started. */
  tMs: number;
  containers: Record<string, ContainerSecond>;
  postgres: Record<string, PostgresSecond>;
  /** HAProxy's servers by name (unique across balancers). */
  haproxy: Record<string, HaproxySecond>;
  /** Redis servers by role (caches and the broker); absent in runs before it was sampled. */
  redis?: Record<string, RedisSecond>;
  /** The broker's streams by name. */
  broker?: Record<string, StreamSecond>;
  /** The service's own figures (its Prometheus map) by replica, and summed as `all`. */
  service?: Record<string, Record<string, number>>;
}

export interface SamplerCost {
  samples: number;
  /** Wall time of one sample (all reads), ms. */
  meanMs: number;
  maxMs: number;
}

export interface DependencySampler {
  stop(): Promise<{ rows: DependencyRow[]; cost: SamplerCost }>;
}

/** Statements the PostgreSQL reader itself runs per read: its counters query, and the pg_stat_statements one. */
const READER_TRANSACTIONS = 2;

export async function startDependencySampler(
  topology: Pick<StartedTopology, 'containers' | 'postgres' | 'balancers' | 'redis' | 'serviceMetrics'>,
  options: { clock: Clock; intervalMs?: number; maxSamples: number; onTransition?: (t: HaproxyTransition) => void },
): Promise<DependencySampler> {
  const intervalMs = options.intervalMs ?? 1000;
  const containers = await createContainerStatsReader(topology.containers.values());
  const servers = topology.postgres.map((s) => ({ role: s.role, reader: createPostgresStatsReader(s.port) }));
  await Promise.all(topology.postgres.map((s, i) => (s.replica ? undefined : servers[i]!.reader.setup())));
  const balancers = topology.balancers.map((b) => createHaproxyStatsReader(b.statsUrl));
  const serviceMetrics = topology.serviceMetrics
    ? { map: topology.serviceMetrics.map, reader: createServiceMetricsReader(topology.serviceMetrics) }
    : undefined;
  const caches = topology.redis.map((r) => ({ role: r.role, reader: createRedisStatsReader(r.port, { broker: r.broker }) }));
  const rows: DependencyRow[] = [];
  const costs: number[] = [];
  let previous:
    | {
        atMs: number;
        atNs: bigint;
        containers: Map<string, ContainerCounters>;
        postgres: Map<string, PostgresCounters>;
        haproxy: Map<string, HaproxyServerCounters>;
        redis: Map<string, RedisCounters>;
        service: Map<string, ServiceReading>;
      }
    | undefined;
  let stopped = false;

  const sample = async (): Promise<void> => {
    const started = performance.now();
    const atNs = process.hrtime.bigint();
    const atMs = options.clock.nowMs();
    const [containerCounters, pgCounters, haproxyReadings, redisCounters, service] = await Promise.all([
      containers.read(),
      Promise.all(servers.map(async (s) => [s.role, await s.reader.read()] as const)),
      Promise.all(balancers.map((b) => b.read())),
      Promise.all(caches.map(async (c) => [c.role, await c.reader.read()] as const)),
      serviceMetrics ? serviceMetrics.reader.read() : new Map<string, ServiceReading>(),
    ]);
    // Server names are unique across balancers (service-a-1, service-b-1 in `regions`).
    const haproxy = new Map(haproxyReadings.flatMap((m) => (m ? [...m] : [])));
    const postgres = new Map(pgCounters.filter((e): e is readonly [string, PostgresCounters] => e[1] !== null));
    const redis = new Map(redisCounters.filter((e): e is readonly [string, RedisCounters] => e[1] !== null));
    if (previous) {
      const row: DependencyRow = { tMs: Math.round(atMs), containers: {}, postgres: {}, haproxy: {} };
      const elapsedNs = Number(atNs - previous.atNs);
      for (const [role, now] of containerCounters) {
        const before = previous.containers.get(role);
        if (before) row.containers[role] = containerSecond(before, now, elapsedNs);
      }
      for (const [role, now] of postgres) {
        const before = previous.postgres.get(role);
        const second = before
          ? postgresSecond(before, now, atMs - previous.atMs, now.statements === undefined ? 1 : READER_TRANSACTIONS)
          : null;
        if (second) row.postgres[role] = second;
      }
      for (const [role, now] of redis) {
        const before = previous.redis.get(role);
        const second = before ? redisSecond(before, now, atMs - previous.atMs) : null;
        if (!second || !before) continue;
        (row.redis ??= {})[role] = second;
        const streams = streamSeconds(before, now, atMs - previous.atMs);
        if (Object.keys(streams).length) row.broker = { ...row.broker, ...streams };
      }
      if (serviceMetrics) {
        const figures = serviceSecond(serviceMetrics.map, previous.service, service, atMs - previous.atMs);
        if (Object.keys(figures).length) row.service = figures;
      }
      const balanced = haproxySecond(previous.haproxy, haproxy, atMs - previous.atMs, atMs);
      row.haproxy = balanced.servers;
      for (const t of balanced.transitions) options.onTransition?.(t);
      rows.push(row);
    }
    previous = { atMs, atNs, containers: containerCounters, postgres, haproxy, redis, service };
    costs.push(performance.now() - started);
  };

  let wake: (() => void) | undefined;
  // Paced by the clock, not by the previous sample's end, so rows stay about a second apart however long a read takes.
  const loop = (async () => {
    const startMs = options.clock.nowMs();
    for (let i = 0; i <= options.maxSamples && !stopped; i++) {
      await sample();
      const waitMs = startMs + (i + 1) * intervalMs - options.clock.nowMs();
      if (waitMs > 0 && !stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, waitMs);
        });
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      const readers = [
        ...servers.map((s) => s.reader),
        ...caches.map((c) => c.reader),
        ...balancers,
        ...(serviceMetrics ? [serviceMetrics.reader] : []),
      ];
      await Promise.all(readers.map((r) => r.close()));
      const mean = costs.length ? costs.reduce((a, b) => a + b, 0) / costs.length : 0;
      return {
        rows,
        cost: { samples: costs.length, meanMs: Math.round(mean * 100) / 100, maxMs: Math.round(Math.max(0, ...costs) * 100) / 100 },
      };
    },
  };
}
