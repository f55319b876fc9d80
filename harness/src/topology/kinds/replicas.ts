// `replicas`: `cache` plus a PostgreSQL primary with streaming replicas; writes to the primary, reads to replicas.
import { planBalancedStack } from '../balanced-stack.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, resolveParams } from '../params.ts';
import { postgresBindings, postgresPart, replicaParts } from '../parts.ts';
import { postgresServerUrl } from '../roles/postgres.ts';

const params = {
  ...SERVICE_PARAMS,
  ...BALANCER_PARAMS,
  ...CACHE_PARAMS,
  dbReplicas: { type: 'int', default: 2, min: 1, max: 8, describe: 'PostgreSQL streaming replicas' },
  readRouting: {
    type: 'enum',
    default: 'replicas',
    values: ['replicas', 'read-your-writes', 'primary'],
    describe: 'where the service sends reads',
  },
  replication: {
    type: 'enum',
    default: 'async',
    values: ['async', 'sync'],
    describe: 'streaming replication; sync: a commit waits until a replica has flushed it',
  },
} as const;

export const replicasTopology = defineTopology({
  kind: 'replicas',
  describe: '`cache` with a PostgreSQL primary and streaming replicas (reads to replicas, writes to the primary)',
  params,
  async plan(config, ctx) {
    const p = resolveParams(params, config);
    const primary = await postgresPart(ctx, 'postgres', { synchronousStandby: p.replication === 'sync' });
    const replicas = await replicaParts(ctx, primary.server, p.dbReplicas);
    return planBalancedStack(ctx, {
      kind: 'replicas',
      params: p,
      serviceEnv: config.serviceEnv,
      service: config.service,
      data: primary,
      middle: replicas,
      bindings: {
        ...postgresBindings(primary.edge),
        'replicas.urls': replicas.edges.map((e) => postgresServerUrl(e.proxyPort)).join(','),
        'replicas.count': String(replicas.edges.length),
      },
      cache: true,
    });
  },
});
