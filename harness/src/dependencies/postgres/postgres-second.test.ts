import { describe, expect, it } from 'vitest';
import { postgresSecond } from './postgres-second.ts';

const base = {
  transactions: 1000,
  rowsRead: 5000,
  rowsWritten: 10,
  blocksHit: 900,
  blocksRead: 100,
  connections: 10,
  active: 2,
  lockWaits: 0,
  statements: 2000,
};

describe('postgresSecond', () => {
  it("rates per second, the reader's own transactions left out", () => {
    const to = {
      ...base,
      transactions: 1302,
      rowsRead: 5600,
      rowsWritten: 60,
      blocksHit: 1290,
      blocksRead: 110,
      statements: 2400,
      active: 4,
      replicationLagBytes: 0,
      replicationLagSec: 0,
    };
    expect(postgresSecond(base, to, 1000, 2)).toEqual({
      statementsPerSec: 400,
      transactionsPerSec: 300,
      rowsReadPerSec: 600,
      rowsWrittenPerSec: 50,
      cacheHitRatio: 0.975,
      connections: 10,
      active: 4,
      lockWaits: 0,
      replicationLagBytes: 0,
      replicationLagSec: 0,
    });
    expect(postgresSecond(base, { ...to, transactions: 1152 }, 500, 2)!.transactionsPerSec).toBe(300);
  });

  it('has no statements without pg_stat_statements, no hit ratio without reads, and no second after a restart', () => {
    const { statements: _, ...without } = base;
    const second = postgresSecond(without, { ...without, transactions: 1001 }, 1000, 1)!;
    expect(second.statementsPerSec).toBeUndefined();
    expect(second.cacheHitRatio).toBeUndefined();
    expect(second.transactionsPerSec).toBe(0);
    expect(postgresSecond(base, { ...base, transactions: 3 }, 1000, 2)).toBeNull();
  });
});
