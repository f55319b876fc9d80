import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../test/fixtures/run-result.ts';
import { runWarnings } from './run-warnings.ts';
import { renderSummaryMarkdown } from './markdown/summary-md.ts';

describe('runWarnings: the stack CPU set as the limit', () => {
  it('warns in the phases whose stack CPUs were at least 90% busy, and the environment line shows the split', () => {
    const result = fixtureRunResult();
    result.environment.cpuSplit = { generator: '1', stack: '0', source: 'default', pinned: true };
    result.variants[0]!.phases[0]!.stackCpu = { cpus: '0', busyPercent: 97.6, limited: true };
    result.variants[0]!.phases[1]!.stackCpu = { cpus: '0', busyPercent: 60, limited: false };
    const warning = runWarnings(result).find((w) => w.title.includes("system under test's CPUs"));
    const phase = `${result.variants[0]!.name} / ${result.variants[0]!.phases[0]!.name}`;
    expect(warning?.detail).toBe(
      `${phase}: stack CPUs 0: 98% busy - the system under test's CPUs were the limit, not the generator. The containers had only their side of the CPU split (CPU 0): the figures describe the system on those CPUs.`,
    );
    expect(renderSummaryMarkdown(result)).toContain('CPUs: generator CPU 1, stack CPU 0 (default)');
  });

  it('says nothing without a limited phase', () => {
    expect(runWarnings(fixtureRunResult()).some((w) => w.title.includes('CPUs were the limit'))).toBe(false);
  });
});
