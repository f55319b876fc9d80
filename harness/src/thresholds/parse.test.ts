import { describe, expect, it } from 'vitest';
import { namedVariants, parseThreshold, type ParsedThreshold } from './parse.ts';

const parsed = (expression: string): ParsedThreshold => {
  const outcome = parseThreshold(expression);
  if (!outcome.ok) throw new Error(`${expression}: ${outcome.problems.map((p) => p.message).join('; ')}`);
  return outcome.threshold;
};

const value = (expression: string): number => {
  const threshold = parsed(expression);
  if (threshold.kind !== 'absolute') throw new Error(`${expression} is ${threshold.kind}`);
  return threshold.value;
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
    expect(value('flush.p99 < 1.5s')).toBe(1500);
    expect(value('flush.p99 < 1500ms')).toBe(1500);
    expect(value('flush.p99 < 1500')).toBe(1500);
    expect(value('flush.errorRate < 0.1%')).toBeCloseTo(0.001, 12);
    expect(value('flush.errorRate < 1%')).toBe(0.01);
    expect(value('flush.errorRate < 0.01')).toBe(0.01);
    expect(value('flush.cacheHitRatio > 90%')).toBe(0.9);
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

describe('parseThreshold: relative thresholds', () => {
  it.each<[string, Partial<ParsedThreshold>]>([
    [
      'coalescing.flush.p99 < 0.5 * none.flush.p99',
      {
        kind: 'relative',
        variant: 'coalescing',
        phase: 'flush',
        metric: 'p99',
        operator: '<',
        factor: 0.5,
        reference: { variant: 'none', phase: 'flush', metric: 'p99' },
        significant: false,
      },
    ],
    [
      'swr.flush.p99 < none.flush.p99 significant',
      { kind: 'relative', factor: 1, reference: { variant: 'none', phase: 'flush', metric: 'p99' }, significant: true },
    ],
    ['coalescing.flush.p99 < 0.5 * none.flush.p99 significant', { factor: 0.5, significant: true }],
    // Whitespace is free around the operator and the *, and may be missing.
    ['coalescing.flush.p99<0.5*none.flush.p99', { factor: 0.5, reference: { variant: 'none', phase: 'flush', metric: 'p99' } }],
    [
      '  a.flush.p99   <=   2   *   b.flush.p99    significant  ',
      { expression: 'a.flush.p99   <=   2   *   b.flush.p99    significant', operator: '<=', factor: 2, significant: true },
    ],
    // `*` on the right stands for the left side's own phase (or variant).
    ['coalescing.*.p99 < none.*.p99', { phase: '*', reference: { variant: 'none', phase: '*', metric: 'p99' } }],
    [
      '*.*.p99 < 2 * *.baseline.p99',
      { variant: '*', phase: '*', factor: 2, reference: { variant: '*', phase: 'baseline', metric: 'p99' } },
    ],
    // An omitted variant is the left side's own: flush against the same variant's baseline.
    ['coalescing.flush.p99 < 3 * baseline.p99', { variant: 'coalescing', reference: { variant: '*', phase: 'baseline', metric: 'p99' } }],
    ['*.flush.p99 < none.flush.p99', { variant: '*', reference: { variant: 'none', phase: 'flush', metric: 'p99' } }],
    // Another figure of the same kind, in the same phase: a tail-to-median ratio.
    ['flush.p99 < 10 * flush.p50', { factor: 10, reference: { variant: '*', phase: 'flush', metric: 'p50' } }],
    ['a.flush.dbQueriesPerSec < 0.1 * b.flush.dbQueriesPerSec', { metric: 'dbQueriesPerSec', factor: 0.1 }],
    [
      'a.flush.errors.http5xx <= b.flush.errors.http5xx',
      { metric: 'errors.http5xx', reference: { variant: 'b', phase: 'flush', metric: 'errors.http5xx' } },
    ],
    [
      'a.flush.p(99) > 1.5 * b.flush.p(99) significant',
      { metric: 'p99', operator: '>', factor: 1.5, reference: { variant: 'b', phase: 'flush', metric: 'p99' } },
    ],
    ['a.flush.cacheHitRatio >= b.flush.cacheHitRatio', { operator: '>=' }],
    ['a.flush.requests == b.flush.requests', { operator: '==', significant: false }],
    // As the reports print it.
    ['a.flush.p99 < 0.5 × b.flush.p99', { factor: 0.5, reference: { variant: 'b', phase: 'flush', metric: 'p99' } }],
    [
      '2-replicas.flush.rps > 1.8 * 1-replica.flush.rps',
      { variant: '2-replicas', reference: { variant: '1-replica', phase: 'flush', metric: 'rps' } },
    ],
  ])('%s', (expression, expected) => {
    expect(parsed(expression)).toMatchObject(expected);
  });

  it('still reads constants as absolute thresholds', () => {
    expect(parsed('flush.p99 < 500 ms')).toMatchObject({ kind: 'absolute', value: 500 });
    expect(parsed('flush.p99 < 0.5s')).toMatchObject({ kind: 'absolute', value: 500 });
  });

  it.each([
    ['a.flush.p99 < * b.flush.p99', 'has no factor before "*"', /"0\.5 \* b\.flush\.p99"/],
    ['a.flush.p99 < half * b.flush.p99', 'the factor "half" is not a number', /decimal above 0/],
    ['a.flush.p99 < 50% * b.flush.p99', 'the factor "50%" is not a number', /"0\.5 \* b\.flush\.p99"/],
    ['a.flush.p99 < 0.5s * b.flush.p99', 'the factor "0.5s" is not a number', /without a unit/],
    ['a.flush.p99 < b.flush.p99 * 0.5', 'has the factor after the reference', /write the factor first: "0\.5 \* b\.flush\.p99"/],
    ['a.flush.p99 < 0 * b.flush.p99', 'a factor of 0 makes the reference 0', /above 0/],
    ['a.flush.p99 < 2 * 3 * b.flush.p99', 'has 2 factors', /one factor/],
    ['a.flush.p99 < 0.5 *', 'has nothing after "*"', /<variant>\.<phase>\.<metric>/],
    ['a.flush.p99 == b.flush.p99 significant', '"significant" tests a direction, and == has none', /< or <=/],
    ['a.flush.p99 != b.flush.p99 significant', '"significant" tests a direction, and != has none', /> or >=/],
    ['a.flush.p99 < 500ms significant', '"significant" compares with another variant\'s figure, not a constant', /drop "significant"/],
    ['a.flush.p99 < b.flush.p99 signficant', 'unknown word "signficant"', /did you mean "significant"\?/],
    ['a.flush.p99 < b.flush.p99 please', 'unexpected "please" after the reference', /only "significant"/],
    ['a.flush.p99 < b.flush.p95', 'reference "b.flush.p95": unknown metric "p95"', /did you mean "p90"\?/],
    ['a.flush.p99 < b.flush.avg', 'reference "b.flush.avg": "avg" is a k6 aggregation bench does not have', /no averages/],
    ['a.flush.p99 < x.y.flush.p99', 'reference "x.y.flush.p99": has 3 names before the metric (x.y.flush)', /<variant>\.<phase>\.<metric>/],
    ['a.flush.p99 < b.fl*.p99', 'reference "b.fl*.p99": "fl*": * matches a whole name only', /\* alone/],
    [
      'a.flush.p99 < 0.5 x b.flush.p99',
      'reference "0.5 x b.flush.p99": has a space in it',
      /write the factor with \*: "0\.5 \* b\.flush\.p99"/,
    ],
    ['a.flush.p99 < b.flush .p99', 'reference "b.flush .p99": has a space in it', /<variant>\.<phase>\.<metric>/],
    ['a.flush.p99 < 0.5 * b.flush.errorRate', 'compares p99 (a latency in ms) with errorRate (a ratio)', /one kind/],
    [
      'a.flush.p99 < none.*.p99',
      '* in the reference stands for the left side\'s phase, and the left names "flush"',
      /write "none\.flush\.p99"/,
    ],
    [
      'a.flush.p99 < *.baseline.p99',
      '* in the reference stands for the left side\'s variant, and the left names "a"',
      /write "a\.baseline\.p99"/,
    ],
    ['a.flush.p99 < 0.5 * a.flush.p99', 'compares a figure with itself', /another variant or phase/],
    ['*.flush.p99 < *.flush.p99', 'compares a figure with itself', /another variant or phase/],
    ['flush.p99 < 2 * flush.p99', 'compares a figure with itself', /another variant or phase/],
  ])('%j: %s', (expression, message, hint) => {
    const found = problems(expression);
    const problem = found.find((p) => p.message === message);
    expect(problem, JSON.stringify(found)).toBeDefined();
    expect(problem?.hint).toMatch(hint);
  });

  it('reports every problem of a relative expression at once', () => {
    expect(problems('a.flush.p95 == 50% * b.flush.p999 significant').map((p) => p.message)).toEqual([
      'unknown metric "p95"',
      'the factor "50%" is not a number',
      '"significant" tests a direction, and == has none',
    ]);
  });

  it('keeps both addresses when a name is wrong elsewhere, so validation can check them', () => {
    const outcome = parseThreshold('v.flush.p95 < 0.5 * w.baseline.p99');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.address).toEqual({ variant: 'v', phase: 'flush', variantGiven: true });
      expect(outcome.reference).toEqual({ variant: 'w', phase: 'baseline', variantGiven: true, text: 'w.baseline.p99', metricText: 'p99' });
    }
  });

  it('a malformed constant mentions the relative form in its hint', () => {
    expect(problems('flush.p99 < fast')[0]?.hint).toMatch(/0\.5 \* none\.flush\.p99/);
  });
});

describe('namedVariants', () => {
  it('lists the variants a threshold needs to have run, left and reference, without *', () => {
    expect(namedVariants(parsed('coalescing.flush.p99 < 0.5 * none.flush.p99'))).toEqual(['coalescing', 'none']);
    expect(namedVariants(parsed('*.flush.p99 < none.flush.p99'))).toEqual(['none']);
    expect(namedVariants(parsed('a.flush.p99 < 2 * baseline.p99'))).toEqual(['a']);
    expect(namedVariants(parsed('flush.p99 < 500ms'))).toEqual([]);
  });
});

describe('thresholds on dependency figures', () => {
  it('parse with or without a variant, and name an unknown figure', () => {
    const ok = parseThreshold('flush.postgres.primary.statementsPerSec.peak < 200');
    expect(ok.ok && ok.threshold).toMatchObject({
      variant: '*',
      phase: 'flush',
      metric: 'postgres.primary.statementsPerSec.peak',
      value: 200,
    });
    const withVariant = parseThreshold('none.flush.containers.service-1.cpuOfLimit.mean < 90%');
    expect(withVariant.ok && withVariant.threshold).toMatchObject({
      variant: 'none',
      phase: 'flush',
      metric: 'containers.service-1.cpuOfLimit.mean',
      value: 0.9,
    });
    const bad = parseThreshold('flush.postgres.primary.queriesPerSec.peak < 200');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]).toMatchObject({ message: 'postgres has no figure "queriesPerSec"' });
    const own = parseThreshold('slow.service.all.orders2PerSec.peak >= 10');
    expect(own.ok && own.threshold).toMatchObject({ variant: '*', phase: 'slow', metric: 'service.all.orders2PerSec.peak', value: 10 });
  });
});
