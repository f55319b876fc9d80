// `lb`: HAProxy (health checks, optional retries with redispatch) -> N replicas -> PostgreSQL.
import { planBalancedStack } from '../balanced-stack.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, SERVICE_PARAMS, resolveParams } from '../params.ts';
import { postgresPart, viaProxy } from '../parts.ts';

const params = { ...SERVICE_PARAMS, ...BALANCER_PARAMS };

export const lbTopology = defineTopology({
  kind: 'lb',
  describe: 'HAProxy -> N task-api replicas -> Toxiproxy -> PostgreSQL',
  params,
  async plan(config, ctx) {
    const db = await postgresPart(ctx, 'postgres');
    return planBalancedStack(ctx, {
      kind: 'lb',
      params: resolveParams(params, config),
      serviceEnv: config.serviceEnv,
      data: db,
      dataEnv: { DATABASE_URL: viaProxy(db.edge) },
      cache: false,
    });
  },
});
