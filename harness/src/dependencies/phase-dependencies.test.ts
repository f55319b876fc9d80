import { describe, expect, it } from 'vitest';
import type { DependencyRow } from './dependency-sampler.ts';
import { phaseDependencies } from './phase-dependencies.ts';

const row = (tMs: number, statements: number, cpu: number): DependencyRow => ({
  tMs,
  containers: { 'service-1': { cpuCores: cpu } },
  postgres: {
    postgres: {
      statementsPerSec: statements,
      transactionsPerSec: statements,
      rowsReadPerSec: 0,
      rowsWrittenPerSec: 0,
      connections: 1,
      active: 0,
      lockWaits: 0,
    },
  },
  haproxy: { 'service-1': { up: tMs < 3000 ? 1 : 0, sessions: 2, queue: 0, http5xxPerSec: 0, retriesPerSec: 0, redispatchesPerSec: 0 } },
  // Rows from before Redis was sampled have no redis or broker section.
  ...(tMs === 2000
    ? {
        redis: {
          redis: {
            commandsPerSec: 50,
            hitsPerSec: 9,
            missesPerSec: 1,
            hitRatio: 0.9,
            evictionsPerSec: 0,
            expiredPerSec: 0,
            clients: 3,
            memoryMb: 2,
          },
        },
      }
    : {}),
});

describe('phaseDependencies', () => {
  it('folds the seconds that ended inside the phase into mean and peak', () => {
    const rows = [row(1000, 10, 0.1), row(2000, 30, 0.3), row(3000, 200, 0.2), row(4000, 5, 0.1)];
    const phase = phaseDependencies(rows, 1000, 3000)!;
    expect(phase.postgres.postgres!.statementsPerSec).toEqual({ mean: 115, peak: 200 });
    expect(phase.containers['service-1']!.cpuCores).toEqual({ mean: 0.25, peak: 0.3 });
    // `up` as 1/0 per second: its mean is the share of the phase HAProxy had the server up.
    expect(phase.haproxy['service-1']!.up).toEqual({ mean: 0.5, peak: 1 });
    expect(phase.redis.redis!.hitRatio).toEqual({ mean: 0.9, peak: 0.9 });
    expect(phase.broker).toEqual({});
    expect(phaseDependencies(rows, 5000, 6000)).toBeNull();
  });
});
