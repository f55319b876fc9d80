// `queue`: `cache` where every write also publishes an event to a Redis stream; worker containers consume it
// into a projection. Redis Streams: already in the stack image, and consumer groups report backlog natively.
import { planBalancedStack } from '../balanced-stack.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, resolveParams } from '../params.ts';
import { merge, postgresBindings, postgresPart, redisPart, redisUrl, servicesPart } from '../parts.ts';

const params = {
  ...SERVICE_PARAMS,
  ...BALANCER_PARAMS,
  ...CACHE_PARAMS,
  workers: { type: 'int', default: 1, min: 1, max: 8, describe: 'queue consumers (worker containers)' },
  workerDelayMs: { type: 'int', default: 0, min: 0, max: 60_000, describe: 'extra processing time per event, ms (a slow consumer)' },
} as const;

export const queueTopology = defineTopology({
  kind: 'queue',
  describe: '`cache` plus a Redis Streams queue: writes publish events, worker containers consume them',
  params,
  async plan(config, ctx) {
    const p = resolveParams(params, config);
    const db = await postgresPart(ctx, 'postgres');
    const broker = await redisPart(ctx, 'queue', { broker: true });
    const bindings = { ...postgresBindings(db.edge), 'broker.url': redisUrl(broker.edge) };
    // The reference service's workers (validation refuses this kind with another service: it has no worker).
    const workers = await servicesPart(ctx, {
      prefix: 'worker',
      count: p.workers,
      params: p,
      bindings,
      serviceEnv: config.serviceEnv,
      worker: true,
    });
    return planBalancedStack(ctx, {
      kind: 'queue',
      params: p,
      serviceEnv: config.serviceEnv,
      service: config.service,
      data: merge(db, broker),
      bindings,
      cache: true,
      late: workers,
    });
  },
});
