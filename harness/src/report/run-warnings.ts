// What changes how a run's figures may be read (aborted, thresholds failed, generator saturated, drops, idle
// phases), worst first. Pure; every report shows these: report.html, summary.md and the console.
import type { PhaseResult, RunResult, VariantResult } from '../results/run-result.ts';
import { stackCpuNote } from '../generator/saturation.ts';
import { droppedShare } from './format.ts';

export interface Warning {
  severe: boolean;
  title: string;
  detail: string;
}

/** Everything that changes how the figures below may be read, worst first. */
export function runWarnings(result: RunResult): Warning[] {
  const warnings: Warning[] = [];
  if (result.status === 'aborted' || result.status === 'error') {
    warnings.push({
      severe: true,
      title: result.status === 'aborted' ? 'The run was aborted.' : 'The run ended with an error.',
      detail: `${sentence(result.reason ?? 'No reason was recorded')} Figures cover only what was measured before it stopped.`,
    });
  }
  const failed = (result.thresholds ?? []).filter((t) => !t.passed);
  if (failed.length > 0) {
    warnings.push({
      severe: true,
      title: `${failed.length} of ${result.thresholds?.length ?? 0} thresholds failed.`,
      detail:
        failed
          .slice(0, 5)
          .map((t) => `${t.expression} (${t.variant} / ${t.phase})`)
          .join('; ') + (failed.length > 5 ? '; …' : ''),
    });
  }
  const saturated = phasesWhere(result.variants, (p) => p.generatorSaturated === true);
  if (saturated.length > 0 || (result.generatorSaturated && saturated.length === 0)) {
    warnings.push({
      severe: false,
      title: 'The load generator was saturated.',
      detail:
        `${saturated.length > 0 ? `In ${saturated.join(', ')}` : 'During the run'} the generator, not the system, was the bottleneck: ` +
        'its throughput and latency figures understate what the system can do.',
    });
  }
  const stackLimited = result.variants.flatMap((v) =>
    v.phases.flatMap((p) => {
      const note = stackCpuNote(p.stackCpu, p.generatorSaturated === true);
      return note ? [`${v.name} / ${p.name}: ${note}`] : [];
    }),
  );
  if (stackLimited.length > 0) {
    warnings.push({
      severe: false,
      title: "The system under test's CPUs were the limit.",
      detail: `${stackLimited.join('; ')}. The containers had only their side of the CPU split (${result.environment.cpuSplit?.stack ? `CPU ${result.environment.cpuSplit.stack}` : 'the stack CPUs'}): the figures describe the system on those CPUs.`,
    });
  }
  // As prominent as a saturated generator: a drop removes exactly the slowest requests from the percentiles.
  const dropped = result.variants.flatMap((v) =>
    v.phases.filter((p) => (p.dropped ?? 0) > 0).map((p) => `${v.name} / ${p.name}: ${droppedShare(p)}`),
  );
  if (dropped.length > 0) {
    warnings.push({
      severe: false,
      title: 'Requests were dropped.',
      detail:
        `The driver never sent some scheduled requests (${dropped.join('; ')}): the open driver's waiting line was full ` +
        '(a small maxQueue) or k6 found every VU busy. They count as failed requests (errors.dropped) in the error rate, ' +
        'and the latency percentiles exclude them: they are the requests that would have waited longest, so the ' +
        'percentiles understate what users saw and the offered load was lower than planned.',
    });
  }
  const idle = phasesWhere(result.variants, (p) => p.requests === 0);
  if (idle.length > 0) {
    warnings.push({
      severe: false,
      title: 'Phases without requests.',
      detail: `${idle.join(', ')} recorded no request: their latency is not measured.`,
    });
  }
  return warnings;
}

function phasesWhere(variants: readonly VariantResult[], test: (p: PhaseResult) => boolean): string[] {
  return variants.flatMap((v) => v.phases.filter(test).map((p) => `${v.name} / ${p.name}`));
}

function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
