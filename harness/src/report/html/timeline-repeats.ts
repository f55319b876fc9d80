// With repeats, timeline.jsonl holds each repeat's seconds (tagged `repeat`), all on the same time base (seconds since
// that repeat's load started). The chart draws one line per variant: the median across repeats of each second, and
// for p99 a band from the lowest to the highest repeat, so a reader sees how far one repeat's spike is from the rest.
import type { ErrorCounts } from '../../results/run-result.ts';
import type { TimelineRow } from './timeline-rows.ts';
import { median as medianOf } from '../../stats/median.ts';

/** One second of a variant across its repeats. */
export interface RepeatSecond {
  second: number;
  /** Repeats that recorded this second. */
  repeats: number;
  requests: number;
  errors: ErrorCounts;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Lowest and highest repeat's p99 in this second; null with fewer than two repeats measuring it. */
  p99LoMs: number | null;
  p99HiMs: number | null;
}

export function hasRepeats(rows: readonly TimelineRow[]): boolean {
  return rows.some((r) => typeof r.repeat === 'number');
}

/** One variant's rows folded per second: medians across the repeats, p99's spread beside them. */
export function acrossRepeats(rows: readonly TimelineRow[]): RepeatSecond[] {
  const bySecond = new Map<number, TimelineRow[]>();
  for (const row of rows) bySecond.set(row.second, [...(bySecond.get(row.second) ?? []), row]);
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, group]) => {
      const p99s = known(group.map((r) => r.p99Ms));
      const classes = new Set(group.flatMap((r) => Object.keys(r.errors))) as Set<keyof ErrorCounts>;
      const errors: ErrorCounts = {};
      // A repeat without a class that second had none: it counts as 0.
      for (const c of classes) {
        const value = median(group.map((r) => r.errors[c] ?? 0));
        if (value !== null && value > 0) errors[c] = value;
      }
      return {
        second,
        repeats: group.length,
        requests: median(group.map((r) => r.requests)) ?? 0,
        errors,
        p50Ms: median(known(group.map((r) => r.p50Ms))),
        p99Ms: median(p99s),
        p99LoMs: p99s.length > 1 ? Math.min(...p99s) : null,
        p99HiMs: p99s.length > 1 ? Math.max(...p99s) : null,
      };
    });
}

/** The middle value, or the mean of the two middle ones (stats/median.ts); null for none. */
export function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : medianOf(values);
}

function known(values: ReadonlyArray<number | null>): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}
