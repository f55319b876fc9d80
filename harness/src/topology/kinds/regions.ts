// `regions`: two regions, each with its balancer, replicas and cache. The database lives in region A;
// region B reaches it across an edge with added latency and jitter each way, standing in for distance.
import type { ContainerSpec } from '../../runtime/runtime.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, resolveParams } from '../params.ts';
import {
  balancerPart,
  merge,
  postgresBindings,
  postgresPart,
  proxyTo,
  redisBindings,
  redisPart,
  servicesPart,
  toxiproxyPart,
  type Edge,
  type Part,
} from '../parts.ts';
import { healthPathOf } from '../service/service-config.ts';
import type { TopologyConfigOf } from '../definition.ts';
import type { PlanContext, StandingToxic } from '../plan.ts';

const params = {
  ...SERVICE_PARAMS,
  ...BALANCER_PARAMS,
  ...CACHE_PARAMS,
  interRegionLatencyMs: { type: 'int', default: 40, min: 0, max: 5000, describe: 'added latency each way between regions, ms' },
  interRegionJitterMs: { type: 'int', default: 5, min: 0, max: 5000, describe: 'jitter on that latency, ms' },
} as const;

type Params = ReturnType<typeof resolveParams<typeof params>>;
type RegionsConfig = TopologyConfigOf<'regions', typeof params>;

async function region(ctx: PlanContext, name: 'a' | 'b', p: Params, database: Edge, config: RegionsConfig) {
  const redis = await redisPart(ctx, `redis-${name}`);
  const services = await servicesPart(ctx, {
    prefix: `service-${name}`,
    count: config.service?.replicas ?? p.replicas,
    params: p,
    bindings: { ...postgresBindings(database), ...redisBindings(redis.edge) },
    service: config.service,
    serviceEnv: config.serviceEnv,
  });
  const lb = await balancerPart(ctx, {
    role: `haproxy-${name}`,
    backends: services.backends,
    params: p,
    healthPath: healthPathOf(config.service),
  });
  return { redis, services, lb };
}

export const regionsTopology = defineTopology({
  kind: 'regions',
  describe: 'two regions (balancer, replicas, cache each); the database is in A, B reaches it across a slow edge',
  params,
  async plan(config, ctx) {
    const p = resolveParams(params, config);
    const toxiproxy = await toxiproxyPart(ctx);
    const db = await postgresPart(ctx, 'postgres');
    const far = await proxyTo(ctx, 'postgres-from-b', db.edge.port);
    const a = await region(ctx, 'a', p, db.edge, config);
    const b = await region(ctx, 'b', p, far, config);
    const farPart: Part = { specs: [], proxies: [far.proxy], endpoints: {} };
    const all = merge(toxiproxy, db, farPart, a.redis, b.redis, a.services, b.services, a.lb, b.lb);
    const distance = (stream: StandingToxic['stream']): StandingToxic => ({
      edge: far.name,
      name: `distance-${stream}`,
      type: 'latency',
      stream,
      attributes: { latency: p.interRegionLatencyMs, jitter: p.interRegionJitterMs },
    });
    const stage0: ContainerSpec[] = [...db.specs, ...a.redis.specs, ...b.redis.specs, ...toxiproxy.specs];
    return {
      kind: 'regions',
      parameters: p,
      stages: [stage0, [...a.services.specs, ...b.services.specs], [...a.lb.specs, ...b.lb.specs]],
      proxies: all.proxies,
      standingToxics: p.interRegionLatencyMs > 0 || p.interRegionJitterMs > 0 ? [distance('upstream'), distance('downstream')] : [],
      toxiproxyApiUrl: toxiproxy.apiUrl,
      entryUrl: a.lb.url,
      serviceUrls: [...a.services.urls, ...b.services.urls],
      metricsUrls: config.service ? [] : [...a.services.urls, ...b.services.urls],
      serviceMetrics:
        a.services.metrics && b.services.metrics
          ? { map: a.services.metrics.map, targets: [...a.services.metrics.targets, ...b.services.metrics.targets] }
          : null,
      workerUrls: [],
      endpoints: { entry: a.lb.url, 'entry (region b)': b.lb.url, ...all.endpoints },
      caches: [a.redis.cache, b.redis.cache],
      placeholders: a.services.placeholders,
      healthPath: healthPathOf(config.service),
      postgres: all.postgres ?? [],
      redis: all.redis ?? [],
      balancers: [a.lb, b.lb].map((lb, i) => ({ role: `haproxy-${i === 0 ? 'a' : 'b'}`, statsUrl: lb.statsUrl })),
      databases: { servers: (all.postgres ?? []).filter((s) => !s.replica), create: config.service?.databases ?? [] },
    };
  },
});
