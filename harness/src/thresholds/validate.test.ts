import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { minimumRepeatsFor, parseThresholds, validateThresholdRepeats, validateThresholds } from './validate.ts';

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
      [
        'flush.p99 < 500ms',
        'flush.avg < 5',
        '*.errorRate < 5ms',
        'flsh.p99 < 1',
        'coalesing.flush.p99 < 1',
        'coalescing.p99 < 1',
        'x.y.p95 === 1',
        42,
      ],
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
    const hint = (path: string, message: RegExp): string | undefined =>
      issues.find((i) => i.path === path && message.test(i.message))?.hint;
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

describe('validateThresholds: relative thresholds', () => {
  const cache = { variants: ['none', 'coalescing', 'swr'], phases: ['warm', 'flush'] };

  it("accepts references to the experiment's variants and phases", () => {
    const valid = [
      'coalescing.flush.p99 < 0.5 * none.flush.p99',
      'swr.flush.p99 < none.flush.p99 significant',
      'coalescing.*.p99 < none.*.p99',
      '*.flush.p99 < none.flush.p99 significant',
      'coalescing.flush.p99 < 3 * warm.p99',
      '*.*.p99 < 2 * *.warm.p99',
    ];
    expect(validateThresholds(valid, cache, 'experiments/cache-modes.ts')).toEqual([]);
  });

  it('collects every problem of every expression, each with its fix', () => {
    const issues = validateThresholds(
      [
        'coalescing.flush.p99 < 0.5 * nne.flush.p99',
        'coalesing.flush.p99 < 0.5 * none.flsh.p99',
        'coalescing.flush.p99 < 0.5 * none.p99',
        'coalescing.flush.p95 < * none.flush.p99',
        'swr.flush.p99 == none.flush.p99 significant',
        'swr.flush.p99 < 0.5 * ghost.flush.p99 significant',
      ],
      cache,
      'experiments/cache-modes.ts',
    );
    expect(issues.map((i) => [i.path, i.message, i.hint])).toEqual([
      [
        'thresholds[0]',
        '"coalescing.flush.p99 < 0.5 * nne.flush.p99": no variant is named "nne" (in the reference "nne.flush.p99")',
        'did you mean "none"?',
      ],
      [
        'thresholds[1]',
        '"coalesing.flush.p99 < 0.5 * none.flsh.p99": no variant is named "coalesing"',
        'did you mean "coalescing"? (or * for all variants)',
      ],
      [
        'thresholds[1]',
        '"coalesing.flush.p99 < 0.5 * none.flsh.p99": no phase is named "flsh" (in the reference "none.flsh.p99")',
        'did you mean "flush"?',
      ],
      [
        'thresholds[2]',
        '"coalescing.flush.p99 < 0.5 * none.p99": no phase is named "none" (in the reference "none.p99")',
        '"none" is a variant: write "none.flush.p99"',
      ],
      ['thresholds[3]', '"coalescing.flush.p95 < * none.flush.p99": unknown metric "p95"', 'did you mean "p90"?'],
      [
        'thresholds[3]',
        '"coalescing.flush.p95 < * none.flush.p99": has no factor before "*"',
        'write a number before *, e.g. "0.5 * none.flush.p99", or drop the * to compare with none.flush.p99 itself',
      ],
      [
        'thresholds[4]',
        '"swr.flush.p99 == none.flush.p99 significant": "significant" tests a direction, and == has none',
        'use < or <= (smaller than the reference) or > or >= (larger), or drop "significant"',
      ],
      [
        'thresholds[5]',
        '"swr.flush.p99 < 0.5 * ghost.flush.p99 significant": no variant is named "ghost" (in the reference "ghost.flush.p99")',
        'the variants are: none, coalescing, swr',
      ],
    ]);
    expect(issues.every((i) => i.file === 'experiments/cache-modes.ts')).toBe(true);
  });
});

describe('validateThresholdRepeats', () => {
  const thresholds = [
    'flush.p99 < 500ms',
    'swr.flush.p99 < none.flush.p99 significant',
    'a.flush.p99 < 0.5 * b.flush.p99',
    'a.flush.rps > b.flush.rps significant',
    'broken <',
  ];

  it('refuses, before the run, a significant threshold that too few repeats could never pass', () => {
    expect(validateThresholdRepeats(thresholds, 2, 'experiments/x.ts')).toEqual([
      {
        file: 'experiments/x.ts',
        path: 'thresholds[1]',
        message:
          '"swr.flush.p99 < none.flush.p99 significant": with 2 repeats per variant the significance test cannot reach p < 0.05, so this threshold would always fail',
        hint: 'run with --repeat 4 or more (or set repeat: 4 in the experiment), or drop "significant" to compare the medians only',
      },
      expect.objectContaining({ path: 'thresholds[3]' }),
    ]);
    expect(validateThresholdRepeats(thresholds, 1)[0]?.message).toMatch(/with one run per variant/);
    expect(validateThresholdRepeats(thresholds, 3)).toHaveLength(2);
  });

  it('accepts enough repeats, and thresholds without "significant"', () => {
    expect(validateThresholdRepeats(thresholds, 4)).toEqual([]);
    expect(validateThresholdRepeats(['a.flush.p99 < 0.5 * b.flush.p99'], 1)).toEqual([]);
    expect(validateThresholdRepeats(undefined, 1)).toEqual([]);
  });

  it('minimumRepeatsFor: the repeats the significant thresholds need (4 for a one-sided test at 0.05)', () => {
    expect(minimumRepeatsFor(parseThresholds(['swr.flush.p99 < none.flush.p99 significant', 'flush.p99 < 1s']))).toBe(4);
    expect(minimumRepeatsFor(parseThresholds(['a.flush.rps >= 1.2 * b.flush.rps significant']))).toBe(4);
    expect(minimumRepeatsFor(parseThresholds(['a.flush.p99 < b.flush.p99', 'flush.p99 < 1s']))).toBeUndefined();
  });
});

describe('parseThresholds', () => {
  it('parses a valid list and throws bad-input with every issue otherwise', () => {
    expect(parseThresholds(['flush.p99 < 1s', '*.dropped == 0']).map((t) => (t.kind === 'absolute' ? t.value : undefined))).toEqual([
      1000, 0,
    ]);
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
