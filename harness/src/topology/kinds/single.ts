// `single`: one service instance -> PostgreSQL. The first rung: no cache, no balancer.
import { SERVICE_PARAMS, resolveParams } from '../params.ts';
import { merge, postgresBindings, postgresPart, servicesPart, toxiproxyPart } from '../parts.ts';
import { healthPathOf } from '../service/service-config.ts';
import { defineTopology } from '../definition.ts';

export const singleTopology = defineTopology({
  kind: 'single',
  describe: 'one service replica -> Toxiproxy -> PostgreSQL (no cache, no balancer)',
  params: SERVICE_PARAMS,
  async plan(config, ctx) {
    const p = resolveParams(SERVICE_PARAMS, config);
    const toxiproxy = await toxiproxyPart(ctx);
    const db = await postgresPart(ctx, 'postgres');
    const services = await servicesPart(ctx, {
      prefix: 'service',
      count: 1,
      params: p,
      bindings: postgresBindings(db.edge),
      service: config.service,
      serviceEnv: config.serviceEnv,
    });
    const all = merge(toxiproxy, db, services);
    return {
      kind: 'single',
      parameters: p,
      stages: [[...db.specs, ...toxiproxy.specs], services.specs],
      proxies: all.proxies,
      standingToxics: [],
      toxiproxyApiUrl: toxiproxy.apiUrl,
      entryUrl: services.urls[0]!,
      serviceUrls: services.urls,
      metricsUrls: config.service ? [] : services.urls,
      serviceMetrics: services.metrics,
      workerUrls: [],
      endpoints: { entry: services.urls[0]!, ...all.endpoints },
      caches: [],
      placeholders: services.placeholders,
      healthPath: healthPathOf(config.service),
      postgres: all.postgres ?? [],
      redis: all.redis ?? [],
      balancers: [],
      databases: { servers: (all.postgres ?? []).filter((s) => !s.replica), create: config.service?.databases ?? [] },
    };
  },
});
