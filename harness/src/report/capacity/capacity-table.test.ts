import { describe, expect, it } from 'vitest';
import type { CapacityFigures, RunResult } from '../../results/run-result.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { renderCapacityHtml } from './capacity-table.ts';
import { capacityRows, renderCapacityMarkdown, renderCapacityText } from './capacity-table.ts';

const step = (ratePerSec: number, pass: boolean, p99Ms: number, generatorSaturated = false) => ({
  ratePerSec,
  achievedRps: ratePerSec,
  requests: ratePerSec * 4,
  dropped: 0,
  errorRate: pass ? 0 : 0.05,
  p50Ms: p99Ms / 4,
  p99Ms,
  pass,
  failures: pass ? [] : [`p99 ${p99Ms} ms >= 100 ms`],
  generatorSaturated,
});

function ladder(): RunResult {
  const result = fixtureRunResult();
  const capacity = (knee: number | null, stoppedBy: string, curve: CapacityFigures['curve']): CapacityFigures => ({
    slo: 'p99<100ms,errors<1%',
    kneeRatePerSec: knee,
    firstFailingRatePerSec: curve.find((s) => !s.pass && !s.generatorSaturated)?.ratePerSec ?? null,
    stoppedBy,
    curve,
  });
  result.variants = [
    {
      name: 'single',
      phases: [],
      capacity: capacity(500, 'converged', [step(250, true, 10), step(500, true, 40), step(1000, false, 900)]),
    },
    {
      name: 'lb',
      overrides: { kind: 'lb', replicas: 2 },
      phases: [],
      capacity: capacity(900, 'generator-saturated', [step(500, true, 12), step(900, true, 30), step(1800, false, 20, true)]),
    },
    { name: 'broken', phases: [], capacity: capacity(null, 'converged', [step(250, false, 300)]) },
    { name: 'no-search', phases: [] },
  ];
  return result;
}

describe('capacity table', () => {
  it('gives each variant its knee, the ratio to the first, and the figures at the knee', () => {
    const rows = capacityRows(ladder());
    expect(rows.map((r) => [r.variant, r.kneeRatePerSec, r.ratio, r.p99Ms, r.lowerBound])).toEqual([
      ['single', 500, 1, 40, false],
      ['lb', 900, 1.8, 30, true],
      ['broken', null, null, null, false],
    ]);
    expect(rows[1]!.kind).toBe('lb');
  });

  it('renders text, Markdown and HTML, marking lower bounds, and nothing without a search', () => {
    const text = renderCapacityText(ladder());
    expect(text).toContain('ratio to single');
    expect(text).toMatch(/lb\s+>= 900\s+\S+\s+×1\.80/);
    expect(text).toContain('a lower bound');
    const md = renderCapacityMarkdown(ladder());
    expect(md).toContain('| single | 500 | 500–1000 | ×1.00 |');
    expect(md).toContain('### Curve: lb');
    expect(md).toContain('| 1800 | 1800.0 |');
    expect(md).toContain('generator saturated');
    expect(renderCapacityHtml(ladder())).toContain('<td class="num">&gt;= 900</td>');
    expect(renderCapacityText(fixtureRunResult())).toBe('');
    expect(renderCapacityMarkdown(fixtureRunResult())).toBe('');
  });

  it('with repeats: the median knee with its interval over the repeats, and the resource most repeats named', () => {
    const result = ladder();
    const search = (knee: number, resource: string): CapacityFigures => ({
      slo: 'p99<100ms,errors<1%',
      kneeRatePerSec: knee,
      firstFailingRatePerSec: knee + 50,
      stoppedBy: 'converged',
      confirmed: true,
      stoppingResource: resource,
      curve: [step(knee, true, 40), step(knee + 50, false, 300)],
    });
    const knees = [480, 520, 500, 510, 490];
    result.variants = [
      {
        name: 'single',
        phases: [],
        capacity: search(480, 'the service at 99% of its CPU limit'),
        repeats: knees.map((k, i) => ({
          repeat: i + 1,
          orderIndex: i,
          phases: [],
          capacity: search(k, i === 2 ? 'none found' : 'the service at 99% of its CPU limit'),
        })),
      },
    ];
    const [row] = capacityRows(result);
    expect(row).toMatchObject({
      kneeRatePerSec: 500,
      interval: { lo: 480, hi: 520, repeats: 5 },
      stoppingResource: 'the service at 99% of its CPU limit',
      steps: 10,
      lowerBound: false,
    });
    expect(row!.interval!.level).toBeCloseTo(0.9375);
    expect(renderCapacityText(result)).toContain('480–520 (94%, n=5)');
  });
});
