import { describe, expect, it } from 'vitest';
import { failsDespiteGenerator } from './capacity-run.ts';
import { parseSlo } from './slo.ts';

const slo = parseSlo('p99<250ms,errors<1%');
/** A histogram whose every percentile is `ms`. */
const flat = (ms: number) => ({ count: 100, percentileMs: () => ms });

describe('failsDespiteGenerator', () => {
  it('fails a step whose latency is far past the SLO even after twice the generator delay is taken off', () => {
    expect(failsDespiteGenerator(slo, flat(2100), 0, 22, 2000)).toBe(true);
  });
  it('does not decide a step the generator delay could explain', () => {
    // 300 ms - 2 x 30 ms = 240 ms: would pass, so the saturated generator may be why it failed.
    expect(failsDespiteGenerator(slo, flat(300), 0, 30, 2000)).toBe(false);
  });
  it('counts errors only when the generator was not late enough to cause timeouts', () => {
    expect(failsDespiteGenerator(slo, flat(10), 0.5, 20, 2000)).toBe(true);
    expect(failsDespiteGenerator(slo, flat(10), 0.5, 600, 2000)).toBe(false);
  });
  it('decides nothing without a figure for the delay', () => {
    expect(failsDespiteGenerator(slo, flat(5000), 1, Number.POSITIVE_INFINITY, 2000)).toBe(false);
  });
});
