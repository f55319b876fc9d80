import { describe, expect, it } from 'vitest';
import { validateExperiment } from './validate.ts';

const valid = () => ({
  name: 'cache-stampede',
  topology: { kind: 'cache', replicas: 2, serviceCpus: 0.5 },
  load: {
    driver: 'closed',
    connections: 8,
    ratePerSec: 100,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'zipf', count: 100, exponent: 1 },
  },
  phases: [
    { name: 'baseline', durationMs: 5000 },
    { name: 'flush', durationMs: 5000, faults: [{ kind: 'cache-flush' }] },
  ],
});

describe('validateExperiment', () => {
  it('accepts a valid experiment', async () => {
    expect(await validateExperiment(valid(), 'x.ts')).toEqual([]);
  });

  it('collects every problem, each with the file, the field path and a fix', async () => {
    const bad = valid() as Record<string, any>;
    bad.name = 'Cache Stampede';
    bad.topology.replicas = 0;
    bad.load.connections = 1.5;
    bad.load.request.path = 'tasks';
    bad.phases[1].durationMs = 10;
    bad.phases[1].faults[0].kind = 'cache-flsh';
    const issues = await validateExperiment(bad, 'experiments/bad.ts');
    expect(issues.map((i) => i.path)).toEqual([
      'name',
      'topology.replicas',
      'load.connections',
      'load.request.path',
      'phases[1].durationMs',
      'phases[1].faults[0].kind',
    ]);
    for (const issue of issues) {
      expect(issue.file).toBe('experiments/bad.ts');
      expect(issue.hint.length).toBeGreaterThan(5);
    }
  });

  it('refuses a threshold on a service figure its metrics map does not name', async () => {
    const reference = {
      ...valid(),
      thresholds: ['flush.service.all.dbQueriesPerSec.peak < 500', 'flush.service.service-1.dbQueriesPrSec.mean < 5'],
    };
    expect((await validateExperiment(reference)).map((i) => [i.path, i.message, i.hint])).toEqual([
      [
        'thresholds[1]',
        '"flush.service.service-1.dbQueriesPrSec.mean < 5": the service\'s metrics map has no figure "dbQueriesPrSec"',
        'did you mean "dbQueriesPerSec"?',
      ],
    ]);
    const own = valid() as Record<string, any>;
    own.topology = {
      kind: 'lb',
      service: { image: 'shop:1', metrics: { path: '/metrics', counters: { ordersPerSec: 'shop_orders_total' } } },
    };
    own.phases[1].faults = [];
    own.thresholds = [
      'flush.service.all.ordersPerSec.mean > 1',
      'flush.service.all.replicas.mean >= 2',
      'flush.service.all.dbQueriesPerSec.mean < 1',
    ];
    expect((await validateExperiment(own)).map((i) => i.path)).toEqual(['thresholds[2]']);
  });

  it('requires a rate for the open and k6 drivers and keeps maxQueue to the open one', async () => {
    const open = valid() as Record<string, any>;
    open.load.driver = 'open';
    delete open.load.ratePerSec;
    const k6 = valid() as Record<string, any>;
    k6.load.driver = 'k6';
    k6.load.maxQueue = 10;
    const closed = valid() as Record<string, any>;
    closed.load.driver = 'wrk';
    expect((await validateExperiment(open)).map((i) => i.path)).toEqual(['load.ratePerSec']);
    expect((await validateExperiment(k6)).map((i) => i.path)).toEqual(['load.maxQueue']);
    expect((await validateExperiment(closed)).map((i) => [i.path, i.hint])).toEqual([
      ['load.driver', 'set it to one of: open, closed, autocannon, k6'],
    ]);
    const ok = valid() as Record<string, any>;
    ok.load.driver = 'open';
    ok.load.maxQueue = 0;
    expect(await validateExperiment(ok)).toEqual([]);
  });

  it('checks a capacity search and variants that change the topology kind against that kind', async () => {
    const ladder = valid() as Record<string, any>;
    ladder.topology = { kind: 'single', serviceCpus: 0.5 };
    ladder.phases = [{ name: 'warm-up', durationMs: 5000 }];
    ladder.capacity = { slo: 'p99<100ms,errors<1%', startRatePerSec: 200, maxRatePerSec: 8000, stepDurationMs: 5000 };
    ladder.variants = [{ name: 'single' }, { name: 'lb', topology: { kind: 'lb', replicas: 2 } }];
    expect(await validateExperiment(ladder)).toEqual([]);

    ladder.capacity = { slo: 'p99<<100', startRatePerSec: 500, maxRatePerSec: 100, stepDurationMs: 500, maxStep: 3 };
    ladder.variants = [
      { name: 'single', topology: { replicas: 2 } },
      { name: 'lb', topology: { kind: 'lbb' } },
    ];
    const paths = (await validateExperiment(ladder, 'experiments/ladder.ts')).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'variants[0].topology.replicas',
        'variants[1].topology.kind',
        'capacity.maxStep',
        'capacity.maxRatePerSec',
        'capacity.stepDurationMs',
      ]),
    );
    expect(paths.some((p) => p.startsWith('capacity.slo'))).toBe(true);
  });

  it('checks probes: known kinds, their own fields, one of each', async () => {
    const probed = valid() as Record<string, any>;
    probed.probes = [
      { kind: 'read-after-write', ratePerSec: 20, readDelayMs: 0 },
      { kind: 'write-ledger', ratePerSec: 50 },
    ];
    expect(await validateExperiment(probed)).toEqual([]);
    probed.probes = [
      { kind: 'write-ledger', readDelayMs: 5 },
      { kind: 'write-ledger' },
      { kind: 'stale-reads' },
      { kind: 'read-after-write', ratePerSec: 0 },
    ];
    expect((await validateExperiment(probed)).map((i) => i.path)).toEqual([
      'probes[0].readDelayMs',
      'probes[1].kind',
      'probes[2].kind',
      'probes[3].ratePerSec',
    ]);
  });

  it('checks the steady-state hypothesis', async () => {
    const steady = valid() as Record<string, any>;
    steady.steadyState = {
      checks: [{ path: '/health' }, { name: 'read', path: '/tasks/1', maxLatencyMs: 200 }],
      recoveryTimeoutMs: 20_000,
    };
    expect(await validateExperiment(steady)).toEqual([]);
    steady.steadyState = { checks: [{ path: 'health', expectStatus: 700 }], recoveryTimeoutMs: 5, recover: 1 };
    expect((await validateExperiment(steady)).map((i) => i.path)).toEqual([
      'steadyState.recover',
      'steadyState.recoveryTimeoutMs',
      'steadyState.checks[0].path',
      'steadyState.checks[0].expectStatus',
    ]);
  });

  it('suggests the intended field for a typo', async () => {
    const bad = valid() as Record<string, any>;
    bad.phses = bad.phases;
    delete bad.phases;
    const issues = await validateExperiment(bad);
    const typo = issues.find((i) => i.path === 'phses');
    expect(typo?.hint).toContain('"phases"');
    expect(issues.some((i) => i.path === 'phases')).toBe(true);
  });

  it('rejects duplicate phase names and keys beyond the seeded users', async () => {
    const bad = valid() as Record<string, any>;
    bad.phases[1].name = 'baseline';
    bad.topology.seedUsers = 50;
    const issues = await validateExperiment(bad);
    expect(issues.find((i) => i.path === 'phases[1].name')?.message).toContain('duplicate');
    expect(issues.find((i) => i.path === 'load.keys.count')?.message).toContain('from 1 to 50');
  });

  it("checks a variant's keys against its own seeded users", async () => {
    const exp = valid() as Record<string, any>;
    exp.variants = [
      { name: 'own-keys', topology: { seedUsers: 50 }, load: { keys: { distribution: 'uniform', count: 80 } } },
      { name: 'base-keys', topology: { seedUsers: 50 } },
      { name: 'fits', topology: { seedUsers: 50 }, load: { keys: { distribution: 'uniform', count: 50 } } },
    ];
    expect((await validateExperiment(exp)).map((i) => [i.path, i.message, i.hint])).toEqual([
      [
        'variants[0].load.keys.count',
        'must be an integer from 1 to 50, got number 80',
        'keys are user ids 1..count; at most the seeded users (50)',
      ],
      [
        'variants[1].topology.seedUsers',
        'seeds 50 users, fewer than the 100 keys (load.keys.count) this variant draws',
        'seed at least 100 users, or give the variant its own load.keys with a count up to 50',
      ],
    ]);
  });

  it('names a non-object export', async () => {
    expect((await validateExperiment(undefined))[0]?.path).toBe('(default export)');
  });

  it('checks fault targets and edges against every variant’s topology', async () => {
    const exp = valid() as Record<string, any>;
    exp.variants = [{ name: 'two' }, { name: 'three', topology: { replicas: 3 } }];
    exp.phases[1].faults = [
      { kind: 'kill', target: 'service-3' },
      { kind: 'latency', edge: 'postgress', latencyMs: 100 },
      { kind: 'pause', target: 'service:random', durationMs: 500 },
      { kind: 'reset-peer', edge: 'postgres', toxicity: 2 },
    ];
    const issues = await validateExperiment(exp);
    expect(issues.map((i) => i.path)).toEqual(['phases[1].faults[0].target', 'phases[1].faults[1].edge', 'phases[1].faults[3].toxicity']);
    expect(issues[1]!.hint).toContain('postgres');
  });

  it('checks flapping faults: everyMs needs a shorter durationMs, except for one-shot faults, and not on a condition', async () => {
    const exp = valid() as Record<string, any>;
    exp.phases[1].faults = [
      { kind: 'down', edge: 'postgres', durationMs: 800, everyMs: 2000 },
      { kind: 'down', edge: 'postgres', everyMs: 2000 },
      { kind: 'latency', edge: 'postgres', latencyMs: 100, durationMs: 2000, everyMs: 2000 },
      { kind: 'cache-flush', everyMs: 2500 },
      { kind: 'cache-flush', everyMs: 10 },
    ];
    exp.conditions = [{ kind: 'latency', edge: 'postgres', latencyMs: 5, durationMs: 100, everyMs: 1000 }];
    const issues = await validateExperiment(exp);
    expect(issues.map((i) => i.path)).toEqual([
      'phases[1].faults[1].durationMs',
      'phases[1].faults[2].durationMs',
      'phases[1].faults[4].everyMs',
      'conditions[0].everyMs',
      'conditions[0].durationMs',
    ]);
    expect(issues[0]!.hint).toContain('below everyMs (2000)');
  });

  it('validates variants: names, known topology parameters and their ranges', async () => {
    const exp = valid() as Record<string, any>;
    exp.variants = [{ name: 'a', topology: { cacheMode: 'magic', shards: 2 } }, { name: 'a' }];
    const paths = (await validateExperiment(exp)).map((i) => i.path);
    expect(paths).toEqual(['variants[0].topology.shards', 'variants[0].topology.cacheMode', 'variants[1].name']);
  });
});

describe('validateExperiment: cpuSplit', () => {
  it('accepts a generator CPU list from the allowed CPUs, or false', async () => {
    expect(await validateExperiment({ ...valid(), cpuSplit: { generatorCpus: '3' } }, 'x.ts', [0, 1, 2, 3])).toEqual([]);
    expect(await validateExperiment({ ...valid(), cpuSplit: false }, 'x.ts', [0, 1])).toEqual([]);
  });

  it('collects CPU problems with the others, naming the field and the fix', async () => {
    const bad = { ...valid(), name: 'Bad', cpuSplit: { generatorCpus: '0-2' } };
    const issues = await validateExperiment(bad, 'experiments/bad.ts', [0, 1]);
    expect(issues.map((i) => i.path)).toEqual(['name', 'cpuSplit.generatorCpus', 'cpuSplit.generatorCpus']);
    expect(issues[1]).toEqual({
      file: 'experiments/bad.ts',
      path: 'cpuSplit.generatorCpus',
      message: 'CPU 2 does not exist or is not allowed for this process (allowed: 0-1)',
      hint: 'pick generator CPUs from 0-1',
    });
    expect(issues[2]!.message).toContain('leaves no CPU for the system under test');
  });

  it("takes the experiment's own service, and refuses what only the reference service has", async () => {
    const own = valid() as Record<string, any>;
    own.topology = {
      kind: 'cache',
      replicas: 2,
      service: { image: 'orders:1', env: { DATABASE_URL: '{postgres.url}/orders', CACHE: '{redis.url}' } },
    };
    // Keys are the service's ids, not the reference's seeded users.
    own.load.keys = { distribution: 'uniform', count: 50_000 };
    expect(await validateExperiment(own, 'x.ts')).toEqual([]);
    const messages = async (change: (e: Record<string, any>) => void): Promise<string[]> => {
      const e = structuredClone(own);
      change(e);
      return (await validateExperiment(e, 'x.ts')).map((i) => `${i.path}: ${i.message}`);
    };
    expect(
      await messages((e) => {
        e.probes = [{ kind: 'write-ledger' }];
        e.variants = [{ name: 'a' }, { name: 'b', topology: { cacheMode: 'swr' } }];
      }),
    ).toEqual([
      'variants[1].topology.cacheMode: is a switch of the reference task-api, which this experiment replaces with its own service',
      "probes[0].write: is needed with the experiment's own service: the ledger cannot guess its API",
      "probes[0].verify: is needed with the experiment's own service: the ledger cannot guess where its writes land",
    ]);
    expect(await messages((e) => (e.probes = [{ kind: 'read-after-write' }]))).toEqual([
      expect.stringMatching(/^probes\[0\]\.kind: read-after-write speaks the reference task-api's API/),
    ]);
    // The ledger with the service's own write, found in its own database afterwards.
    const ledger = {
      kind: 'write-ledger',
      write: { path: '/orders', body: '{"ref":"{title}"}' },
      verify: { database: 'orders', query: 'SELECT ref FROM orders WHERE ref LIKE $1' },
    };
    expect(await messages((e) => (e.probes = [ledger]))).toEqual([
      'probes[0].verify.database: "orders" is not one of the service\'s databases (none declared)',
    ]);
    expect(
      await messages((e) => {
        e.topology.service.databases = [{ name: 'orders' }];
        e.probes = [ledger];
      }),
    ).toEqual([]);
    expect(
      await messages((e) => {
        e.topology.service.databases = [{ name: 'orders' }];
        e.probes = [{ ...ledger, write: { method: 'GET', path: '/orders', colour: 1 }, verify: { database: 'orders', query: 'SELECT 1' } }];
      }),
    ).toEqual([
      'probes[0].write.colour: unknown field "colour"',
      'probes[0].write.method: must be one of "POST", "PUT", "PATCH", got string "GET"',
      'probes[0].write: does not carry {title} in its path or body',
      'probes[0].verify.query: must be SQL with $1 (the LIKE pattern of the ledger\'s titles), got string "SELECT 1"',
    ]);
    // Planned per variant: `single` has no Redis for {redis.url}.
    expect(await messages((e) => (e.variants = [{ name: 'a' }, { name: 'c', topology: { kind: 'single' } }]))).toContain(
      'topology.service.env.CACHE: variants[1] (kind single): {redis.url} is not something this topology has',
    );
  });
});
