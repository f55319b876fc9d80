import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { timelineChart } from './chart-data.ts';
import { acrossRepeats, median } from './timeline-repeats.ts';
import { parseTimelineJsonl, timelineJsonl, type TimelineRow } from './timeline-rows.ts';

const row = (
  repeat: number | undefined,
  second: number,
  requests: number,
  p99Ms: number | null,
  errors: TimelineRow['errors'] = {},
): TimelineRow => ({
  variant: 'empty',
  ...(repeat === undefined ? {} : { repeat }),
  second,
  requests,
  errors,
  p50Ms: p99Ms === null ? null : 1,
  p99Ms,
});

describe('timeline across repeats', () => {
  it("takes each second's median across repeats, with p99 from the lowest to the highest repeat", () => {
    const seconds = acrossRepeats([
      row(1, 0, 10, 5),
      row(2, 0, 12, 50),
      row(3, 0, 11, 7, { http5xx: 2 }),
      row(1, 1, 10, 6),
      row(2, 1, 10, null),
    ]);
    expect(seconds).toEqual([
      { second: 0, repeats: 3, requests: 11, errors: {}, p50Ms: 1, p99Ms: 7, p99LoMs: 5, p99HiMs: 50 },
      // Only one repeat measured p99 in second 1: no band there.
      { second: 1, repeats: 2, requests: 10, errors: {}, p50Ms: 1, p99Ms: 6, p99LoMs: null, p99HiMs: null },
    ]);
    // A class one repeat of three saw is no median failure; two of three is.
    expect(acrossRepeats([row(1, 0, 10, 5, { reset: 4 }), row(2, 0, 10, 5, { reset: 2 }), row(3, 0, 10, 5)])[0]!.errors).toEqual({
      reset: 2,
    });
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("draws medians and a p99 band for rows tagged with repeats, and today's lines without", () => {
    const result = fixtureRunResult();
    const repeated = timelineChart(result, [row(1, 0, 10, 5), row(2, 0, 30, 9), row(3, 0, 20, 40)], [])!.variants[0]!;
    expect(repeated).toMatchObject({ rps: [20], p99: [9], repeats: 3, p99Band: { lo: [5], hi: [40] } });
    const single = timelineChart(result, [row(undefined, 0, 10, 5), row(undefined, 1, 30, 9)], [])!.variants[0]!;
    expect(single).toMatchObject({ rps: [10, 30], p99: [5, 9] });
    expect(single.p99Band).toBeUndefined();
    expect(single.repeats).toBeUndefined();
  });

  it('keeps the repeat and dropped fields through timeline.jsonl', () => {
    const rows = [{ ...row(2, 3, 10, 5), dropped: 4 }, row(undefined, 4, 10, 5)];
    expect(parseTimelineJsonl(timelineJsonl(rows))).toEqual(rows);
  });
});
