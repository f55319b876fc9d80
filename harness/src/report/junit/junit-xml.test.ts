import { describe, expect, it } from 'vitest';
import type { RunResult, ThresholdResult } from '../../results/run-result.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { renderJunitXml } from './junit-xml.ts';
import { expectedPart, expectedText, formatActual, thresholdVerdict } from './threshold-text.ts';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.ts';

const PROPERTIES = (status: string): string => `    <properties>
      <property name="runId" value="20261123T083736Z-3f9a1c"/>
      <property name="status" value="${status}"/>
      <property name="startedAt" value="2026-11-23T08:37:36.000Z"/>
      <property name="finishedAt" value="2026-11-23T08:39:41.500Z"/>
      <property name="benchVersion" value="0.1.0"/>
    </properties>`;

function run(overrides: Partial<RunResult>): RunResult {
  return { ...fixtureRunResult(), ...overrides };
}

describe('JUnit XML', () => {
  it('writes one testcase per threshold, failures with actual vs expected', () => {
    const xml = renderJunitXml(
      run({
        thresholds: [
          { expression: 'baseline.p99 < 50ms', variant: 'no-coalescing', phase: 'baseline', metric: 'p99', actual: 4.871, passed: true },
          { expression: 'flush.p99 < 500ms', variant: 'no-coalescing', phase: 'flush', metric: 'p99', actual: 873.2, passed: false },
          {
            expression: 'flush.errorRate < 0.01%',
            variant: 'no-coalescing',
            phase: 'flush',
            metric: 'errorRate',
            actual: 0.00092,
            passed: false,
          },
        ],
      }),
    );
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bench" tests="3" failures="2" errors="0" time="125.500">
  <testsuite name="cache-stampede" tests="3" failures="2" errors="0" skipped="0" time="125.500" timestamp="2026-11-23T08:37:36" hostname="ci-runner">
${PROPERTIES('failed')}
    <testcase classname="cache-stampede.no-coalescing.baseline" name="baseline.p99 &lt; 50ms" time="0"/>
    <testcase classname="cache-stampede.no-coalescing.flush" name="flush.p99 &lt; 500ms" time="0">
      <failure message="flush.p99 &lt; 500ms: actual 873 ms, expected &lt; 500ms" type="threshold">threshold flush.p99 &lt; 500ms failed
variant no-coalescing, phase flush, metric p99: actual 873 ms, expected &lt; 500ms</failure>
    </testcase>
    <testcase classname="cache-stampede.no-coalescing.flush" name="flush.errorRate &lt; 0.01%" time="0">
      <failure message="flush.errorRate &lt; 0.01%: actual 0.09%, expected &lt; 0.01%" type="threshold">threshold flush.errorRate &lt; 0.01% failed
variant no-coalescing, phase flush, metric errorRate: actual 0.09%, expected &lt; 0.01%</failure>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it('writes a suite with zero tests when there are no thresholds', () => {
    const { thresholds: _, ...result } = run({ status: 'passed' });
    expect(renderJunitXml(result)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bench" tests="0" failures="0" errors="0" time="125.500">
  <testsuite name="cache-stampede" tests="0" failures="0" errors="0" skipped="0" time="125.500" timestamp="2026-11-23T08:37:36" hostname="ci-runner">
${PROPERTIES('passed')}
  </testsuite>
</testsuites>
`);
  });

  it('adds a failing testcase when the run aborted or errored', () => {
    const aborted = renderJunitXml(run({ status: 'aborted', reason: 'SIGINT', thresholds: [] }));
    expect(aborted).toContain('tests="1" failures="1"');
    expect(aborted).toContain(`    <testcase classname="cache-stampede.run" name="run completed" time="0">
      <failure message="run was aborted: SIGINT" type="aborted">run 20261123T083736Z-3f9a1c was aborted: SIGINT
thresholds cover only what was measured before it stopped</failure>
    </testcase>`);
    const errored = renderJunitXml(run({ status: 'error', reason: undefined }));
    expect(errored).toContain('<failure message="run ended with an error: no reason recorded" type="error">');
  });

  it('escapes names, expressions and reasons, and drops characters XML cannot hold', () => {
    const xml = renderJunitXml(
      run({
        experiment: 'a&b',
        status: 'error',
        reason: 'bad "quote" <tag> \'apos\'\nnext line\u0007bell',
        thresholds: [
          {
            expression: 'p99 <= 5ms && "x"',
            variant: '<v>',
            phase: "it's",
            metric: 'p99',
            actual: null,
            passed: false,
            note: 'no requests <completed>',
          },
        ],
      }),
    );
    expect(xml).toContain('<testsuite name="a&amp;b"');
    expect(xml).toContain('classname="a&amp;b.&lt;v&gt;.it&apos;s" name="p99 &lt;= 5ms &amp;&amp; &quot;x&quot;"');
    expect(xml).toContain(
      'message="p99 &lt;= 5ms &amp;&amp; &quot;x&quot;: not measured (no requests &lt;completed&gt;), expected &lt;= 5ms &amp;&amp; &quot;x&quot;"',
    );
    expect(xml).toContain('message="run ended with an error: bad &quot;quote&quot; &lt;tag&gt; &apos;apos&apos;&#10;next line\uFFFDbell"');
    expect(xml).toContain('>run 20261123T083736Z-3f9a1c ended with an error: bad "quote" &lt;tag&gt; \'apos\'\nnext line\uFFFDbell');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
  });
});

describe('XML escaping', () => {
  it('escapes markup in text and attributes', () => {
    expect(escapeXmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
    expect(escapeXmlAttribute(`"'\t\r\n<`)).toBe('&quot;&apos;&#9;&#13;&#10;&lt;');
  });

  it('replaces control characters and lone surrogates, keeps pairs', () => {
    expect(escapeXmlText('a\u0000b\u001Fc\uD800d\uDC00e')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(escapeXmlText('emoji 😀 ok')).toBe('emoji 😀 ok');
  });
});

describe('threshold text', () => {
  it('takes the expected side from the expression', () => {
    expect(expectedPart('flush.p99 < 500ms')).toBe('< 500ms');
    expect(expectedPart('rate>=0.99')).toBe('>= 0.99');
    expect(expectedPart('no comparison')).toBeNull();
  });

  it('formats actual values in the metric unit, as the text reports do', () => {
    expect(formatActual('p99', 873.2)).toBe('873 ms');
    expect(formatActual('errorRate', 0.0125)).toBe('1.25%');
    expect(formatActual('rps', 1200)).toBe('1200/s');
    expect(formatActual('p99', null)).toBe('—');
  });
});

describe('relative threshold text', () => {
  const significance = { test: 'mann-whitney-u', alternative: 'less', alpha: 0.05, n: 5, m: 5, exact: true, repeatsNeeded: 4 } as const;
  const relative: ThresholdResult = {
    expression: 'coalescing.flush.p99 < 0.5 * none.flush.p99 significant',
    variant: 'coalescing',
    phase: 'flush',
    metric: 'p99',
    actual: 400,
    passed: false,
    factor: 0.5,
    reference: { variant: 'none', phase: 'flush', metric: 'p99', value: 726 },
    significance: { ...significance, pValue: 0.31 },
  };

  it('resolves the expected side: factor, reference value, limit and p', () => {
    expect(expectedText(relative)).toBe('< 0.5 × none.flush.p99 (0.5 × 726 = 363 ms), p = 0.31');
    expect(expectedText({ expression: 'flush.p99 < 500ms', variant: 'v', phase: 'flush', metric: 'p99', actual: 1, passed: true })).toBe(
      '< 500ms',
    );
    expect(thresholdVerdict(relative)).toBe('actual 400 ms, expected < 0.5 × none.flush.p99 (0.5 × 726 = 363 ms), p = 0.31');
  });

  it('says why a relative threshold failed after the comparison', () => {
    const tooFew: ThresholdResult = {
      ...relative,
      actual: 263,
      note: 'needs --repeat 4 or more: with 2 repeats the test cannot reach p < 0.05',
      significance: { ...significance, n: 2, m: 2, pValue: null },
    };
    expect(thresholdVerdict(tooFew)).toBe(
      'actual 263 ms, expected < 0.5 × none.flush.p99 (0.5 × 726 = 363 ms); needs --repeat 4 or more: with 2 repeats the test cannot reach p < 0.05',
    );
    const xml = renderJunitXml(run({ thresholds: [tooFew] }));
    expect(xml).toContain(
      '<failure message="coalescing.flush.p99 &lt; 0.5 * none.flush.p99 significant: actual 263 ms, expected &lt; 0.5 × none.flush.p99 (0.5 × 726 = 363 ms); needs --repeat 4 or more: with 2 repeats the test cannot reach p &lt; 0.05" type="threshold">',
    );
  });
});
