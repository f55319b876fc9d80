import { describe, expect, it } from 'vitest';
import { validateExperiment } from './validate.ts';

const experiment = (topology: Record<string, unknown>, faults: unknown[], more: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'faults',
  topology,
  load: {
    driver: 'closed',
    connections: 4,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 100 },
  },
  phases: [
    { name: 'baseline', durationMs: 5000 },
    { name: 'fault', durationMs: 5000, faults },
  ],
  ...more,
});

const found = async (value: Record<string, unknown>): Promise<string[][]> =>
  (await validateExperiment(value, 'x.ts', [0, 1])).map((i) => [i.path, i.message, i.hint]);

describe('faults against the topology they run on', () => {
  it('refuses a kill target beyond the replicas or at index 0, and says which variant lacks it', async () => {
    expect(
      await found(
        experiment({ kind: 'lb', replicas: 2 }, [
          { kind: 'kill', target: 'service:3' },
          { kind: 'pause', target: 'service:0' },
          { kind: 'cpu', target: 'service:random', cpus: 0.1 },
        ]),
      ),
    ).toEqual([
      [
        'phases[1].faults[0].target',
        '"service:3": there are only 2 service containers',
        'use an index from 1 to 2 (service-1, service-2), or service:random',
      ],
      [
        'phases[1].faults[1].target',
        '"service:0": indexes start at 1 (there are only 2 service containers)',
        'use an index from 1 to 2 (service-1, service-2), or service:random',
      ],
    ]);
    const ladder = experiment({ kind: 'lb', replicas: 3 }, [{ kind: 'kill', target: 'service:2' }], {
      variants: [{ name: 'three' }, { name: 'single', topology: { kind: 'single' } }],
    });
    expect(await found(ladder)).toEqual([
      [
        'phases[1].faults[0].target',
        'variants[1] (kind single): "service:2": there is only 1 service container',
        'use service:1 (service-1), or a topology with more',
      ],
    ]);
  });

  it('refuses replica-failover without replicas, and a replica that is not one', async () => {
    expect(await found(experiment({ kind: 'cache' }, [{ kind: 'replica-failover' }]))).toEqual([
      [
        'phases[1].faults[0].kind',
        'replica-failover needs PostgreSQL streaming replicas, and topology cache has none',
        'use topology kind "replicas" (dbReplicas sets how many), or remove the fault',
      ],
    ]);
    const replicas = experiment({ kind: 'replicas', dbReplicas: 2 }, [
      { kind: 'replica-failover', replica: 'postgres-replica:3' },
      { kind: 'replica-failover', replica: 'service-1' },
      { kind: 'replica-failover', replica: 'postgres-replica-2' },
    ]);
    expect(await found(replicas)).toEqual([
      [
        'phases[1].faults[0].replica',
        '"postgres-replica:3": there are only 2 postgres-replica containers',
        'use an index from 1 to 2 (postgres-replica-1, postgres-replica-2), or postgres-replica:random',
      ],
      [
        'phases[1].faults[1].replica',
        'must name a PostgreSQL replica, got "service-1"',
        'a role (postgres-replica-1, postgres-replica-2) or <group>:<n> / <group>:random (postgres-replica)',
      ],
    ]);
  });

  it('refuses cache faults without a cache the service uses, in the base topology or a variant', async () => {
    expect(await found(experiment({ kind: 'lb' }, [{ kind: 'cache-flush' }]))).toEqual([
      [
        'phases[1].faults[0].kind',
        'cache-flush needs a cache, and topology lb has none',
        'use a topology with Redis (e.g. kind: "cache"), or remove the fault',
      ],
    ]);
    const variants = {
      variants: [{ name: 'cached' }, { name: 'off', topology: { cacheMode: 'off' } }, { name: 'single', topology: { kind: 'single' } }],
    };
    expect(await found(experiment({ kind: 'cache' }, [{ kind: 'hot-key-expiry', keys: 10 }], variants))).toEqual([
      [
        'phases[1].faults[0].kind',
        'variants[1]: hot-key-expiry changes nothing: the service does not use the cache (cacheMode "off")',
        'set cacheMode (e.g. "aside"), or remove the fault',
      ],
      [
        'phases[1].faults[0].kind',
        'variants[2] (kind single): hot-key-expiry needs a cache, and topology single has none',
        'use a topology with Redis (e.g. kind: "cache"), or remove the fault',
      ],
    ]);
    // Another service has its own keys; a flush empties whatever they are.
    const own = { kind: 'cache', service: { image: 'shop:1' } };
    expect(await found(experiment(own, [{ kind: 'cache-flush' }, { kind: 'hot-key-expiry', keys: 10 }]))).toEqual([
      [
        'phases[1].faults[1].kind',
        "expires the reference task-api's cache keys (tasks:user:1..N), which the experiment's own service does not use",
        'use cache-flush, which empties the whole cache whatever its keys',
      ],
    ]);
  });

  it('reports an edge missing from every variant once, without naming a variant', async () => {
    const value = experiment({ kind: 'cache' }, [{ kind: 'latency', edge: 'redis', latencyMs: 10 }], {
      variants: [
        { name: 'a', topology: { kind: 'single' } },
        { name: 'b', topology: { kind: 'lb' } },
      ],
    });
    expect(await found(value)).toEqual([
      ['phases[1].faults[0].edge', 'must be one of "postgres", got string "redis"', 'set it to one of: postgres'],
    ]);
  });

  it('refuses a one-shot fault, a durationMs or an everyMs as a standing condition', async () => {
    const value = experiment({ kind: 'replicas' }, [], {
      conditions: [
        { kind: 'cache-flush' },
        { kind: 'replica-failover' },
        { kind: 'latency', edge: 'postgres', latencyMs: 20, durationMs: 1000 },
        { kind: 'latency', edge: 'postgres', latencyMs: 20 },
      ],
    });
    expect(await found(value)).toEqual([
      [
        'conditions[0].kind',
        'cache-flush happens once, with nothing to roll back: an event, not a condition that holds for the variant',
        'move it into a phase\'s faults, e.g. { name: "event", durationMs: 20000, faults: [{ kind: "cache-flush" }] }',
      ],
      [
        'conditions[1].kind',
        'replica-failover happens once, with nothing to roll back: an event, not a condition that holds for the variant',
        'move it into a phase\'s faults, e.g. { name: "event", durationMs: 20000, faults: [{ kind: "replica-failover" }] }',
      ],
      [
        'conditions[2].durationMs',
        'has no meaning on a condition, which holds until the variant ends',
        'move the fault into a phase to end it early, or drop durationMs',
      ],
    ]);
  });

  it('refuses a fault longer than its phase, a period that never repeats, and a repeated failover', async () => {
    const value = experiment({ kind: 'replicas' }, [
      { kind: 'kill', target: 'postgres', durationMs: 6000 },
      { kind: 'down', edge: 'postgres', durationMs: 500, everyMs: 5000 },
      { kind: 'latency', edge: 'postgres', latencyMs: 20, durationMs: 5000 },
      { kind: 'replica-failover', everyMs: 2000 },
    ]);
    expect(await found(value)).toEqual([
      [
        'phases[1].faults[0].durationMs',
        'is 6000 ms, longer than its phase (5000 ms): the fault is rolled back at the phase end anyway',
        'make it at most 5000, or drop durationMs to roll it back at the phase end',
      ],
      [
        'phases[1].faults[1].everyMs',
        'is 5000 ms, not shorter than its phase (5000 ms), so the fault never repeats',
        'make it shorter than 5000, or drop everyMs to apply the fault once',
      ],
      ['phases[1].faults[3].everyMs', 'replica-failover happens once and is not rolled back, so it cannot repeat', 'drop everyMs'],
    ]);
  });

  it('checks the fields without a topology to check them against', async () => {
    const value = experiment({ kind: 'nope' }, [
      { kind: 'kill', target: 5 },
      { kind: 'down', edge: 'anything' },
    ]);
    expect((await found(value)).filter(([path]) => path!.startsWith('phases'))).toEqual([
      [
        'phases[1].faults[0].target',
        'must name a container, got number 5',
        'a role, e.g. "postgres", or <group>:<n> / <group>:random, e.g. "service:2"',
      ],
    ]);
  });
});
