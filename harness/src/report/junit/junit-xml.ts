// JUnit XML of a run's thresholds, for CI test-report views: one testsuite per run, one testcase per threshold
// result. A run that aborted or errored gets one more, failing, testcase, so CI never shows it as green.
import type { RunResult, ThresholdResult } from '../../results/run-result.ts';
import { thresholdVerdict } from './threshold-text.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.ts';

interface TestCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; body: string };
}

export function renderJunitXml(result: RunResult): string {
  const cases = [...(result.thresholds ?? []).map((t) => thresholdCase(result.experiment, t)), ...runCases(result)];
  const failures = cases.filter((c) => c.failure).length;
  const seconds = durationSeconds(result.startedAt, result.finishedAt);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bench" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${attr(result.experiment)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" ` +
      `time="${seconds}" timestamp="${attr(timestamp(result.startedAt))}" hostname="${attr(result.environment.hostname)}">`,
    '    <properties>',
    property('runId', result.runId),
    property('status', result.status),
    property('startedAt', result.startedAt),
    property('finishedAt', result.finishedAt),
    property('benchVersion', result.environment.benchVersion),
    '    </properties>',
    ...cases.map(testCase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function thresholdCase(experiment: string, t: ThresholdResult): TestCase {
  const base = { classname: `${experiment}.${t.variant}.${t.phase}`, name: t.expression };
  if (t.passed) return base;
  const verdict = thresholdVerdict(t);
  return {
    ...base,
    failure: {
      message: `${t.expression}: ${verdict}`,
      type: 'threshold',
      body: `threshold ${t.expression} failed\nvariant ${t.variant}, phase ${t.phase}, metric ${t.metric}: ${verdict}`,
    },
  };
}

function runCases(result: RunResult): TestCase[] {
  if (result.status !== 'aborted' && result.status !== 'error') return [];
  const what = result.status === 'aborted' ? 'was aborted' : 'ended with an error';
  const reason = result.reason ?? 'no reason recorded';
  return [
    {
      classname: `${result.experiment}.run`,
      name: 'run completed',
      failure: {
        message: `run ${what}: ${reason}`,
        type: result.status,
        body: `run ${result.runId} ${what}: ${reason}\nthresholds cover only what was measured before it stopped`,
      },
    },
  ];
}

function testCase(c: TestCase): string {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="0"`;
  if (!c.failure) return `${open}/>`;
  const f = c.failure;
  return `${open}>\n      <failure message="${attr(f.message)}" type="${attr(f.type)}">${text(f.body)}</failure>\n    </testcase>`;
}

function property(name: string, value: string): string {
  return `      <property name="${attr(name)}" value="${attr(value)}"/>`;
}

function durationSeconds(startIso: string, endIso: string): string {
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}

/** JUnit's schema wants a local date-time without zone; run times are UTC. */
function timestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 19) : iso;
}
