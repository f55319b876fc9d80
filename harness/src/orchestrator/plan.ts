// The phase plan: absolute windows from the load's start, after --duration-scale. Pure.
import { badInput } from '../errors/bench-error.ts';
import type { ExperimentDefinition } from '../experiment/types.ts';
import type { FaultSpec } from '../fault/fault.ts';

export interface PlannedPhase {
  name: string;
  startMs: number;
  endMs: number;
  faults: FaultSpec[];
}

export interface RunPlan {
  experiment: string;
  variants: string[];
  phases: PlannedPhase[];
  totalMs: number;
  durationScale: number;
}

/** Shortest phase a scaled plan may have: under this, a phase holds too few samples to mean anything. */
export const MIN_SCALED_PHASE_MS = 500;

export function planRun(experiment: ExperimentDefinition, options: { durationScale?: number } = {}): RunPlan {
  const scale = options.durationScale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100) {
    throw badInput(`--duration-scale must be a number above 0 and at most 100, got ${scale}`, 'e.g. --duration-scale 0.1 for a smoke run');
  }
  let at = 0;
  const phases = experiment.phases.map((phase) => {
    const durationMs = Math.max(MIN_SCALED_PHASE_MS, Math.round(phase.durationMs * scale));
    const planned = { name: phase.name, startMs: at, endMs: at + durationMs, faults: phase.faults ?? [] };
    at += durationMs;
    return planned;
  });
  return { experiment: experiment.name, variants: ['default'], phases, totalMs: at, durationScale: scale };
}

export function describePlan(plan: RunPlan): string {
  const lines = [`plan for ${plan.experiment} (duration scale ${plan.durationScale}, ${(plan.totalMs / 1000).toFixed(1)} s of load per variant)`];
  for (const variant of plan.variants) {
    lines.push(`  variant ${variant}`);
    for (const phase of plan.phases) {
      const faults = phase.faults.length ? `  faults at start: ${phase.faults.map((f) => f.kind).join(', ')}` : '';
      lines.push(`    ${phase.name.padEnd(12)} ${fmtS(phase.startMs)} -> ${fmtS(phase.endMs)}${faults}`);
    }
  }
  return lines.join('\n');
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(6)} s`;
