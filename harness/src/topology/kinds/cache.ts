// `cache`: HAProxy -> N replicas -> Toxiproxy -> Redis (cache-aside) and PostgreSQL.
import { planBalancedStack } from '../balanced-stack.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, resolveParams } from '../params.ts';
import { postgresPart, viaProxy } from '../parts.ts';

const params = { ...SERVICE_PARAMS, ...BALANCER_PARAMS, ...CACHE_PARAMS };

export const cacheTopology = defineTopology({
  kind: 'cache',
  describe: 'HAProxy -> N task-api replicas -> Toxiproxy -> Redis (cache-aside) and PostgreSQL',
  params,
  async plan(config, ctx) {
    const db = await postgresPart(ctx, 'postgres');
    return planBalancedStack(ctx, {
      kind: 'cache',
      params: resolveParams(params, config),
      serviceEnv: config.serviceEnv,
      data: db,
      dataEnv: { DATABASE_URL: viaProxy(db.edge) },
      cache: true,
    });
  },
});
