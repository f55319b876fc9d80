import { describe, expect, it } from 'vitest';
import { validateExperiment } from './validate.ts';

const experiment = (
  topology: Record<string, unknown>,
  thresholds: string[],
  more: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name: 'figures',
  topology,
  load: {
    driver: 'closed',
    connections: 4,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 100 },
  },
  phases: [{ name: 'steady', durationMs: 5000 }],
  thresholds,
  ...more,
});

const found = async (value: Record<string, unknown>): Promise<string[][]> =>
  (await validateExperiment(value, 'x.ts', [0, 1])).map((i) => [i.path, i.message, i.hint]);

describe('thresholds on figures the experiment does not measure', () => {
  it('refuses probe figures without their probe', async () => {
    expect(
      await found(experiment({ kind: 'lb' }, ['*.staleRate == 0', 'steady.lostWrites == 0'], { probes: [{ kind: 'read-after-write' }] })),
    ).toEqual([
      [
        'thresholds[1]',
        '"steady.lostWrites == 0": lostWrites is not measured: the write-ledger probe counts it, and the experiment runs none',
        "add probes: [{ kind: 'write-ledger', ratePerSec: 50 }], or drop the threshold",
      ],
    ]);
  });

  it('refuses cache figures without a cache the service uses', async () => {
    expect(await found(experiment({ kind: 'lb' }, ['steady.cacheHitRatio > 0.5', 'steady.redis.redis.hitRatio.mean > 0.5']))).toEqual([
      [
        'thresholds[0]',
        '"steady.cacheHitRatio > 0.5": cacheHitRatio is not measured: topology lb has no cache',
        'use a topology with a cache (e.g. kind: "cache"), or drop the threshold',
      ],
      [
        'thresholds[1]',
        '"steady.redis.redis.hitRatio.mean > 0.5": redis.redis.hitRatio.mean is not measured: topology lb has no Redis',
        'use a topology with a cache (e.g. kind: "cache"), or drop the threshold',
      ],
    ]);
    expect(await found(experiment({ kind: 'replicas', cacheMode: 'off' }, ['steady.cacheHitRatio > 0.5']))).toEqual([
      [
        'thresholds[0]',
        '"steady.cacheHitRatio > 0.5": cacheHitRatio is not measured: the service does not use the cache (cacheMode "off")',
        'set cacheMode (e.g. "aside"), or drop the threshold',
      ],
    ]);
  });

  it('refuses HAProxy and broker figures on topologies without them', async () => {
    expect(
      await found(
        experiment({ kind: 'single' }, ['steady.haproxy.service-1.up.mean == 1', 'steady.postgres.primary.connections.peak < 50']),
      ),
    ).toEqual([
      [
        'thresholds[0]',
        '"steady.haproxy.service-1.up.mean == 1": haproxy.service-1.up.mean is not measured: topology single has no HAProxy',
        'use a topology with a balancer (e.g. kind: "lb"), or drop the threshold',
      ],
    ]);
    expect(await found(experiment({ kind: 'cache' }, ['steady.broker.tasks.lag.peak < 10']))).toEqual([
      [
        'thresholds[0]',
        '"steady.broker.tasks.lag.peak < 10": broker.tasks.lag.peak is not measured: topology cache has no queue broker',
        'broker figures come from kind: "queue"; or drop the threshold',
      ],
    ]);
    expect(
      await found(experiment({ kind: 'queue' }, ['steady.broker.tasks.lag.peak < 10', 'steady.haproxy.service-1.up.mean == 1'])),
    ).toEqual([]);
  });

  it("refuses the reference service's counters with another service", async () => {
    const own = { kind: 'cache', service: { image: 'shop:1', metrics: { path: '/metrics', counters: { ordersPerSec: 'orders_total' } } } };
    expect(
      await found(experiment(own, ['steady.dbQueriesPerSec < 100', 'steady.service.all.ordersPerSec.mean > 1', 'steady.p99 < 100ms'])),
    ).toEqual([
      [
        'thresholds[0]',
        '"steady.dbQueriesPerSec < 100": dbQueriesPerSec is not measured: it comes from the reference task-api\'s counters, which the experiment\'s own service does not have',
        "name a figure of your service's metrics map instead: <phase>.service.all.<figure>.mean",
      ],
    ]);
  });

  it('names the variant; over every variant (*) it refuses only a figure no variant measures', async () => {
    const ladder = {
      variants: [{ name: 'single' }, { name: 'lb', topology: { kind: 'lb' } }, { name: 'cache', topology: { kind: 'cache' } }],
    };
    // `*` over a ladder: meant for the rungs that measure it (--variant may run only those).
    expect(await found(experiment({ kind: 'single' }, ['*.cacheHitRatio > 0.5', 'cache.steady.cacheHitRatio > 0.5'], ladder))).toEqual([]);
    expect(
      await found(
        experiment(
          { kind: 'single' },
          ['lb.steady.cacheHitRatio > 0.5', '*.haproxy.service-1.up.mean == 1', 'cache.steady.cacheHitRatio > single.steady.cacheHitRatio'],
          ladder,
        ),
      ),
    ).toEqual([
      [
        'thresholds[0]',
        '"lb.steady.cacheHitRatio > 0.5": cacheHitRatio is not measured in variant "lb": topology lb has no cache',
        'use a topology with a cache (e.g. kind: "cache"), or drop the threshold',
      ],
      [
        'thresholds[2]',
        '"cache.steady.cacheHitRatio > single.steady.cacheHitRatio": cacheHitRatio is not measured in variant "single": topology single has no cache',
        'use a topology with a cache (e.g. kind: "cache"), or drop the threshold',
      ],
    ]);
    const noCache = { variants: [{ name: 'single' }, { name: 'lb', topology: { kind: 'lb' } }] };
    expect(await found(experiment({ kind: 'single' }, ['*.*.cacheHitRatio > 0.5'], noCache))).toEqual([
      [
        'thresholds[0]',
        '"*.*.cacheHitRatio > 0.5": cacheHitRatio is not measured in any variant: topology single has no cache; topology lb has no cache',
        'use a topology with a cache (e.g. kind: "cache"), or drop the threshold',
      ],
    ]);
  });
});
