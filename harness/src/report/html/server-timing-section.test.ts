import { describe, expect, it } from 'vitest';
import type { LatencyBreakdown, PhaseResult, RunResult } from '../../results/run-result.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { barMs, barSegments, componentColor, componentOrder, serverTimingSection } from './server-timing-section.ts';

const slice = (totalMs: number, componentsMs: Record<string, number>, requests = 10): LatencyBreakdown => ({
  totalMs,
  requests,
  componentsMs,
});

describe('server timing bars', () => {
  it("orders the reference service's components first, others alphabetically, other last", () => {
    expect(componentOrder([slice(5, { other: 1, zeta: 1, cache: 1 }), slice(5, { queue: 1, db: 2, alpha: 1 })])).toEqual([
      'db',
      'cache',
      'queue',
      'alpha',
      'zeta',
      'other',
    ]);
    const order = ['db', 'alpha', 'zeta', 'other'];
    expect(componentColor('alpha', order)).not.toBe(componentColor('zeta', order));
    expect(componentColor('db', order)).not.toBe(componentColor('other', order));
  });

  it("cuts a bar into its components on the column's track, dropping components without time", () => {
    const s = slice(100, { db: 90, cache: 0, other: 10 });
    expect(barSegments(s, ['db', 'cache', 'other'], 200).map((x) => [x.component, x.share])).toEqual([
      ['db', 0.45],
      ['other', 0.05],
    ]);
    // Components that ran concurrently can add up to more than the request took: the bar is as long as they are.
    expect(barMs(slice(10, { db: 8, cache: 6, other: 0 }))).toBe(14);
  });
});

describe('"Where the time went" section', () => {
  const withTiming = (phase: PhaseResult, median: LatencyBreakdown, slowest: LatencyBreakdown): PhaseResult => ({
    ...phase,
    serverTiming: { components: {}, breakdown: { median, slowest1pct: slowest } },
  });

  it('is absent without Server-Timing figures, or when no response carried the header', () => {
    const result = fixtureRunResult();
    expect(serverTimingSection(result)).toBe('');
    result.variants[0]!.phases[0]!.serverTiming = { components: {}, breakdown: null };
    expect(serverTimingSection(result)).toBe('');
  });

  it('draws the median request and the slowest 1% per variant and phase, with ms in words and drops noted', () => {
    const result: RunResult = fixtureRunResult();
    const a = result.variants[0]!;
    const flush = a.phases[1]!;
    a.phases[1] = {
      ...withTiming(flush, slice(2, { cache: 0.4, other: 1.6 }), slice(700, { db: 690, cache: 0.4, other: 9.6 }, 12)),
      dropped: 30,
    };
    result.variants[1]!.phases.push(
      withTiming(flush, slice(2, { cache: 0.4, other: 1.6 }), slice(140, { db: 120, cache: 0.4, other: 19.6 }, 12)),
    );
    const html = serverTimingSection(result);
    expect(html).toContain('<h2>Where the time went</h2>');
    expect(html.match(/<div class="timing-phase">/g)).toHaveLength(1);
    expect(html.match(/<div class="stack" /g)).toHaveLength(4);
    expect(html).toContain('700 ms: db 690 · cache 0.400 · other 9.60');
    // The slowest 1% of a shares its column's track with b's: 690 of 700 ms is 98.6% of the longest bar.
    expect(html).toMatch(/data-component="db" style="width:98\.571%/);
    expect(html).toMatch(/data-component="db" style="width:17\.143%/);
    // Labels only where they fit: db 690 in a 99% segment, not cache 0.400 in a 0.06% one.
    expect(html).toContain('>db 690</span>');
    expect(html).not.toContain('>cache 0.400</span>');
    expect(html).toContain('⚠ the breakdown excludes 30 dropped requests');
    expect(html).toContain('(12 requests)');
  });
});
