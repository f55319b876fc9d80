// A realistic RunResult for reporter and results tests: two variants, a cache flush, one phase without a cache.
import { SCHEMA_VERSION, type RunResult } from '../results/run-result.ts';

export function fixtureRunResult(): RunResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    experiment: 'cache-stampede',
    runId: '20261123T083736Z-3f9a1c',
    status: 'failed',
    startedAt: '2026-11-23T08:37:36.000Z',
    finishedAt: '2026-11-23T08:39:41.500Z',
    reason: 'threshold p99<250 failed in phase flush',
    environment: {
      hostname: 'ci-runner',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      memoryBytes: 8 * 1024 ** 3,
      node: 'v24.21.0',
      dockerServerVersion: '27.3.1',
      imageFlavor: 'alpine',
      benchVersion: '0.1.0',
    },
    topology: { kind: 'cache', parameters: { replicas: 2, cacheTtlSec: 30 }, endpoints: { app: 'http://127.0.0.1:18080' } },
    load: { driver: 'closed', connections: 50 },
    variants: [
      {
        name: 'no-coalescing',
        phases: [
          {
            name: 'baseline',
            startMs: 0,
            endMs: 30_000,
            requests: 300_000,
            rps: 10_000,
            errorRate: 0,
            errors: {},
            latencyMs: { p50: 1.234, p90: 2.5, p99: 4.871, p999: 12.3, max: 40.1 },
            hgrm: 'no-coalescing-baseline.hgrm',
            server: { dbQueriesPerSec: 12.4, cacheHitRatio: 0.987 },
          },
          {
            name: 'flush',
            startMs: 30_000,
            endMs: 45_000,
            requests: 43_512,
            rps: 2900.8,
            errorRate: 0.00092,
            errors: { http5xx: 37, reset: 3 },
            latencyMs: { p50: 18.41, p90: 120.7, p99: 873.2, p999: 2011.5, max: 3004.9 },
            hgrm: 'no-coalescing-flush.hgrm',
            server: { dbQueriesPerSec: 2874.6, cacheHitRatio: 0.41 },
            faults: ['cache flush at 30.0 s'],
          },
        ],
      },
      {
        name: 'empty',
        phases: [
          {
            name: 'down',
            startMs: 0,
            endMs: 10_000,
            requests: 0,
            rps: 0,
            errorRate: 0,
            errors: {},
            latencyMs: { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 },
            hgrm: 'empty-down.hgrm',
            server: { dbQueriesPerSec: null, cacheHitRatio: null },
          },
        ],
      },
    ],
    events: [
      {
        atMs: 30_000,
        wallTime: '2026-11-23T08:38:06.000Z',
        variant: 'no-coalescing',
        phase: 'flush',
        kind: 'fault.apply',
        detail: 'cache flush (FLUSHALL on redis)',
      },
    ],
  };
}
