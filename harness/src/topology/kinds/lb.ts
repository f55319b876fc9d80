// `lb`: HAProxy (health checks, optional retries with redispatch) -> N replicas -> PostgreSQL.
// `cache`: the same plus Redis cache-aside between the replicas and the database.
import { planBalancedStack } from '../balanced-stack.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, resolveParams, type ParamSpecs } from '../params.ts';
import { postgresBindings, postgresPart } from '../parts.ts';

function oneDatabase<K extends string, S extends ParamSpecs>(kind: K, describe: string, params: S, cache: boolean) {
  return defineTopology({
    kind,
    describe,
    params,
    async plan(config, ctx) {
      const db = await postgresPart(ctx, 'postgres');
      return planBalancedStack(ctx, {
        kind,
        params: resolveParams(params, config) as never,
        serviceEnv: config.serviceEnv,
        service: config.service,
        data: db,
        bindings: postgresBindings(db.edge),
        cache,
      });
    },
  });
}

export const lbTopology = oneDatabase(
  'lb',
  'HAProxy -> N service replicas -> Toxiproxy -> PostgreSQL',
  { ...SERVICE_PARAMS, ...BALANCER_PARAMS },
  false,
);

export const cacheTopology = oneDatabase(
  'cache',
  'HAProxy -> N service replicas -> Toxiproxy -> Redis (cache-aside) and PostgreSQL',
  { ...SERVICE_PARAMS, ...BALANCER_PARAMS, ...CACHE_PARAMS },
  true,
);
