import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../report/run-result-fixture.ts';
import { compareValue, evaluateThresholds, thresholdsPassed } from './evaluate.ts';
import { parseThresholds } from './validate.ts';

const evaluate = (...expressions: string[]) => evaluateThresholds(parseThresholds(expressions), fixtureRunResult());

describe('evaluateThresholds', () => {
  it('passes and fails on the recorded figures, in the threshold\'s unit', () => {
    expect(evaluate('no-coalescing.flush.p99 < 1s', 'no-coalescing.flush.p99 < 500ms')).toEqual([
      { expression: 'no-coalescing.flush.p99 < 1s', variant: 'no-coalescing', phase: 'flush', metric: 'p99', actual: 873.2, passed: true },
      { expression: 'no-coalescing.flush.p99 < 500ms', variant: 'no-coalescing', phase: 'flush', metric: 'p99', actual: 873.2, passed: false },
    ]);
    const [rate] = evaluate('no-coalescing.flush.errorRate < 0.1%');
    expect(rate).toMatchObject({ actual: 0.00092, passed: true });
    const [http5xx, timeouts, errors] = evaluate('no-coalescing.flush.errors.http5xx <= 37', 'no-coalescing.flush.errors.timeout == 0', 'no-coalescing.flush.errors == 40');
    expect([http5xx?.actual, http5xx?.passed, timeouts?.actual, timeouts?.passed, errors?.passed]).toEqual([37, true, 0, true, true]);
  });

  it('reads probe figures, and says when the experiment had no such probe', () => {
    const result = fixtureRunResult();
    const flush = result.variants[0]!.phases[1]!;
    flush.readAfterWrite = { checks: 10, fresh: 9, stale: 1, staleRate: 0.1, displaced: 0, writeFailed: 0, readFailed: 0, staleCrossInstance: 0, skipped: 0 };
    flush.writes = { sent: 10, acknowledged: 9, lost: 2, rejected: 0, unknown: 1, unknownPresent: 0, duplicates: 0, verified: true };
    const [stale, lost, baseline] = evaluateThresholds(parseThresholds(['no-coalescing.flush.staleRate < 5%', 'no-coalescing.flush.lostWrites == 0', 'no-coalescing.baseline.lostWrites == 0']), result);
    expect([stale?.actual, stale?.passed, lost?.actual, lost?.passed]).toEqual([0.1, false, 2, false]);
    expect(baseline).toMatchObject({ actual: null, passed: false, note: 'not measured: the experiment has no write-ledger probe' });
  });

  it('expands * to every recorded variant and phase', () => {
    const results = evaluate('*.rps > 1000');
    expect(results.map((r) => [r.variant, r.phase, r.actual, r.passed])).toEqual([
      ['no-coalescing', 'baseline', 10_000, true],
      ['no-coalescing', 'flush', 2900.8, true],
      ['empty', 'down', 0, false],
    ]);
    expect(evaluate('no-coalescing.*.requests > 0').map((r) => r.phase)).toEqual(['baseline', 'flush']);
    expect(evaluate('*.*.requests > 0')).toHaveLength(3);
  });

  it('fails a figure that was not measured, with actual null and the reason', () => {
    const [latency, hits, dropped] = evaluate('empty.down.p99 < 1s', 'empty.down.cacheHitRatio > 0.5', 'no-coalescing.flush.dropped == 0');
    expect(latency).toMatchObject({ actual: null, passed: false, note: 'no requests completed in this phase' });
    expect(hits).toMatchObject({ actual: null, passed: false, note: expect.stringContaining('no cache traffic') });
    expect(dropped).toMatchObject({ actual: null, passed: false, note: expect.stringContaining('open-model') });
  });

  it('fails a phase or variant the run never recorded instead of passing silently', () => {
    const results = evaluate('recovery.rps > 100', 'ghost.*.rps > 1');
    expect(results).toEqual([
      expect.objectContaining({ variant: 'no-coalescing', phase: 'recovery', actual: null, passed: false }),
      expect.objectContaining({ variant: 'empty', phase: 'recovery', actual: null, passed: false }),
      expect.objectContaining({ variant: 'ghost', phase: '*', actual: null, passed: false, note: 'the run recorded no variant named "ghost"' }),
    ]);
  });

  it('reads dropped when the driver counted it', () => {
    const result = fixtureRunResult();
    result.variants[0]!.phases[1]!.dropped = 0;
    const [dropped] = evaluateThresholds(parseThresholds(['no-coalescing.flush.dropped == 0']), result);
    expect(dropped).toMatchObject({ actual: 0, passed: true });
  });

  it('thresholdsPassed is true only when every result passed', () => {
    expect(thresholdsPassed([])).toBe(true);
    expect(thresholdsPassed(evaluate('no-coalescing.*.p99 < 1s'))).toBe(true);
    expect(thresholdsPassed(evaluate('*.p99 < 1s'))).toBe(false);
  });

  it('compares with every operator', () => {
    expect([compareValue(1, '<', 2), compareValue(2, '<', 2), compareValue(2, '<=', 2), compareValue(3, '>', 2)]).toEqual([true, false, true, true]);
    expect([compareValue(2, '>=', 2), compareValue(2, '==', 2), compareValue(2, '!=', 2), compareValue(1, '!=', 2)]).toEqual([true, true, false, true]);
  });
});
