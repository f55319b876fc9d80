import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { evaluateSlo, parseSlo } from './slo.ts';

describe('parseSlo', () => {
  it('reads latency percentiles and an error rate', () => {
    expect(parseSlo('p99<100ms,errors<1%')).toEqual({
      text: 'p99<100ms,errors<1%',
      latency: [{ percentile: 99, label: 'p99', limitMs: 100, inclusive: false }],
      errorRate: { limit: 0.01, inclusive: false },
    });
  });

  it('accepts units, <=, p99.9/p999/max, fractions and spaces', () => {
    const slo = parseSlo(' p50 <= 2ms , p99.9<1.5s, p999<500us, max<2s, errors<=0.005 ');
    expect(slo.latency.map((o) => [o.label, o.percentile, o.limitMs, o.inclusive])).toEqual([
      ['p50', 50, 2, true],
      ['p99.9', 99.9, 1500, false],
      ['p999', 99.9, 0.5, false],
      ['max', 100, 2000, false],
    ]);
    expect(slo.errorRate).toEqual({ limit: 0.005, inclusive: true });
  });

  it.each([
    ['', /is empty/],
    ['p99 100ms', /not <metric><op><value>/],
    ['p99<100', /not a duration with a unit/],
    ['p99>100ms', /not <metric><op><value>/],
    ['errors<150%', /not a percentage/],
    ['p0<1ms', /not a percentile/],
    ['latency<1ms', /not <metric><op><value>/],
    ['errors<1%,errors<2%', /repeats errors/],
  ])('refuses %j, naming the clause and the fix', (text, message) => {
    let caught: unknown;
    try {
      parseSlo(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BenchError);
    const error = caught as BenchError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('invalid SLO');
    expect(error.issues[0]!.path).toContain('--slo');
    expect(error.issues[0]!.message).toMatch(message);
    expect(error.hint).toContain('p99<100ms,errors<1%');
  });
});

describe('evaluateSlo', () => {
  const measured = (p99: number, errorRate: number) => ({ latencyMs: (p: number) => (p >= 99 ? p99 : 1), errorRate });

  it('passes below every limit and lists every miss', () => {
    const slo = parseSlo('p99<100ms,errors<1%');
    expect(evaluateSlo(slo, measured(99.9, 0.0099))).toEqual({ pass: true, failures: [] });
    expect(evaluateSlo(slo, measured(100, 0.01))).toEqual({
      pass: false,
      failures: ['p99 100 ms >= 100 ms', 'errors 1% >= 1%'],
    });
    expect(evaluateSlo(parseSlo('p99<=100ms'), measured(100, 0.5)).pass).toBe(true);
  });
});
