import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { parseThresholds, validateThresholds } from './validate.ts';

const names = { variants: ['no-coalescing', 'coalescing'], phases: ['baseline', 'flush', 'recovery'] };

describe('validateThresholds', () => {
  it('accepts the valid corpus', () => {
    const valid = [
      'flush.p99 < 500ms',
      'flush.errorRate < 1%',
      '*.dropped == 0',
      'coalescing.flush.dbQueriesPerSec < 200',
      'recovery.rps > 100',
      '*.*.errors.http5xx == 0',
      'no-coalescing.*.p(99.9) < 2s',
    ];
    expect(validateThresholds(valid, names, 'experiments/x.ts')).toEqual([]);
    expect(validateThresholds(undefined, names)).toEqual([]);
  });

  it('collects every problem, each naming the index, the expression and the fix', () => {
    const issues = validateThresholds(
      ['flush.p99 < 500ms', 'flush.avg < 5', '*.errorRate < 5ms', 'flsh.p99 < 1', 'coalesing.flush.p99 < 1', 'coalescing.p99 < 1', 'x.y.p95 === 1', 42],
      names,
      'experiments/cache-stampede.ts',
    );
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['thresholds[1]', '"flush.avg < 5": "avg" is a k6 aggregation bench does not have'],
      ['thresholds[2]', '"*.errorRate < 5ms": unit "ms" does not fit errorRate (a ratio)'],
      ['thresholds[3]', '"flsh.p99 < 1": no phase is named "flsh"'],
      ['thresholds[4]', '"coalesing.flush.p99 < 1": no variant is named "coalesing"'],
      ['thresholds[5]', '"coalescing.p99 < 1": no phase is named "coalescing"'],
      ['thresholds[6]', '"x.y.p95 === 1": unknown operator "==="'],
      ['thresholds[6]', '"x.y.p95 === 1": unknown metric "p95"'],
      ['thresholds[6]', '"x.y.p95 === 1": no variant is named "x"'],
      ['thresholds[6]', '"x.y.p95 === 1": no phase is named "y"'],
      ['thresholds[7]', 'must be a string, got number'],
    ]);
    expect(issues.every((i) => i.file === 'experiments/cache-stampede.ts' && i.hint.length > 0)).toBe(true);
    const hint = (path: string, message: RegExp): string | undefined => issues.find((i) => i.path === path && message.test(i.message))?.hint;
    expect(hint('thresholds[3]', /flsh/)).toBe('did you mean "flush"? (or * for all phases)');
    expect(hint('thresholds[4]', /coalesing/)).toBe('did you mean "coalescing"? (or * for all variants)');
    expect(hint('thresholds[5]', /coalescing/)).toMatch(/"coalescing" is a variant: write "coalescing\.\*\.<metric>"/);
    expect(hint('thresholds[6]', /variant is named "x"/)).toBe('the variants are: no-coalescing, coalescing; or * for all');
  });

  it('refuses a thresholds field that is not an array', () => {
    expect(validateThresholds('flush.p99 < 5', names)).toEqual([
      { path: 'thresholds', message: 'must be an array of strings', hint: expect.stringContaining('flush.p99 < 500ms') },
    ]);
  });
});

describe('parseThresholds', () => {
  it('parses a valid list and throws bad-input with every issue otherwise', () => {
    expect(parseThresholds(['flush.p99 < 1s', '*.dropped == 0']).map((t) => t.value)).toEqual([1000, 0]);
    try {
      parseThresholds(['flush.p99 < 1s', 'flush.avg < 1', 'p99 < 1']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BenchError);
      expect((error as BenchError).exitCode).toBe(2);
      expect((error as BenchError).issues.map((i) => i.path)).toEqual(['thresholds[1]', 'thresholds[2]']);
    }
  });
});
