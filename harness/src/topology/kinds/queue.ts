// `queue`: `cache` where every write also publishes an event to a Redis stream; worker containers consume it
// into a projection. Redis Streams: already in the stack image, and consumer groups report backlog natively.
import { planBalancedStack } from '../balanced-stack.ts';
import { defineTopology } from '../definition.ts';
import { BALANCER_PARAMS, CACHE_PARAMS, SERVICE_PARAMS, resolveParams } from '../params.ts';
import { merge, postgresPart, redisPart, redisUrl, servicesPart, viaProxy } from '../parts.ts';

const params = {
  ...SERVICE_PARAMS,
  ...BALANCER_PARAMS,
  ...CACHE_PARAMS,
  workers: { type: 'int', default: 1, min: 1, max: 8, describe: 'queue consumers (worker containers)' },
  workerDelayMs: { type: 'int', default: 0, min: 0, max: 60_000, describe: 'extra processing time per event, ms (a slow consumer)' },
} as const;

const sideEffect = (serviceEnv: Record<string, string> | undefined): Record<string, string> =>
  serviceEnv?.SIDE_EFFECT_ROUNDS !== undefined ? { SIDE_EFFECT_ROUNDS: serviceEnv.SIDE_EFFECT_ROUNDS } : {};

export const queueTopology = defineTopology({
  kind: 'queue',
  describe: '`cache` plus a Redis Streams queue: writes publish events, worker containers consume them',
  params,
  async plan(config, ctx) {
    const p = resolveParams(params, config);
    const db = await postgresPart(ctx, 'postgres');
    const broker = await redisPart(ctx, 'queue');
    const env = { DATABASE_URL: viaProxy(db.edge), QUEUE_URL: redisUrl(broker.edge) };
    const workers = await servicesPart(ctx, {
      prefix: 'worker',
      count: p.workers,
      params: p,
      // The side effect the API hands to the queue runs here (the service's SIDE_EFFECT_ROUNDS switch).
      env: { ...env, ROLE: 'worker', WORKER_DELAY_MS: String(p.workerDelayMs), ...sideEffect(config.serviceEnv) },
    });
    return planBalancedStack(ctx, {
      kind: 'queue',
      params: p,
      serviceEnv: config.serviceEnv,
      data: merge(db, broker),
      dataEnv: env,
      cache: true,
      late: workers,
    });
  },
});
