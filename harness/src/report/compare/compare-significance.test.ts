import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../driver/keys/zipf.ts';
import { aggregateRepeats } from '../../results/aggregate-repeats.ts';
import type { PhaseResult, RepeatResult, VariantResult } from '../../results/run-result.ts';
import { formatCell, significanceLegend } from './compare-cells.ts';
import { compareColumns } from './compare.ts';

function phase(p50: number, p99: number): PhaseResult {
  return {
    name: 'flush',
    startMs: 0,
    endMs: 10_000,
    requests: 1000,
    rps: 100,
    errorRate: 0,
    errors: {},
    latencyMs: { p50, p90: p50 * 2, p99, p999: p99 * 1.5, max: p99 * 2 },
    hgrm: 'flush.hgrm',
    server: { dbQueriesPerSec: null, cacheHitRatio: null },
  };
}

/** `n` repeats whose p50 is ~10 ms whatever the variant and whose p99 is ~`p99` ms, each with ~5% noise. */
function variant(name: string, p99: number, n: number, seed: number): VariantResult {
  const random = seededRandom(seed);
  const noisy = (x: number): number => x * (1 + (random() - 0.5) * 0.1);
  const repeats: RepeatResult[] = Array.from({ length: n }, (_, i) => ({
    repeat: i + 1,
    orderIndex: i,
    phases: [phase(noisy(10), noisy(p99))],
  }));
  return aggregateRepeats({ name }, repeats);
}

const cellOf = (comparison: ReturnType<typeof compareColumns>, metric: string) =>
  comparison.phases[0]!.rows.find((r) => r.metric === metric)!.cells[1]!;

describe('compareColumns with repeats', () => {
  const comparison = compareColumns([
    { label: 'none', variant: variant('none', 300, 6, 1) },
    { label: 'coalescing', variant: variant('coalescing', 100, 6, 2) },
  ]);

  it('marks a real difference significant, with the ratio and its interval', () => {
    const p99 = cellOf(comparison, 'p99');
    expect(p99.significant).toBe(true);
    expect(p99.ratio!).toBeGreaterThan(0.28);
    expect(p99.ratio!).toBeLessThan(0.38);
    expect(p99.ratioInterval!.lo).toBeLessThanOrEqual(p99.ratio!);
    expect(p99.ratioInterval!.hi).toBeGreaterThanOrEqual(p99.ratio!);
    expect(formatCell('p99', p99)).toMatch(/\(×0\.3\d 0\.\d\d–0\.\d\d\)$/);
  });

  it('says "no significant difference" where the variants only differ by noise', () => {
    const p50 = cellOf(comparison, 'p50');
    expect(p50.significant).toBe(false);
    expect(formatCell('p50', p50)).toMatch(/\(~\)$/);
    expect(significanceLegend(comparison)).toMatch(/~: no significant difference \(Mann-Whitney U/);
  });

  it("keeps each value's interval across repeats", () => {
    const p99 = cellOf(comparison, 'p99');
    expect(p99.interval).toMatchObject({ method: 'repeats', n: 6 });
    expect(p99.interval!.lo).toBeLessThanOrEqual(p99.value!);
  });

  it('with too few repeats to ever reach significance, says so instead of guessing', () => {
    const few = compareColumns([
      { label: 'none', variant: variant('none', 300, 3, 1) },
      { label: 'coalescing', variant: variant('coalescing', 100, 3, 2) },
    ]);
    const p99 = cellOf(few, 'p99');
    expect(p99.testable).toBe(false);
    expect(p99.significant).toBe(false);
    expect(formatCell('p99', p99)).toMatch(/\?\)$/);
    expect(few.significance?.untestable).toBeGreaterThan(0);
  });

  it('without repeats, shows plain ratios and tests nothing', () => {
    const single = compareColumns([
      { label: 'none', variant: variant('none', 300, 1, 1) },
      { label: 'coalescing', variant: variant('coalescing', 100, 1, 2) },
    ]);
    expect(single.significance).toBeUndefined();
    expect(cellOf(single, 'p99').significant).toBeUndefined();
    expect(significanceLegend(single)).toMatch(/no significance test/);
  });
});
