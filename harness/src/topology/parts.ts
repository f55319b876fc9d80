// Building blocks shared by the topology plans. Every dependency edge gets a Toxiproxy proxy.
import type { ProxyEdge } from '../fault/toxiproxy/toxiproxy-api.ts';
import type { ContainerSpec } from '../runtime/runtime.ts';
import type { ParamValues } from './params.ts';
import { BALANCER_PARAMS, SERVICE_PARAMS } from './params.ts';
import { url, type PlanContext } from './plan.ts';
import { haproxySpec } from './roles/haproxy.ts';
import { postgresReplicaSpec } from './roles/postgres-replica.ts';
import { postgresSpec, postgresUrl } from './roles/postgres.ts';
import { redisSpec } from './roles/redis.ts';
import { taskApiSpec } from './roles/task-api.ts';
import { toxiproxySpec } from './roles/toxiproxy.ts';

export interface Part {
  specs: ContainerSpec[];
  proxies: ProxyEdge[];
  endpoints: Record<string, string>;
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

export async function postgresPart(ctx: PlanContext, role: string, options: { synchronousStandby?: boolean } = {}): Promise<Part & { edge: Edge }> {
  const e = await edge(ctx, role);
  return {
    specs: [postgresSpec(ctx.images, { role, port: e.port, ...options })],
    proxies: [e.proxy],
    endpoints: { [role]: postgresUrl(e.port), [`${role} (via toxiproxy)`]: postgresUrl(e.proxyPort) },
    edge: e,
  };
}

/** Streaming replicas of `primary`, each replicating through its own Toxiproxy edge and read through another. */
export async function replicaParts(ctx: PlanContext, primary: Edge, count: number): Promise<Part & { edges: Edge[] }> {
  const part: Part & { edges: Edge[] } = { specs: [], proxies: [], endpoints: {}, edges: [] };
  for (let i = 1; i <= count; i++) {
    const role = `postgres-replica-${i}`;
    const replication = await proxyTo(ctx, `replication-${i}`, primary.port);
    const read = await edge(ctx, role);
    part.specs.push(postgresReplicaSpec(ctx.images, { role, port: read.port, primaryPort: replication.proxyPort }));
    part.proxies.push(replication.proxy, read.proxy);
    part.endpoints[role] = postgresUrl(read.port);
    part.endpoints[`${role} (via toxiproxy)`] = postgresUrl(read.proxyPort);
    part.edges.push(read);
  }
  return part;
}

export async function redisPart(ctx: PlanContext, role: string): Promise<Part & { edge: Edge; cache: { role: string; port: number } }> {
  const e = await edge(ctx, role);
  return {
    specs: [{ ...redisSpec(ctx.images, { port: e.port }), role }],
    proxies: [e.proxy],
    endpoints: { [role]: `redis://127.0.0.1:${e.port}`, [`${role} (via toxiproxy)`]: `redis://127.0.0.1:${e.proxyPort}` },
    edge: e,
    cache: { role, port: e.port },
  };
}

export async function servicesPart(
  ctx: PlanContext,
  options: { prefix: string; count: number; params: ParamValues<typeof SERVICE_PARAMS>; env: Record<string, string> },
): Promise<Part & { urls: string[]; backends: Array<{ name: string; port: number }> }> {
  const part = { specs: [] as ContainerSpec[], proxies: [], endpoints: {} as Record<string, string>, urls: [] as string[], backends: [] as Array<{ name: string; port: number }> };
  const p = options.params;
  for (let i = 1; i <= options.count; i++) {
    const role = `${options.prefix}-${i}`;
    const port = await ctx.port(role);
    part.specs.push(
      taskApiSpec(ctx.images, {
        role,
        port,
        cpus: p.serviceCpus,
        memoryBytes: p.serviceMemoryMb * 1024 * 1024,
        env: { DB_POOL_MAX: String(p.dbPoolMax), SEED_USERS: String(p.seedUsers), SEED_TASKS: String(p.seedTasks), ...options.env },
      }),
    );
    part.endpoints[role] = url(port);
    part.urls.push(url(port));
    part.backends.push({ name: role, port });
  }
  return part;
}

export async function balancerPart(
  ctx: PlanContext,
  options: { role: string; backends: Array<{ name: string; port: number }>; params: ParamValues<typeof BALANCER_PARAMS> },
): Promise<Part & { url: string }> {
  const port = await ctx.port(options.role);
  const p = options.params;
  const spec = haproxySpec(ctx.images, {
    port,
    backends: options.backends,
    healthCheck: { intervalMs: p.healthIntervalMs, rise: p.healthRise, fall: p.healthFall, path: '/health' },
    ...(p.lbRetries > 0 ? { retries: p.lbRetries } : {}),
  });
  return { specs: [{ ...spec, role: options.role }], proxies: [], endpoints: { [options.role]: url(port) }, url: url(port) };
}

export const redisUrl = (e: Edge): string => `redis://127.0.0.1:${e.proxyPort}`;
export const viaProxy = (e: Edge): string => postgresUrl(e.proxyPort);
export const merge = (...parts: Part[]): Part => ({
  specs: parts.flatMap((p) => p.specs),
  proxies: parts.flatMap((p) => p.proxies),
  endpoints: Object.assign({}, ...parts.map((p) => p.endpoints)) as Record<string, string>,
});
