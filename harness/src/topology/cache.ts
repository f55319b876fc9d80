// `cache`: HAProxy (health checks) -> N service replicas (CPU-limited) -> Toxiproxy -> Redis and PostgreSQL.
// Every dependency edge passes through Toxiproxy so a fault can target any of them.
import { connectToxiproxy } from '../fault/toxiproxy/toxiproxy-api.ts';
import { infraError } from '../errors/bench-error.ts';
import { allocatePorts } from '../runtime/ports.ts';
import type { StartedContainer } from '../runtime/runtime.ts';
import { DEFAULT_HEALTH_CHECK, type HealthCheckOptions } from './roles/haproxy-config.ts';
import { haproxySpec } from './roles/haproxy.ts';
import { postgresSpec, postgresUrl } from './roles/postgres.ts';
import { redisFlushCommand, redisSpec } from './roles/redis.ts';
import { taskApiSpec } from './roles/task-api.ts';
import { toxiproxySpec } from './roles/toxiproxy.ts';
import type { StartedTopology, TopologyContext } from './topology.ts';

export interface CacheTopologyConfig {
  kind: 'cache';
  /** Service replicas behind the balancer. */
  replicas?: number;
  /** CPU limit per service replica, in cores: small, so that scaling shows on a two-core machine. */
  serviceCpus?: number;
  serviceMemoryMb?: number;
  cacheTtlSec?: number;
  dbPoolMax?: number;
  seedUsers?: number;
  seedTasks?: number;
  healthCheck?: Partial<HealthCheckOptions>;
  /** Extra service switches, as environment variables. */
  serviceEnv?: Record<string, string>;
}

export const CACHE_DEFAULTS = {
  replicas: 2,
  serviceCpus: 0.5,
  serviceMemoryMb: 256,
  cacheTtlSec: 60,
  dbPoolMax: 10,
  seedUsers: 10_000,
  seedTasks: 100_000,
} as const;

export async function startCacheTopology(config: CacheTopologyConfig, ctx: TopologyContext): Promise<StartedTopology> {
  const p = { ...CACHE_DEFAULTS, ...stripUndefined(config) };
  const healthCheck = { ...DEFAULT_HEALTH_CHECK, ...config.healthCheck };
  const { runtime, images, logger } = ctx;
  const [pgPort, redisPort, toxiPort, pgProxyPort, redisProxyPort, lbPort, ...servicePorts] = await allocatePorts(6 + p.replicas);
  const containers = new Map<string, StartedContainer>();
  const track = (c: StartedContainer): StartedContainer => {
    containers.set(c.role, c);
    return c;
  };

  logger.step(`starting topology cache: haproxy -> ${p.replicas} x task-api (${p.serviceCpus} CPU each) -> toxiproxy -> redis, postgres`);
  await Promise.all([
    runtime.start(postgresSpec(images, { port: pgPort! })).then(track),
    runtime.start(redisSpec(images, { port: redisPort! })).then(track),
    runtime.start(toxiproxySpec(images, { apiPort: toxiPort! })).then(track),
  ]);
  const toxiproxy = connectToxiproxy(`http://127.0.0.1:${toxiPort}`);
  await toxiproxy.createProxies([
    { name: 'postgres', listen: `127.0.0.1:${pgProxyPort}`, upstream: `127.0.0.1:${pgPort}` },
    { name: 'redis', listen: `127.0.0.1:${redisProxyPort}`, upstream: `127.0.0.1:${redisPort}` },
  ]);

  const services = servicePorts.map((port, i) => ({ role: `service-${i + 1}`, port }));
  await Promise.all(
    services.map((s) =>
      runtime
        .start(
          taskApiSpec(images, {
            role: s.role,
            port: s.port,
            databaseUrl: postgresUrl(pgProxyPort!),
            redisUrl: `redis://127.0.0.1:${redisProxyPort}`,
            cpus: p.serviceCpus,
            memoryBytes: p.serviceMemoryMb * 1024 * 1024,
            env: {
              CACHE_MODE: 'aside',
              CACHE_TTL_SEC: String(p.cacheTtlSec),
              DB_POOL_MAX: String(p.dbPoolMax),
              SEED_USERS: String(p.seedUsers),
              SEED_TASKS: String(p.seedTasks),
              ...config.serviceEnv,
            },
          }),
        )
        .then(track),
    ),
  );
  track(
    await runtime.start(
      haproxySpec(images, { port: lbPort!, backends: services.map((s) => ({ name: s.role, port: s.port })), healthCheck }),
    ),
  );

  const redis = containers.get('redis')!;
  return {
    kind: 'cache',
    parameters: { ...p, healthCheck },
    entryUrl: `http://127.0.0.1:${lbPort}`,
    serviceUrls: services.map((s) => `http://127.0.0.1:${s.port}`),
    endpoints: {
      entry: `http://127.0.0.1:${lbPort}`,
      toxiproxy: `http://127.0.0.1:${toxiPort}`,
      postgres: postgresUrl(pgPort!),
      'postgres (via toxiproxy)': postgresUrl(pgProxyPort!),
      redis: `redis://127.0.0.1:${redisPort}`,
      'redis (via toxiproxy)': `redis://127.0.0.1:${redisProxyPort}`,
      ...Object.fromEntries(services.map((s) => [s.role, `http://127.0.0.1:${s.port}`])),
    },
    containers,
    toxiproxy,
    async flushCache() {
      const result = await redis.exec(redisFlushCommand(redisPort!));
      if (result.exitCode !== 0 || !/OK/.test(result.output)) {
        throw infraError(`FLUSHALL on redis failed: ${result.output.trim()}`, 'check the redis container logs');
      }
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
