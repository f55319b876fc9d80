// The shape most rungs share: Toxiproxy + data stores, then (optionally) more data stores, then N service
// replicas, then HAProxy in front; optionally Redis cache-aside and extra processes (workers).
import type { ContainerSpec } from '../runtime/runtime.ts';
import type { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, ParamValues } from './params.ts';
import { balancerPart, merge, redisBindings, redisPart, servicesPart, toxiproxyPart, type Part } from './parts.ts';
import type { Bindings } from './service/placeholders.ts';
import { healthPathOf, type ServiceConfig } from './service/service-config.ts';
import type { PlanContext, TopologyPlan } from './plan.ts';

type StackParams = ParamValues<typeof SERVICE_PARAMS> & ParamValues<typeof BALANCER_PARAMS> & Partial<ParamValues<typeof CACHE_PARAMS>>;

export interface StackOptions {
  kind: string;
  params: StackParams & Record<string, unknown>;
  serviceEnv: Record<string, string> | undefined;
  service: ServiceConfig | undefined;
  /** Data stores started with Toxiproxy in the first stage. */
  data: Part;
  /** Stages between the first and the services (e.g. replicas that need the primary up). */
  middle?: Part;
  /** Where the data lives, as placeholders for the service (the cache's are added here). */
  bindings: Bindings;
  /** Redis in front of the data (the reference service's cache-aside uses params.cacheMode / cacheTtlSec). */
  cache: boolean;
  /** Started with the balancer, after the services (e.g. queue workers). */
  late?: Part & { urls: string[] };
}

export async function planBalancedStack(ctx: PlanContext, o: StackOptions): Promise<TopologyPlan> {
  const p = o.params;
  const toxiproxy = await toxiproxyPart(ctx);
  const redis = o.cache ? await redisPart(ctx, 'redis') : undefined;
  const bindings = { ...o.bindings, ...(redis ? redisBindings(redis.edge) : {}) };
  const healthPath = healthPathOf(o.service);
  const count = o.service?.replicas ?? p.replicas;
  const services = await servicesPart(ctx, { prefix: 'service', count, params: p, bindings, service: o.service, serviceEnv: o.serviceEnv });
  const lb = await balancerPart(ctx, { role: 'haproxy', backends: services.backends, params: p, healthPath });
  const parts = [toxiproxy, o.data, ...(redis ? [redis] : []), ...(o.middle ? [o.middle] : []), services, lb, ...(o.late ? [o.late] : [])];
  const all = merge(...parts);
  const stages: ContainerSpec[][] = [
    [...o.data.specs, ...(redis?.specs ?? []), ...toxiproxy.specs],
    ...(o.middle ? [o.middle.specs] : []),
    services.specs,
    [...lb.specs, ...(o.late?.specs ?? [])],
  ];
  return {
    kind: o.kind,
    parameters: p,
    stages,
    proxies: all.proxies,
    standingToxics: [],
    toxiproxyApiUrl: toxiproxy.apiUrl,
    entryUrl: lb.url,
    serviceUrls: services.urls,
    metricsUrls: o.service ? [] : services.urls,
    serviceMetrics: services.metrics,
    workerUrls: o.late?.urls ?? [],
    endpoints: { entry: lb.url, ...all.endpoints },
    caches: redis ? [redis.cache] : [],
    placeholders: services.placeholders,
    healthPath,
    postgres: all.postgres ?? [],
    redis: all.redis ?? [],
    balancers: [{ role: 'haproxy', statsUrl: lb.statsUrl }],
    databases: { servers: (all.postgres ?? []).filter((s) => !s.replica), create: o.service?.databases ?? [] },
  };
}
