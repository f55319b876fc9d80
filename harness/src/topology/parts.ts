// Building blocks shared by the topology plans. Every dependency edge gets a Toxiproxy proxy.
import type { ProxyEdge } from '../fault/toxiproxy/toxiproxy-api.ts';
import type { ContainerSpec } from '../runtime/runtime.ts';
import type { ParamValues } from './params.ts';
import type { PostgresServer, RedisServer, ServiceMetricsPlan } from './plan.ts';
import type { BALANCER_PARAMS, SERVICE_PARAMS } from './params.ts';
import { url, type PlanContext } from './plan.ts';
import { haproxySpec } from './roles/haproxy.ts';
import { postgresReplicaSpec } from './roles/postgres-replica.ts';
import { postgresServerUrl, postgresSpec, postgresUrl } from './roles/postgres.ts';
import { redisSpec } from './roles/redis.ts';
import { TASK_API_METRICS, taskApiEnv, taskApiSpec, taskApiWorkerEnv, type TaskApiParams } from './roles/task-api.ts';
import type { Bindings } from './service/placeholders.ts';
import type { ServiceConfig } from './service/service-config.ts';
import { serviceCommandOf, serviceEnvOf, serviceImage, serviceSpec } from './service/service-spec.ts';
import { toxiproxySpec } from './roles/toxiproxy.ts';

export interface Part {
  specs: ContainerSpec[];
  proxies: ProxyEdge[];
  endpoints: Record<string, string>;
  /** PostgreSQL servers by their direct (unproxied) ports: for the service's databases and the samplers. */
  postgres?: PostgresServer[];
  redis?: RedisServer[];
}

/** A proxied dependency: the real server's port and the proxy port clients use. */
export interface Edge {
  name: string;
  port: number;
  proxyPort: number;
}

async function edge(ctx: PlanContext, name: string): Promise<Edge & { proxy: ProxyEdge }> {
  return proxyTo(ctx, name, await ctx.port(name));
}

/** A further Toxiproxy edge to an existing server (e.g. replication, or the same database seen from far away). */
export async function proxyTo(ctx: PlanContext, name: string, upstreamPort: number): Promise<Edge & { proxy: ProxyEdge }> {
  const proxyPort = await ctx.port(`${name}-proxy`);
  return { name, port: upstreamPort, proxyPort, proxy: { name, listen: `127.0.0.1:${proxyPort}`, upstream: `127.0.0.1:${upstreamPort}` } };
}

export async function toxiproxyPart(ctx: PlanContext): Promise<Part & { apiUrl: string }> {
  const apiPort = await ctx.port('toxiproxy');
  return { specs: [toxiproxySpec(ctx.images, { apiPort })], proxies: [], endpoints: { toxiproxy: url(apiPort) }, apiUrl: url(apiPort) };
}

export async function postgresPart(
  ctx: PlanContext,
  role: string,
  options: { synchronousStandby?: boolean } = {},
): Promise<Part & { edge: Edge; server: PostgresServer }> {
  const e = await edge(ctx, role);
  const server: PostgresServer = { role, port: e.port, url: postgresUrl(e.port), edge: e.proxy, replica: false };
  return {
    specs: [postgresSpec(ctx.images, { role, port: e.port, ...options })],
    proxies: [e.proxy],
    endpoints: { [role]: server.url, [`${role} (via toxiproxy)`]: postgresUrl(e.proxyPort) },
    postgres: [server],
    edge: e,
    server,
  };
}

/** Streaming replicas of `primary`, each replicating through its own Toxiproxy edge and read through another. */
export async function replicaParts(ctx: PlanContext, primary: PostgresServer, count: number): Promise<Part & { edges: Edge[] }> {
  const part: Part & { edges: Edge[] } = { specs: [], proxies: [], endpoints: {}, edges: [], postgres: [] };
  for (let i = 1; i <= count; i++) {
    const role = `postgres-replica-${i}`;
    const replication = await proxyTo(ctx, `replication-${i}`, primary.port);
    const read = await edge(ctx, role);
    part.specs.push(postgresReplicaSpec(ctx.images, { role, port: read.port, primaryPort: replication.proxyPort }));
    part.proxies.push(replication.proxy, read.proxy);
    const server: PostgresServer = {
      role,
      port: read.port,
      url: postgresUrl(read.port),
      edge: read.proxy,
      replica: true,
      primaryRole: primary.role,
    };
    part.endpoints[role] = server.url;
    part.endpoints[`${role} (via toxiproxy)`] = postgresUrl(read.proxyPort);
    part.edges.push(read);
    part.postgres!.push(server);
  }
  return part;
}

export async function redisPart(
  ctx: PlanContext,
  role: string,
  options: { broker?: boolean } = {},
): Promise<Part & { edge: Edge; cache: { role: string; port: number } }> {
  const e = await edge(ctx, role);
  return {
    specs: [{ ...redisSpec(ctx.images, { port: e.port }), role }],
    proxies: [e.proxy],
    endpoints: { [role]: `redis://127.0.0.1:${e.port}`, [`${role} (via toxiproxy)`]: `redis://127.0.0.1:${e.proxyPort}` },
    redis: [{ role, port: e.port, broker: options.broker ?? false }],
    edge: e,
    cache: { role, port: e.port },
  };
}

/** One group of service replicas: the reference task-api, or the experiment's own service. */
export interface ServiceGroup {
  prefix: string;
  count: number;
  params: ParamValues<typeof SERVICE_PARAMS> & Partial<TaskApiParams>;
  /** What the topology started, for `{placeholders}` (and the reference service's own variables). */
  bindings: Bindings;
  /** The experiment's service; absent: the reference task-api. */
  service?: ServiceConfig | undefined;
  /** Extra environment for every replica (the experiment's `serviceEnv`). */
  serviceEnv?: Record<string, string> | undefined;
  /** The reference service's queue workers. */
  worker?: boolean;
}

/** Per replica, besides what the topology started. */
export const REPLICA_PLACEHOLDERS = ['port', 'host', 'instance'] as const;

export async function servicesPart(
  ctx: PlanContext,
  group: ServiceGroup,
): Promise<
  Part & { urls: string[]; backends: Array<{ name: string; port: number }>; placeholders: string[]; metrics: ServiceMetricsPlan | null }
> {
  const placeholders = [...REPLICA_PLACEHOLDERS, ...Object.keys(group.bindings)];
  const part = {
    specs: [] as ContainerSpec[],
    proxies: [],
    endpoints: {} as Record<string, string>,
    urls: [] as string[],
    backends: [] as Array<{ name: string; port: number }>,
    placeholders,
  };
  const p = group.params;
  const { service } = group;
  for (let i = 1; i <= group.count; i++) {
    const role = `${group.prefix}-${i}`;
    const port = service?.port ?? (await ctx.port(role));
    const limits = { cpus: service?.cpus ?? p.serviceCpus, memoryBytes: (service?.memoryMb ?? p.serviceMemoryMb) * 1024 * 1024 };
    if (service) {
      const bindings = { ...group.bindings, port: String(port), host: '127.0.0.1', instance: role };
      const env = serviceEnvOf(service, group.serviceEnv, bindings);
      part.specs.push(
        serviceSpec(serviceImage(ctx, service), service, { role, port, ...limits, env, cmd: serviceCommandOf(service, bindings) }),
      );
    } else {
      const env = group.worker
        ? taskApiWorkerEnv(group.bindings, p, group.serviceEnv)
        : { ...taskApiEnv(group.bindings, p), ...group.serviceEnv };
      part.specs.push(taskApiSpec(ctx.images, { role, port, ...limits, env }));
    }
    part.endpoints[role] = url(port);
    part.urls.push(url(port));
    part.backends.push({ name: role, port });
  }
  // Workers' counters are theirs, not the API's: only the API replicas are read per second.
  const map = group.worker ? undefined : service ? service.metrics : TASK_API_METRICS;
  const metrics = map ? { map, targets: part.backends.map((b) => ({ role: b.name, url: url(b.port) })) } : null;
  return { ...part, metrics };
}

export async function balancerPart(
  ctx: PlanContext,
  options: {
    role: string;
    backends: Array<{ name: string; port: number }>;
    params: ParamValues<typeof BALANCER_PARAMS>;
    healthPath: string;
  },
): Promise<Part & { url: string; statsUrl: string }> {
  const port = await ctx.port(options.role);
  const statsPort = await ctx.port(`${options.role}-stats`);
  const p = options.params;
  const spec = haproxySpec(ctx.images, {
    port,
    statsPort,
    backends: options.backends,
    healthCheck: { intervalMs: p.healthIntervalMs, rise: p.healthRise, fall: p.healthFall, path: options.healthPath },
    ...(p.lbRetries > 0 ? { retries: p.lbRetries } : {}),
  });
  return {
    specs: [{ ...spec, role: options.role }],
    proxies: [],
    endpoints: { [options.role]: url(port), [`${options.role} stats`]: `${url(statsPort)}/stats` },
    url: url(port),
    statsUrl: `${url(statsPort)}/stats`,
  };
}

export const redisUrl = (e: Edge): string => `redis://127.0.0.1:${e.proxyPort}`;

/** A PostgreSQL server as placeholders, through its Toxiproxy edge (so network faults reach any service). */
export const postgresBindings = (e: Edge): Record<string, string> => ({
  'postgres.url': postgresServerUrl(e.proxyPort),
  'postgres.host': '127.0.0.1',
  'postgres.port': String(e.proxyPort),
  'postgres.user': 'postgres',
  // Empty while the servers trust loopback; the placeholder is there so experiment files need no change later.
  'postgres.password': '',
});

export const redisBindings = (e: Edge): Record<string, string> => ({
  'redis.url': redisUrl(e),
  'redis.host': '127.0.0.1',
  'redis.port': String(e.proxyPort),
});
export const merge = (...parts: Part[]): Part => ({
  specs: parts.flatMap((p) => p.specs),
  proxies: parts.flatMap((p) => p.proxies),
  endpoints: Object.assign({}, ...parts.map((p) => p.endpoints)) as Record<string, string>,
  postgres: parts.flatMap((p) => p.postgres ?? []),
  redis: parts.flatMap((p) => p.redis ?? []),
});
