import { describe, expect, it } from 'vitest';
import type { PhaseResult, RunResult, ThresholdResult, VariantResult } from '../results/run-result.ts';
import { fixtureRunResult } from '../../test/fixtures/run-result.ts';
import { compareValue, evaluateThresholds, thresholdsPassed } from './evaluate.ts';
import { parseThresholds } from './validate.ts';

const evaluate = (...expressions: string[]) => evaluateThresholds(parseThresholds(expressions), fixtureRunResult());

describe('evaluateThresholds', () => {
  it("passes and fails on the recorded figures, in the threshold's unit", () => {
    expect(evaluate('no-coalescing.flush.p99 < 1s', 'no-coalescing.flush.p99 < 500ms')).toEqual([
      { expression: 'no-coalescing.flush.p99 < 1s', variant: 'no-coalescing', phase: 'flush', metric: 'p99', actual: 873.2, passed: true },
      {
        expression: 'no-coalescing.flush.p99 < 500ms',
        variant: 'no-coalescing',
        phase: 'flush',
        metric: 'p99',
        actual: 873.2,
        passed: false,
      },
    ]);
    const [rate] = evaluate('no-coalescing.flush.errorRate < 0.1%');
    expect(rate).toMatchObject({ actual: 0.00092, passed: true });
    const [http5xx, timeouts, errors] = evaluate(
      'no-coalescing.flush.errors.http5xx <= 37',
      'no-coalescing.flush.errors.timeout == 0',
      'no-coalescing.flush.errors == 40',
    );
    expect([http5xx?.actual, http5xx?.passed, timeouts?.actual, timeouts?.passed, errors?.passed]).toEqual([37, true, 0, true, true]);
  });

  it('reads probe figures, and says when the experiment had no such probe', () => {
    const result = fixtureRunResult();
    const flush = result.variants[0]!.phases[1]!;
    flush.readAfterWrite = {
      checks: 10,
      fresh: 9,
      stale: 1,
      staleRate: 0.1,
      displaced: 0,
      writeFailed: 0,
      readFailed: 0,
      staleCrossInstance: 0,
      skipped: 0,
    };
    flush.writes = { sent: 10, acknowledged: 9, lost: 2, rejected: 0, unknown: 1, unknownPresent: 0, duplicates: 0, verified: true };
    const [stale, lost, baseline] = evaluateThresholds(
      parseThresholds([
        'no-coalescing.flush.staleRate < 5%',
        'no-coalescing.flush.lostWrites == 0',
        'no-coalescing.baseline.lostWrites == 0',
      ]),
      result,
    );
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
      expect.objectContaining({
        variant: 'ghost',
        phase: '*',
        actual: null,
        passed: false,
        note: 'the run recorded no variant named "ghost"',
      }),
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
    expect([compareValue(1, '<', 2), compareValue(2, '<', 2), compareValue(2, '<=', 2), compareValue(3, '>', 2)]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect([compareValue(2, '>=', 2), compareValue(2, '==', 2), compareValue(2, '!=', 2), compareValue(1, '!=', 2)]).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });
});

// A run whose variants each have a baseline and a flush phase; `flushP99` lists each repeat's flush p99 (one value:
// no repeats). The variant's own figures are the medians, as aggregate-repeats writes them.
function phase(name: string, p99: number, requests = 1000): PhaseResult {
  return {
    name,
    startMs: 0,
    endMs: 10_000,
    requests,
    rps: requests / 10,
    errorRate: 0,
    errors: {},
    latencyMs: { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 3 },
    hgrm: `${name}.hgrm`,
    server: { dbQueriesPerSec: null, cacheHitRatio: null },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function variant(name: string, flushP99: readonly number[], baselineP99 = 10): VariantResult {
  const phases = [phase('baseline', baselineP99), phase('flush', median(flushP99))];
  if (flushP99.length === 1) return { name, phases };
  return {
    name,
    phases,
    repeats: flushP99.map((p99, i) => ({ repeat: i + 1, orderIndex: i, phases: [phase('baseline', baselineP99), phase('flush', p99)] })),
  };
}

function runOf(...variants: VariantResult[]): RunResult {
  const count = variants[0]?.repeats?.length;
  return {
    ...fixtureRunResult(),
    variants,
    ...(count ? { repeats: { count, seed: 1, order: [] } } : {}),
  };
}

const check = (result: RunResult, ...expressions: string[]): ThresholdResult[] => evaluateThresholds(parseThresholds(expressions), result);

describe('evaluateThresholds: relative thresholds', () => {
  it('compares with factor × the reference figure, and records both', () => {
    const run = runOf(variant('none', [726]), variant('coalescing', [263]));
    expect(check(run, 'coalescing.flush.p99 < 0.5 * none.flush.p99', 'coalescing.flush.p99 < 0.3 * none.flush.p99')).toEqual([
      {
        expression: 'coalescing.flush.p99 < 0.5 * none.flush.p99',
        variant: 'coalescing',
        phase: 'flush',
        metric: 'p99',
        actual: 263,
        passed: true,
        factor: 0.5,
        reference: { variant: 'none', phase: 'flush', metric: 'p99', value: 726 },
      },
      expect.objectContaining({ expression: 'coalescing.flush.p99 < 0.3 * none.flush.p99', actual: 263, passed: false, factor: 0.3 }),
    ]);
    const [greater] = check(run, 'none.flush.p99 > 2 * coalescing.flush.p99');
    expect(greater).toMatchObject({
      variant: 'none',
      actual: 726,
      passed: true,
      factor: 2,
      reference: { variant: 'coalescing', value: 263 },
    });
  });

  it('compares the medians across repeats, not any one repeat', () => {
    // coalescing's medians: 300 < 0.5 × 700 = 350, though its worst repeat (900) is above.
    const run = runOf(variant('none', [690, 700, 710]), variant('coalescing', [100, 300, 900]));
    expect(check(run, 'coalescing.flush.p99 < 0.5 * none.flush.p99')[0]).toMatchObject({
      actual: 300,
      passed: true,
      reference: { value: 700 },
    });
  });

  it('significant: passes when the medians hold and the one-sided test gives p < 0.05', () => {
    const run = runOf(variant('none', [700, 710, 726, 760, 800]), variant('coalescing', [250, 255, 263, 280, 300]));
    const [result] = check(run, 'coalescing.flush.p99 < 0.5 * none.flush.p99 significant');
    expect(result).toEqual({
      expression: 'coalescing.flush.p99 < 0.5 * none.flush.p99 significant',
      variant: 'coalescing',
      phase: 'flush',
      metric: 'p99',
      actual: 263,
      passed: true,
      factor: 0.5,
      reference: { variant: 'none', phase: 'flush', metric: 'p99', value: 726 },
      // Every coalescing repeat below every 0.5 × none repeat: 1 / C(10, 5).
      significance: {
        test: 'mann-whitney-u',
        alternative: 'less',
        alpha: 0.05,
        pValue: 1 / 252,
        n: 5,
        m: 5,
        exact: true,
        repeatsNeeded: 4,
      },
    });
  });

  it("significant: the test is against factor × the reference's repeats, in the operator's direction", () => {
    const run = runOf(variant('one', [100, 101, 102, 103]), variant('two', [190, 192, 194, 196]));
    // two's rps-like figure above 1.8 × one's: every 190..196 is above 180..185.4.
    const [above] = check(run, 'two.flush.p99 > 1.8 * one.flush.p99 significant');
    expect(above).toMatchObject({ passed: true, significance: { alternative: 'greater', pValue: 1 / 70 } });
    // Not above 1.9 × one's (190..195.7): the medians still hold (193 > 1.9 × 101.5 = 192.85), the test does not.
    const [tight] = check(run, 'two.flush.p99 > 1.9 * one.flush.p99 significant');
    expect(tight).toMatchObject({ passed: false, significance: { alternative: 'greater' } });
    expect(tight?.significance?.pValue).toBeGreaterThan(0.05);
  });

  it('significant: fails when the medians hold but the repeats overlap too much, saying p', () => {
    const run = runOf(variant('none', [500, 600, 700, 800, 900]), variant('swr', [450, 550, 650, 750, 950]));
    const [result] = check(run, 'swr.flush.p99 < none.flush.p99 significant');
    expect(result).toMatchObject({ actual: 650, passed: false, reference: { value: 700 }, significance: { n: 5, m: 5, exact: true } });
    expect(result?.significance?.pValue).toBeGreaterThan(0.3);
    expect(result?.note).toMatch(/^not significant: p = 0\.\d+, not below 0\.05, over 5 repeats each$/);
  });

  it('significant: fails when the medians do not hold, whatever p', () => {
    const run = runOf(variant('none', [300, 310, 320, 330]), variant('swr', [400, 410, 420, 430]));
    const [result] = check(run, 'swr.flush.p99 < none.flush.p99 significant');
    expect(result).toMatchObject({ actual: 415, passed: false, significance: { alternative: 'less' } });
    expect(result?.note).toBeUndefined();
  });

  it('significant: fails with the repeats it needs when there are too few to ever reach 0.05', () => {
    const run = runOf(variant('none', [700, 800]), variant('swr', [100, 200]));
    const [result] = check(run, 'swr.flush.p99 < none.flush.p99 significant');
    expect(result).toMatchObject({
      actual: 150,
      passed: false,
      note: 'needs --repeat 4 or more: with 2 repeats the test cannot reach p < 0.05',
      significance: { pValue: null, n: 2, m: 2, repeatsNeeded: 4 },
    });
    // Three against three: at best 1 / C(6, 3) = 0.05, not below it.
    const three = runOf(variant('none', [700, 800, 900]), variant('swr', [100, 200, 300]));
    expect(check(three, 'swr.flush.p99 < none.flush.p99 significant')[0]?.note).toBe(
      'needs --repeat 4 or more: with 3 repeats the test cannot reach p < 0.05',
    );
  });

  it('significant: fails with the repeats it needs when the run has no repeats', () => {
    const run = runOf(variant('none', [726]), variant('swr', [100]));
    const [result] = check(run, 'swr.flush.p99 < none.flush.p99 significant');
    expect(result).toMatchObject({
      actual: 100,
      passed: false,
      note: "needs --repeat 4 or more: the run has no repeats, and the test compares the repeats' values",
      reference: { value: 726 },
      significance: { pValue: null, n: 0, m: 0, repeatsNeeded: 4 },
    });
  });

  it('significant: leaves out repeats that did not measure the figure, and says so when too few remain', () => {
    const none = variant('none', [700, 710, 720, 730]);
    const swr = variant('swr', [100, 110, 120, 130]);
    swr.repeats![0]!.phases[1] = phase('flush', 0, 0);
    const [result] = check(runOf(none, swr), 'swr.flush.p99 < none.flush.p99 significant');
    // 3 against 4: 1 / C(7, 3) = 0.029 can still be reached.
    expect(result).toMatchObject({ passed: true, significance: { n: 3, m: 4, pValue: 1 / 35 } });
    swr.repeats![1]!.phases[1] = phase('flush', 0, 0);
    swr.repeats![2]!.phases[1] = phase('flush', 0, 0);
    expect(check(runOf(none, swr), 'swr.flush.p99 < none.flush.p99 significant')[0]?.note).toBe(
      'needs --repeat 4 or more: with 1 and 4 repeats measured the test cannot reach p < 0.05',
    );
  });

  it('* on the left checks every variant against the reference, leaving the reference itself out', () => {
    const run = runOf(variant('none', [726]), variant('coalescing', [263]), variant('swr', [800]));
    expect(check(run, '*.flush.p99 < none.flush.p99').map((r) => [r.variant, r.passed])).toEqual([
      ['coalescing', true],
      ['swr', false],
    ]);
  });

  it("* on the right is the left side's own phase or variant; an omitted variant too", () => {
    const run = runOf(variant('none', [726], 20), variant('coalescing', [263], 200));
    expect(check(run, 'coalescing.*.p99 < none.*.p99').map((r) => [r.phase, r.reference?.phase, r.passed])).toEqual([
      ['baseline', 'baseline', false],
      ['flush', 'flush', true],
    ]);
    // Each variant's flush against its own baseline (the baseline against itself is left out).
    expect(check(run, '*.*.p99 < 2 * *.baseline.p99').map((r) => [r.variant, r.phase, r.reference?.variant, r.passed])).toEqual([
      ['none', 'flush', 'none', false],
      ['coalescing', 'flush', 'coalescing', true],
    ]);
    expect(check(run, 'coalescing.flush.p99 < 2 * baseline.p99')[0]).toMatchObject({
      passed: true,
      reference: { variant: 'coalescing', phase: 'baseline', value: 200 },
    });
  });

  it('fails, with a note, when the reference was not recorded or not measured', () => {
    const run = runOf(variant('coalescing', [263]), { name: 'empty', phases: [phase('flush', 0, 0)] });
    expect(
      check(
        run,
        'coalescing.flush.p99 < 0.5 * none.flush.p99',
        'coalescing.flush.p99 < recovery.p99',
        'coalescing.flush.p99 < empty.flush.p99',
      ),
    ).toEqual([
      expect.objectContaining({
        actual: 263,
        passed: false,
        note: 'the run recorded no variant named "none" (the reference)',
        reference: { variant: 'none', phase: 'flush', metric: 'p99', value: null },
      }),
      expect.objectContaining({
        actual: 263,
        passed: false,
        note: 'the reference coalescing recorded no phase named "recovery" (the run may have ended early)',
      }),
      expect.objectContaining({
        actual: 263,
        passed: false,
        note: 'the reference empty.flush.p99 was not measured: no requests completed in this phase',
      }),
    ]);
    expect(check(run, 'empty.flush.p99 < coalescing.flush.p99')[0]).toMatchObject({
      actual: null,
      passed: false,
      note: 'no requests completed in this phase',
      reference: { value: 263 },
    });
  });
});
