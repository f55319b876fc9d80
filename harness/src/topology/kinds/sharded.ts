// `sharded`: `cache` with N PostgreSQL shards; the service routes by user_id and each shard holds only its users.
import { planBalancedStack } from '../balanced-stack.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, resolveParams } from '../params.ts';
import { merge, postgresPart } from '../parts.ts';
import { postgresServerUrl } from '../roles/postgres.ts';

const params = {
  ...SERVICE_PARAMS,
  ...BALANCER_PARAMS,
  ...CACHE_PARAMS,
  shards: { type: 'int', default: 4, min: 2, max: 16, describe: 'PostgreSQL shards' },
  // Modulo by default: an even spread and the simplest mapping to check by hand; `jump` (Jump Consistent
  // Hash) moves only ~1/N of the users when a shard is added, which is what resharding experiments need.
  shardRouting: { type: 'enum', default: 'modulo', values: ['modulo', 'jump'], describe: 'user_id -> shard mapping' },
} as const;

export const shardedTopology = defineTopology({
  kind: 'sharded',
  describe: '`cache` with N PostgreSQL shards, routed by user_id (modulo or jump consistent hash)',
  params,
  async plan(config, ctx) {
    const p = resolveParams(params, config);
    const shards = [];
    for (let i = 0; i < p.shards; i++) shards.push(await postgresPart(ctx, `postgres-shard-${i}`));
    const urls = shards.map((s) => postgresServerUrl(s.edge.proxyPort));
    return planBalancedStack(ctx, {
      kind: 'sharded',
      params: p,
      serviceEnv: config.serviceEnv,
      service: config.service,
      data: merge(...shards),
      bindings: { 'shards.urls': urls.join(','), 'shards.count': String(urls.length) },
      cache: true,
    });
  },
});
