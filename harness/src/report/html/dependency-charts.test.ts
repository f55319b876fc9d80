import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { reportChartData } from './chart-data.ts';
import { dependencyCharts, dependencySecond, type DependencyChartData, type DependencyFigure } from './dependency-charts.ts';
import type { DependencyLine } from './dependency-rows.ts';
import { variantColor } from './report-styles.ts';

const line = (variant: string, tMs: number, sections: DependencyLine['sections'], repeat?: number): DependencyLine => ({
  variant,
  tMs,
  sections,
  ...(repeat === undefined ? {} : { repeat }),
});

const figureOf = (data: DependencyChartData | null, section: string, key: string): DependencyFigure | undefined =>
  data?.sections.find((s) => s.key === section)?.figures.find((f) => f.key === key);

describe('dependency chart data', () => {
  const result = fixtureRunResult(); // variants no-coalescing and empty; a cache flush in no-coalescing from 30 s
  const events = result.events ?? [];

  it("draws a row ending at tMs at the load second it covers, on the load timeline's axis", () => {
    expect([1000, 1004, 1490, 2000, 2520].map(dependencySecond)).toEqual([0, 0, 0, 1, 2]);
    const data = dependencyCharts(
      result,
      [
        line('empty', 1000, { postgres: { primary: { transactionsPerSec: 5, active: 1 } } }),
        line('empty', 3010, { postgres: { primary: { transactionsPerSec: 7, active: 2 } } }),
      ],
      [],
      {
        first: 0,
        last: 4,
      },
    )!;
    expect(data.x).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
    // The second without a sample stays null (a break in the line, not a drop to 0).
    expect(figureOf(data, 'postgres', 'active')!.charts[0]!.series[0]!.values).toEqual([1, null, 2, null, null]);
    // Through reportChartData, the load timeline's seconds set the axis.
    const timeline = [0, 1, 2, 3, 4, 5].map((second) => ({ variant: 'empty', second, requests: 1, errors: {}, p50Ms: 1, p99Ms: 1 }));
    expect(reportChartData(result, timeline, [], [line('empty', 2000, { postgres: { primary: { active: 1 } } })]).dependencies!.x).toEqual([
      0.5, 1.5, 2.5, 3.5, 4.5, 5.5,
    ]);
  });

  it('charts statements per second, falling back to transactions for a server without pg_stat_statements', () => {
    const lines = [
      line('no-coalescing', 1000, { postgres: { primary: { statementsPerSec: 900, transactionsPerSec: 300, active: 4 } } }),
      line('no-coalescing', 2000, { postgres: { primary: { statementsPerSec: 1200, transactionsPerSec: 400, active: 9 } } }),
      line('empty', 1000, { postgres: { primary: { transactionsPerSec: 50, active: 1 } } }),
      line('empty', 2000, { postgres: { primary: { transactionsPerSec: 60, active: 1 } } }),
    ];
    const statements = figureOf(dependencyCharts(result, lines, events), 'postgres', 'statements')!;
    // One server per variant: one chart overlaying the variants in their colours.
    expect(statements.charts).toHaveLength(1);
    expect(statements.charts[0]!.variant).toBeNull();
    expect(statements.charts[0]!.series.map((s) => [s.label, s.color, s.values])).toEqual([
      ['no-coalescing · primary', variantColor(0), [900, 1200]],
      ['empty · primary (transactions/s)', variantColor(1), [50, 60]],
    ]);
    expect(statements.yMax).toBe(1200);
  });

  it('takes the median across repeats of each second', () => {
    const pg = (v: number): DependencyLine['sections'] => ({
      postgres: { primary: { statementsPerSec: v, transactionsPerSec: 1, active: 1 } },
    });
    const lines = [
      line('empty', 1000, pg(10), 1),
      line('empty', 1010, pg(500), 2),
      line('empty', 990, pg(30), 3),
      line('empty', 2000, pg(4), 1),
      line('empty', 2000, pg(8), 2),
    ];
    const data = dependencyCharts(result, lines, events)!;
    expect(data.repeats).toBe(3);
    // Second 0: median of 10, 500, 30; second 1: two repeats, the mean of the middle two.
    expect(figureOf(data, 'postgres', 'statements')!.charts[0]!.series[0]!.values).toEqual([30, 6]);
    expect(dependencyCharts(result, [line('empty', 1000, pg(1))], events)!.repeats).toBe(1);
  });

  it('gives several containers a chart per variant: CPU as % of the limit, cores only where there is none', () => {
    const containers = (cpu: number, memoryMb: number): DependencyLine['sections'] => ({
      containers: {
        service: { cpuCores: cpu, cpuOfLimit: cpu / 2, memoryMb },
        postgres: { cpuCores: cpu * 3, memoryMb: memoryMb * 2 },
      },
    });
    const lines = [line('no-coalescing', 1000, containers(0.5, 100)), line('empty', 1000, containers(0.2, 50))];
    const data = dependencyCharts(result, lines, events)!;
    const cpu = figureOf(data, 'containers', 'cpu')!;
    // Only the service has a limit; 0.25 of it is 25%. One instance per variant: overlaid.
    expect(cpu.charts[0]!.series.map((s) => [s.label, s.values])).toEqual([
      ['no-coalescing · service', [25]],
      ['empty · service', [10]],
    ]);
    expect(figureOf(data, 'containers', 'cpu-cores')!.charts[0]!.series.map((s) => [s.label, s.values])).toEqual([
      ['no-coalescing · postgres', [1.5]],
      ['empty · postgres', [0.6]],
    ]);
    const memory = figureOf(data, 'containers', 'memory')!;
    expect(memory.charts.map((c) => c.variant)).toEqual(['no-coalescing', 'empty']);
    expect(memory.charts.map((c) => c.series.map((s) => [s.label, s.values]))).toEqual([
      [
        ['postgres', [200]],
        ['service', [100]],
      ],
      [
        ['postgres', [100]],
        ['service', [50]],
      ],
    ]);
    // A container keeps its colour in every variant's chart, and the charts share one y scale.
    expect(memory.charts[0]!.series.map((s) => s.color)).toEqual(memory.charts[1]!.series.map((s) => s.color));
    expect(memory.yMax).toBe(200);
    // Each variant's chart shades its own faults only: the flush was no-coalescing's.
    const faults = memory.charts.map((c) => c.bands.filter((b) => b.kind === 'fault').map((b) => b.label));
    expect(faults).toEqual([['cache flush (FLUSHALL on redis)'], []]);
    expect(memory.charts[1]!.bands.filter((b) => b.kind === 'phase').length).toBeGreaterThan(0);
  });

  it('draws nothing for missing sections, unknown ones, or figures that only matter when not zero', () => {
    const lines = [
      line('empty', 1000, {
        postgres: { primary: { transactionsPerSec: 5, active: 1, lockWaits: 0 } },
        haproxy: {},
        custom: { thing: { perSec: 4 } },
      }),
      line('empty', 2000, { postgres: { primary: { transactionsPerSec: 6, active: 1, lockWaits: 0 } } }),
    ];
    const data = dependencyCharts(result, lines, events)!;
    expect(data.sections.map((s) => s.key)).toEqual(['postgres']);
    expect(data.sections[0]!.figures.map((f) => f.key)).toEqual(['statements', 'active']);
    expect(dependencyCharts(result, [line('empty', 1000, { custom: { thing: { perSec: 4 } } })], events)!.sections).toEqual([]);
    expect(dependencyCharts(result, [], events)).toBeNull();
  });

  it('draws Redis commands and hit ratio, and HAProxy servers as lanes present while UP', () => {
    const second = (tMs: number, up: number): DependencyLine =>
      line('empty', tMs, {
        redis: { cache: { commandsPerSec: tMs / 10, hitRatio: 0.9, evictionsPerSec: 0 } },
        haproxy: { 'service-1': { up: 1, sessions: 3 }, 'service-2': { up, sessions: 2 } },
      });
    const data = dependencyCharts(result, [second(1000, 1), second(2000, 0), second(3000, 1)], events)!;
    expect(figureOf(data, 'redis', 'commands')!.charts[0]!.series[0]!.values).toEqual([100, 200, 300]);
    const hits = figureOf(data, 'redis', 'hit-ratio')!;
    expect(hits.charts[0]!.series[0]!.values).toEqual([90, 90, 90]);
    expect(hits.yMax).toBe(100);
    expect(figureOf(data, 'redis', 'evictions')).toBeUndefined();
    const up = figureOf(data, 'haproxy', 'up')!.charts[0]!;
    // Listed top down: service-1 on the upper lane (2), service-2 below (1), with a gap in the second it was down.
    expect(up.lanes).toEqual(['service-2', 'service-1']);
    expect(up.series.map((s) => [s.label, s.values, s.state])).toEqual([
      ['service-1', [2, 2, 2], [1, 1, 1]],
      ['service-2', [1, null, 1], [1, 0, 1]],
    ]);
    expect(figureOf(data, 'haproxy', 'sessions')!.charts.map((c) => c.series.map((s) => s.label))).toEqual([['service-1', 'service-2']]);
  });

  it("charts the service's own figures from its sum over the replicas, the ones that were ever non-zero", () => {
    const lines = [
      line('empty', 1000, {
        service: { all: { dbQueriesPerSec: 2, retriesPerSec: 0, inFlight: 3, replicas: 2 }, 'service-1': { dbQueriesPerSec: 1 } },
      }),
      line('empty', 2000, {
        service: { all: { dbQueriesPerSec: 98, retriesPerSec: 0, inFlight: 40, replicas: 2 }, 'service-1': { dbQueriesPerSec: 50 } },
      }),
    ];
    const data = dependencyCharts(result, lines, []);
    const section = data!.sections.find((s) => s.key === 'service')!;
    expect(section.figures.map((f) => [f.key, f.unit])).toEqual([
      ['dbQueriesPerSec', 'perSec'],
      ['inFlight', 'count'],
    ]);
    const queries = figureOf(data, 'service', 'dbQueriesPerSec')!;
    expect(queries.charts[0]!.series.map((x) => x.label)).toEqual(['empty · all']);
    expect(queries.charts[0]!.series[0]!.values).toEqual([2, 98]);
  });
});
