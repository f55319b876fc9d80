import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../driver/schedule/schedule-spec.ts';
import {
  equalSequence,
  formatSegment,
  formatSequence,
  globalIndexOf,
  parseSegment,
  parseSequence,
  segmentIndex,
  shareOf,
  stripe,
} from './execution-segment.ts';

describe('execution segments', () => {
  it('parses k6 notation: sequences, a:b segments and the b shorthand for 0:b', () => {
    expect(formatSequence(parseSequence('0, 25%, 0.5, 1'))).toBe('0,1/4,1/2,1');
    expect(formatSegment(parseSegment('1/3:2/3'))).toBe('1/3:2/3');
    expect(formatSegment(parseSegment('1/3'))).toBe('0:1/3');
    expect(segmentIndex(parseSequence('0,1/3,1'), parseSegment('1/3:1'))).toBe(1);
    expect(segmentIndex(parseSequence('0,1/3,1'), parseSegment('1/3:2/3'))).toBe(-1);
  });

  it('refuses sequences that do not cover (0, 1] in increasing steps', () => {
    expect(() => parseSequence('0,1/2')).toThrow(/end at 1/);
    expect(() => parseSequence('1/4,1')).toThrow(/start at 0/);
    expect(() => parseSequence('0,1/2,1/3,1')).toThrow(/increase/);
    expect(() => parseSequence('0,x,1')).toThrow(/not a fraction/);
    expect(() => parseSegment('2/3:1/3')).toThrow(/from < to/);
  });

  it('equal segments stripe as n mod N', () => {
    const striping = stripe(equalSequence(3));
    expect(striping.lcd).toBe(3);
    expect(striping.residues).toEqual([[0], [1], [2]]);
    expect([0, 1, 2, 3].map((k) => globalIndexOf(striping, 1, k))).toEqual([1, 4, 7, 10]);
  });

  it('unequal segments get exact shares per cycle, spread out (k6 striping: longest first)', () => {
    // 0:1/2, 1/2:3/4, 3/4:1 -> LCD 4: the half takes every other index.
    expect(stripe(parseSequence('0,1/2,3/4,1')).residues).toEqual([[0, 2], [1], [3]]);
    const s = stripe(parseSequence('0,1/3,1'));
    expect(s.lcd).toBe(3);
    expect(s.residues).toEqual([[1], [0, 2]]);
  });

  for (const text of ['0,1', '0,1/2,1', '0,1/3,2/3,1', '0,1/3,1', '0,1/10,3/5,7/8,1', '0,0.05,1']) {
    it(`${text}: shares add up exactly, disjoint, union is every index, deterministic`, () => {
      const seq = parseSequence(text);
      const striping = stripe(seq);
      expect(stripe(parseSequence(text))).toEqual(striping);
      for (const total of [0, 1, 7, striping.lcd, 1000, 12_345]) {
        const owners = new Array<number>(total).fill(-1);
        let sum = 0;
        seq.segments.forEach((segment, i) => {
          const share = shareOf(striping, i, total);
          sum += share;
          // Exact to within one request of the segment's length times the total, as k6's scaling promises.
          const length = segment.to.num / segment.to.den - segment.from.num / segment.from.den;
          expect(Math.abs(share - total * length)).toBeLessThan(1 + 1e-9);
          for (let k = 0; k < share; k++) {
            const n = globalIndexOf(striping, i, k);
            expect(n).toBeLessThan(total);
            expect(owners[n]).toBe(-1);
            owners[n] = i;
          }
        });
        expect(sum).toBe(total);
        expect(owners.every((o) => o >= 0)).toBe(true);
      }
    });
  }
});

describe('segment schedules', () => {
  it('the segments together are the whole schedule, at the whole schedule times', () => {
    const spec = {
      stages: [
        { durationMs: 1000, targetRatePerSec: 900 },
        { durationMs: 1500, targetRatePerSec: 300 },
      ],
      ratePerSec: 50,
      durationMs: 2200,
    };
    const whole = buildSchedule(spec);
    const striping = stripe(parseSequence('0,1/3,1/2,1'));
    const times: number[] = [];
    for (let index = 0; index < 3; index++) {
      const part = buildSchedule({ ...spec, segment: { striping, index } });
      expect(part.durationMs).toBe(whole.durationMs);
      let previous = -1;
      for (let k = 0; k < part.totalRequests; k++) {
        const t = part.sendTimeMs(k);
        expect(t).toBeGreaterThan(previous);
        previous = t;
        times.push(t);
      }
      expect(part.sendTimeMs(part.totalRequests)).toBe(Infinity);
    }
    times.sort((a, b) => a - b);
    expect(times).toEqual(Array.from({ length: whole.totalRequests }, (_, n) => whole.sendTimeMs(n)));
  });
});
