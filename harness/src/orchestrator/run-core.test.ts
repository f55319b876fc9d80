// The experiment core with a fake runtime and topology: no Docker. The load is the real open driver against a
// small in-process HTTP server on loopback; faults act on fake containers and a fake Toxiproxy that log what was
// done to them, so the order of things and their rollback on success, failure and abort can be asserted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDriver } from '../driver/create-driver.ts';
import { seededRandom } from '../driver/keys/zipf.ts';
import type { ExperimentDefinition } from '../experiment/types.ts';
import type { ProxyEdge, ToxiproxyApi } from '../fault/toxiproxy/toxiproxy-api.ts';
import { silentLogger } from '../log/logger.ts';
import { silentProgress } from '../progress/progress.ts';
import type { Runtime, StartedContainer } from '../runtime/runtime.ts';
import type { StartedTopology } from '../topology/topology.ts';
import { planRun as planValidated } from './plan.ts';
import { withParsedParts } from '../experiment/validated.ts';

import { assembleResult, runVariants, type CoreDeps } from './run-core.ts';

/** Plans an experiment as validation hands it on (with its thresholds and SLO parsed). */
const planRun = (e: ExperimentDefinition, options?: Parameters<typeof planValidated>[1]) => planValidated(withParsedParts(e), options);

interface Fake {
  /** What was done, in order: `toxic+ postgres latency`, `kill service-1`, `removeAll v1`, ... */
  log: string[];
  deps: (signal: AbortSignal) => CoreDeps;
  /** Health answers 500 while true (a system that does not recover). */
  unhealthy: { value: boolean };
  /** addToxic fails while true (a fault that cannot be applied). */
  toxicFails: { value: boolean };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function fake(): Promise<Fake> {
  const log: string[] = [];
  const unhealthy = { value: false };
  const toxicFails = { value: false };
  const server = createServer((req, res) => {
    const status = req.url === '/health' && unhealthy.value ? 500 : 200;
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const container = (role: string): StartedContainer => ({
    id: `fake-${role}`,
    name: `fake-${role}`,
    role,
    exec: async () => ({ exitCode: 0, output: '' }),
    kill: async () => void log.push(`kill ${role}`),
    pause: async () => void log.push(`pause ${role}`),
    unpause: async () => void log.push(`unpause ${role}`),
    stop: async () => void log.push(`stop ${role}`),
    restart: async () => void log.push(`restart ${role}`),
    remove: async () => undefined,
    stats: async () => ({ cpuPercent: 0, memoryBytes: 0 }),
    logs: async () => '',
    cpus: async () => 0,
    updateCpus: async () => undefined,
  });
  const edges: ProxyEdge[] = [{ name: 'postgres', listen: '127.0.0.1:1', upstream: '127.0.0.1:2' }];
  const toxiproxy: ToxiproxyApi = {
    url: 'http://127.0.0.1:1',
    createProxies: async () => undefined,
    setEnabled: async (edge, enabled) => void log.push(`${enabled ? 'enable' : 'disable'} ${edge}`),
    setUpstream: async () => undefined,
    upstreamOf: async () => '127.0.0.1:2',
    addToxic: async (edge, toxic) => {
      if (toxicFails.value) throw new Error('toxiproxy said no');
      log.push(`toxic+ ${edge} ${toxic.type}`);
    },
    removeToxic: async (edge) => void log.push(`toxic- ${edge}`),
    reset: async () => void log.push('toxiproxy reset'),
  };
  const topology = (): StartedTopology => ({
    kind: 'lb',
    parameters: {},
    endpoints: { entry: url },
    entryUrl: url,
    serviceUrls: [url],
    metricsUrls: [],
    serviceMetrics: null,
    postgres: [],
    redis: [],
    balancers: [],
    healthPath: '/health',
    workerUrls: [],
    containers: new Map(['postgres', 'service-1', 'service-2'].map((role) => [role, container(role)])),
    toxiproxy,
    proxies: edges,
    flushCache: async () => void log.push('flush'),
    deleteCacheKeys: async () => undefined,
  });
  const runtime = (scope: string): Runtime => ({
    runId: 'test',
    start: async () => {
      throw new Error('the fake topology starts no containers');
    },
    removeAll: async () => void log.push(`removeAll ${scope}`),
    sweepOrphans: async () => 0,
    serverVersion: async () => 'fake',
  });
  return {
    log,
    unhealthy,
    toxicFails,
    deps: (signal) => ({
      runtimeFor: runtime,
      startTopology: async () => {
        log.push('topology up');
        return topology();
      },
      driver: createDriver('open'),
      images: { flavor: 'local' } as CoreDeps['images'],
      logger: silentLogger,
      progress: silentProgress,
      signal,
      random: seededRandom(1),
      runId: 'test',
    }),
  };
}

const experiment = (over: Partial<ExperimentDefinition> = {}): ExperimentDefinition =>
  ({
    name: 'core',
    topology: { kind: 'lb' },
    load: {
      driver: 'open',
      connections: 8,
      ratePerSec: 40,
      request: { method: 'GET', path: '/tasks/{key}' },
      keys: { distribution: 'uniform', count: 100 },
    },
    phases: [
      { name: 'calm', durationMs: 500 },
      {
        name: 'storm',
        durationMs: 600,
        faults: [
          { kind: 'latency', edge: 'postgres', latencyMs: 50 },
          { kind: 'kill', target: 'service:1' },
        ],
      },
    ],
    variants: [{ name: 'a' }, { name: 'b' }],
    steadyState: { checks: [{ path: '/health' }], recoveryTimeoutMs: 1_000 },
    ...over,
  }) as ExperimentDefinition;

const context = { runId: 'test', startedAt: 'then', finishedAt: 'now', environment: {} as never };

describe('the experiment core', () => {
  it("runs variants in order, applies each phase's faults at its start and rolls them back at its end, and removes every container", async () => {
    const f = await fake();
    const e = experiment();
    const plan = planRun(e);
    const { outcomes, failure } = await runVariants(e, plan, f.deps(new AbortController().signal));
    expect(failure).toBeUndefined();
    const perVariant = [
      'topology up',
      'toxic+ postgres latency',
      'kill service-1',
      'restart service-1',
      'toxic- postgres',
      'toxiproxy reset',
    ];
    // Rolled back newest first; the next variant's topology starts while the previous one's containers go.
    expect(f.log.filter((l) => !l.startsWith('removeAll'))).toEqual([...perVariant, ...perVariant]);
    expect(f.log.filter((l) => l.startsWith('removeAll')).sort()).toEqual(['removeAll v1', 'removeAll v2']);
    const { result } = assembleResult(e, plan, outcomes, failure, context);
    expect(result.status).toBe('passed');
    expect(result.variants.map((v) => [v.name, v.phases.map((p) => p.name)])).toEqual([
      ['a', ['calm', 'storm']],
      ['b', ['calm', 'storm']],
    ]);
    for (const v of result.variants) {
      expect(v.phases[0]!.requests).toBeGreaterThan(5);
      expect(v.steadyState?.before?.passed).toBe(true);
      expect(v.steadyState?.after?.passed).toBe(true);
    }
    const kinds = result.events!.filter((ev) => ev.variant === 'a').map((ev) => `${ev.phase}:${ev.kind}`);
    expect(kinds.filter((k) => /steady|fault/.test(k))).toEqual([
      ':steady-state-before',
      'storm:fault-applied',
      'storm:fault-applied',
      'storm:fault-reverted',
      'storm:fault-reverted',
      'storm:steady-state-after',
    ]);
  });

  it('on a fault that cannot be applied: the run is an error, what was applied is rolled back, and the containers go', async () => {
    const f = await fake();
    const e = experiment({
      variants: [{ name: 'a' }],
      phases: [
        { name: 'calm', durationMs: 500, faults: [{ kind: 'kill', target: 'service:2' }] },
        { name: 'storm', durationMs: 500, faults: [{ kind: 'latency', edge: 'postgres', latencyMs: 50 }] },
      ],
    });
    f.toxicFails.value = true;
    const plan = planRun(e);
    const { outcomes, failure } = await runVariants(e, plan, f.deps(new AbortController().signal));
    expect(String(failure)).toContain('toxiproxy said no');
    expect(f.log).toEqual(['topology up', 'kill service-2', 'restart service-2', 'toxiproxy reset', 'removeAll v1']);
    const { result } = assembleResult(e, plan, outcomes, failure, context);
    expect(result.status).toBe('error');
    expect(result.reason).toContain('toxiproxy said no');
  });

  it('on abort in the middle of a fault: rolled back, removed, the rest not run, and the run marked aborted', async () => {
    const f = await fake();
    const e = experiment();
    const plan = planRun(e);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 800);
    const { outcomes, failure } = await runVariants(e, plan, f.deps(controller.signal));
    expect(f.log).toEqual([
      'topology up',
      'toxic+ postgres latency',
      'kill service-1',
      'restart service-1',
      'toxic- postgres',
      'toxiproxy reset',
      'removeAll v1',
    ]);
    const { result } = assembleResult(e, plan, outcomes, failure, { ...context, abortReason: 'interrupted by SIGINT' });
    expect(result.status).toBe('aborted');
    expect(result.variants.map((v) => v.name)).toEqual(['a']);
  });

  it('fails a run whose system does not come back to its steady state after the faults', async () => {
    const f = await fake();
    const e = experiment({ variants: [{ name: 'a' }] });
    const plan = planRun(e);
    setTimeout(() => (f.unhealthy.value = true), 700);
    const { outcomes, failure } = await runVariants(e, plan, f.deps(new AbortController().signal));
    const { result } = assembleResult(e, plan, outcomes, failure, context);
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('not back to steady state after the faults: a');
    expect(result.variants[0]!.steadyState?.after?.passed).toBe(false);
  });

  it('with repeats: every variant as often as asked, in the seeded order, and one aggregated result per variant', async () => {
    const f = await fake();
    const e = experiment({ phases: [{ name: 'calm', durationMs: 500 }], steadyState: { checks: [{ path: '/health' }] } });
    const plan = planRun(e, { repeat: 2 });
    const { outcomes, failure } = await runVariants(e, plan, f.deps(new AbortController().signal));
    expect(failure).toBeUndefined();
    expect(outcomes.map((o) => `${o.output!.result.name}#${o.repeat}`)).toEqual(plan.order.map((r) => `${r.variant.name}#${r.repeat}`));
    expect(f.log.filter((l) => l === 'topology up')).toHaveLength(4);
    const { result } = assembleResult(e, plan, outcomes, failure, context);
    expect(result.repeats?.count).toBe(2);
    expect(result.variants.map((v) => [v.name, v.repeats?.length])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });
});
