import { describe, expect, it } from 'vitest';
import { summarizeReadAfterWrite, type ReadAfterWriteCheck, type ReadAfterWriteOutcome } from './read-after-write-summary.ts';

let n = 0;
const check = (atMs: number, outcome: ReadAfterWriteOutcome, extra: Partial<ReadAfterWriteCheck> = {}): ReadAfterWriteCheck => ({
  n: ++n,
  userId: 1,
  atMs,
  outcome,
  writeMs: 2,
  ...extra,
});

describe('summarizeReadAfterWrite', () => {
  const checks = [
    check(100, 'fresh'),
    check(200, 'stale', { writeInstance: 'a', readInstance: 'b' }),
    check(300, 'stale', { writeInstance: 'a', readInstance: 'a' }),
    check(400, 'fresh'),
    check(1500, 'write-failed'),
    check(1600, 'read-failed'),
    check(1700, 'displaced'),
    check(1800, 'stale'),
  ];

  it('counts every outcome; the stale rate is over checks whose write and read both succeeded', () => {
    expect(summarizeReadAfterWrite(checks)).toEqual({
      checks: 8,
      fresh: 2,
      stale: 3,
      staleRate: 3 / 5,
      displaced: 1,
      writeFailed: 1,
      readFailed: 1,
      staleCrossInstance: 1,
      skipped: 0,
    });
  });

  it('keeps only checks written in the window (start included, end excluded), skipped ones too', () => {
    const summary = summarizeReadAfterWrite(checks, { startMs: 200, endMs: 1600 }, [150, 250, 1600]);
    expect(summary).toMatchObject({ checks: 4, fresh: 1, stale: 2, writeFailed: 1, readFailed: 0, skipped: 1 });
    expect(summary.staleRate).toBeCloseTo(2 / 3);
  });

  it('has no stale rate (null, not 0) when no check got that far', () => {
    expect(summarizeReadAfterWrite([check(1, 'write-failed')]).staleRate).toBeNull();
    expect(summarizeReadAfterWrite([]).staleRate).toBeNull();
  });
});
