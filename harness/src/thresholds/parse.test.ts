import { describe, expect, it } from 'vitest';
import { parseThreshold, type ParsedThreshold } from './parse.ts';

const parsed = (expression: string): ParsedThreshold => {
  const outcome = parseThreshold(expression);
  if (!outcome.ok) throw new Error(`${expression}: ${outcome.problems.map((p) => p.message).join('; ')}`);
  return outcome.threshold;
};

const problems = (expression: string): Array<{ message: string; hint: string }> => {
  const outcome = parseThreshold(expression);
  if (outcome.ok) throw new Error(`${expression} parsed`);
  return outcome.problems;
};

describe('parseThreshold: valid expressions', () => {
  it.each<[string, Partial<ParsedThreshold>]>([
    ['flush.p99 < 500ms', { variant: '*', phase: 'flush', metric: 'p99', operator: '<', value: 500 }],
    ['flush.errorRate < 1%', { phase: 'flush', metric: 'errorRate', operator: '<', value: 0.01 }],
    ['*.dropped == 0', { variant: '*', phase: '*', metric: 'dropped', operator: '==', value: 0 }],
    ['coalescing.flush.dbQueriesPerSec < 200', { variant: 'coalescing', phase: 'flush', metric: 'dbQueriesPerSec', value: 200 }],
    ['recovery.rps > 100', { phase: 'recovery', metric: 'rps', operator: '>', value: 100 }],
    ['*.*.max <= 2s', { variant: '*', phase: '*', metric: 'max', operator: '<=', value: 2000 }],
    ['warm-up.cacheHitRatio >= 0.9', { phase: 'warm-up', metric: 'cacheHitRatio', operator: '>=', value: 0.9 }],
    ['flush.errors.http5xx != 0', { phase: 'flush', metric: 'errors.http5xx', operator: '!=', value: 0 }],
    ['a.flush.errors.timeout<3', { variant: 'a', phase: 'flush', metric: 'errors.timeout', operator: '<', value: 3 }],
    ['flush.errors == 0', { phase: 'flush', metric: 'errors', value: 0 }],
    ['flush.requests > 1000', { metric: 'requests', value: 1000 }],
    ['flush.p50 < 12.5', { metric: 'p50', value: 12.5 }],
    ['flush.p90 < 0.25s', { metric: 'p90', value: 250 }],
    ['flush.p999 < 1 s', { metric: 'p999', value: 1000 }],
    // k6's own spellings of the percentiles bench records.
    ['flush.p(99) < 500', { metric: 'p99', value: 500 }],
    ['v.flush.p(99.9) < 500', { variant: 'v', phase: 'flush', metric: 'p999', value: 500 }],
    ['flush.p(50) < 5', { metric: 'p50' }],
    ['flush.p(100) < 5', { metric: 'max' }],
    ['flush.med < 5', { metric: 'p50' }],
    // A phase called "errors" is still a phase.
    ['errors.p99 < 5', { phase: 'errors', metric: 'p99' }],
    ['  flush.p99<500ms  ', { expression: 'flush.p99<500ms', value: 500 }],
  ])('%s', (expression, expected) => {
    expect(parsed(expression)).toMatchObject(expected);
  });

  it('keeps the expression as written (trimmed)', () => {
    expect(parsed('flush.p99 < 500ms').expression).toBe('flush.p99 < 500ms');
  });
});

describe('parseThreshold: units', () => {
  it('converts seconds to ms and percentages to fractions', () => {
    expect(parsed('flush.p99 < 1.5s').value).toBe(1500);
    expect(parsed('flush.p99 < 1500ms').value).toBe(1500);
    expect(parsed('flush.p99 < 1500').value).toBe(1500);
    expect(parsed('flush.errorRate < 0.1%').value).toBeCloseTo(0.001, 12);
    expect(parsed('flush.errorRate < 1%').value).toBe(0.01);
    expect(parsed('flush.errorRate < 0.01').value).toBe(0.01);
    expect(parsed('flush.cacheHitRatio > 90%').value).toBe(0.9);
  });

  it.each([
    ['*.errorRate < 5ms', 'unit "ms" does not fit errorRate (a ratio)', /percentage/],
    ['flush.p99 < 5%', 'unit "%" does not fit p99 (a latency in ms)', /500ms/],
    ['flush.dropped == 0%', 'unit "%" does not fit dropped (a count)', /bare number/],
    ['flush.rps > 100s', 'unit "s" does not fit rps (a rate per second)', /already per second/],
    ['flush.rps > 100/s', 'unknown unit "/s"', /already per second/],
    ['flush.p99 < 500us', 'unknown unit "us"', /latency in ms/],
    ['flush.errorRate < 5', 'errorRate is a fraction from 0 to 1, so 5 is out of range', /5% .* 0\.05/],
    ['flush.cacheHitRatio > 120%', '120% is more than 100%', /percentage/],
  ])('%s is refused: %s', (expression, message, hint) => {
    const [problem, ...rest] = problems(expression);
    expect(rest).toEqual([]);
    expect(problem?.message).toBe(message);
    expect(problem?.hint).toMatch(hint);
  });
});

describe('parseThreshold: malformed expressions', () => {
  it.each([
    ['', 'is empty', /flush\.p99 < 500ms/],
    ['flush.p99 500ms', 'has no comparison operator', /< <= > >= == !=/],
    ['flush.p99 === 5', 'unknown operator "==="', /write "=="/],
    ['flush.p99 = 5', 'unknown operator "="', /write "=="/],
    ['flush.p99 => 5', 'unknown operator "=>"', /write ">="/],
    ['flush.p99 <> 5', 'unknown operator "<>"', /write "!="/],
    ['1 < flush.p99 < 5', 'has 2 operators (<, <)', /two expressions/],
    ['< 5', 'names no metric before the operator', /flush\.p99/],
    ['flush.p99 <', 'has no value after the operator', /flush\.p99/],
    ['flush.p99 < fast', '"fast" is not a number', /500ms/],
    ['flush.p99 < -1', '"-1" is not a number', /non-negative/],
    ['flush.p99 < 1e3', '"1e3" is not a number', /non-negative/],
    ['p99 < 5', 'names no phase', /\*\.p99/],
    ['a.b.c.p99 < 5', 'has 3 names before the metric (a.b.c)', /<variant>\.<phase>\.<metric>/],
    ['fl*.p99 < 5', '"fl*": * matches a whole name only', /\* alone/],
    ['flush..p99 < 5', 'has an empty name between dots', /flush\.p99/],
    ['flush.p95 < 5', 'unknown metric "p95"', /did you mean "p90"\?/],
    ['flush.errorrate < 1%', 'unknown metric "errorrate"', /did you mean "errorRate"\?/],
    ['flush.latency < 5', 'unknown metric "latency"', /metrics: p50, p90/],
    ['flush.p(95) < 5', 'p(95) is not recorded', /p50, p90, p99, p99\.9/],
    ['flush.avg < 5', '"avg" is a k6 aggregation bench does not have', /no averages/],
    ['flush.rate < 5', '"rate" is a k6 aggregation bench does not have', /rps .* errorRate/],
    ['flush.count > 5', '"count" is a k6 aggregation bench does not have', /requests/],
    ['flush.errors.http500 == 0', 'unknown error class "http500"', /did you mean "errors\.http5xx"\?/],
  ])('%j: %s', (expression, message, hint) => {
    const found = problems(expression);
    const problem = found.find((p) => p.message === message);
    expect(problem, JSON.stringify(found)).toBeDefined();
    expect(problem?.hint).toMatch(hint);
  });

  it('reports every problem of one expression', () => {
    expect(problems('errorRate < 5ms').map((p) => p.message)).toEqual(['names no phase', 'unit "ms" does not fit errorRate (a ratio)']);
    expect(problems('flush.p95 === 5').map((p) => p.message)).toEqual(['unknown operator "==="', 'unknown metric "p95"']);
  });

  it('keeps the address when only the metric is wrong, so its names can still be checked', () => {
    const outcome = parseThreshold('v.flush.p95 < 5');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.address).toEqual({ variant: 'v', phase: 'flush', variantGiven: true });
  });
});
