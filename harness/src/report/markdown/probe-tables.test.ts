import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { renderProbeTables } from './probe-tables.ts';

describe('renderProbeTables', () => {
  it('lists read-after-write and write-ledger figures per phase, and says when the database was not checked', () => {
    const result = fixtureRunResult();
    const [first, second] = result.variants[0]!.phases;
    first!.readAfterWrite = {
      checks: 10,
      fresh: 6,
      stale: 4,
      staleRate: 0.4,
      displaced: 0,
      writeFailed: 1,
      readFailed: 0,
      staleCrossInstance: 3,
      skipped: 2,
    };
    second!.writes = { sent: 50, acknowledged: 40, lost: 0, rejected: 2, unknown: 8, unknownPresent: 0, duplicates: 0, verified: false };
    const md = renderProbeTables(result);
    expect(md).toContain(`| no-coalescing | ${first!.name} | 10 | 6 | 4 | 40.0 | 3 | 1 | 2 |`);
    expect(md).toContain(`| no-coalescing | ${second!.name} | 50 | 40 | — (not checked) | 2 | 8 | — (not checked) | 0 |`);
    expect(renderProbeTables(fixtureRunResult())).toBe('');
  });
});
