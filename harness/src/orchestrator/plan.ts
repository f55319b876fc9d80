// The phase plan: absolute windows from the load's start, after --duration-scale. Pure.
import { seededRandom } from '../driver/keys/zipf.ts';
import { badInput } from '../errors/bench-error.ts';
import { MAX_REPEATS } from '../experiment/validate.ts';
import type { CapacityDefinition, ExperimentDefinition, LoadDefinition, VariantDefinition } from '../experiment/types.ts';
import type { ValidatedExperiment } from '../experiment/validated.ts';
import { variantTopology } from '../experiment/variant-topology.ts';
import type { Slo } from '../load/slo.ts';
import type { ParsedThreshold } from '../thresholds/parse.ts';
import type { TopologyConfig } from '../topology/registry.ts';
import type { FaultSpec } from '../fault/fault.ts';

export interface PlannedPhase {
  name: string;
  startMs: number;
  endMs: number;
  faults: FaultSpec[];
}

export interface PlannedVariant {
  name: string;
  /** The base topology with the variant's overrides and service switches applied. */
  topology: TopologyConfig;
  load: LoadDefinition;
  overrides: Record<string, unknown>;
}

export interface RunPlan {
  experiment: string;
  /** Standing conditions for every variant (applied before the load, rolled back at the variant's end). */
  conditions: FaultSpec[];
  variants: PlannedVariant[];
  phases: PlannedPhase[];
  totalMs: number;
  durationScale: number;
  /** After the phases: each variant's capacity search (step length scaled) and its SLO, parsed by validation. */
  capacity?: CapacityDefinition & { parsedSlo: Slo };
  /** The experiment's thresholds as validation parsed them. */
  thresholds: readonly ParsedThreshold[];
  /** Runs per variant (1: no repeats). */
  repeats: number;
  /** Seeds the order of the repeats (the experiment's seed). */
  seed: number;
  /** Every (variant, repeat) in the order they run. */
  order: PlannedRun[];
}

/** One run of one variant: `repeat` is 1-based. */
export interface PlannedRun {
  variant: PlannedVariant;
  repeat: number;
}

/** Shortest phase a scaled plan may have: under this, a phase holds too few samples to mean anything. */
export const MIN_SCALED_PHASE_MS = 500;
/** Shortest capacity step: its first 20% warms up, and the rest must hold enough seconds to judge. */
export const MIN_SCALED_STEP_MS = 2000;

export function planRun(
  experiment: ValidatedExperiment,
  options: { durationScale?: number; only?: readonly string[]; repeat?: number } = {},
): RunPlan {
  const scale = options.durationScale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100) {
    throw badInput(`--duration-scale must be a number above 0 and at most 100, got ${scale}`, 'e.g. --duration-scale 0.1 for a smoke run');
  }
  const repeats = options.repeat ?? experiment.repeat ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_REPEATS) {
    throw badInput(
      `--repeat must be a whole number from 1 to ${MAX_REPEATS}, got ${repeats}`,
      'e.g. --repeat 5: every variant five times, in a seeded random order',
    );
  }
  let at = 0;
  const phases = experiment.phases.map((phase) => {
    const durationMs = Math.max(MIN_SCALED_PHASE_MS, Math.round(phase.durationMs * scale));
    const planned = { name: phase.name, startMs: at, endMs: at + durationMs, faults: phase.faults ?? [] };
    at += durationMs;
    return planned;
  });
  const defined = experiment.variants?.length ? experiment.variants : [{ name: 'default' }];
  const unknown = (options.only ?? []).filter((name) => !defined.some((v) => v.name === name));
  if (unknown.length) {
    throw badInput(
      `--variant ${unknown.join(', ')}: no such variant in ${experiment.name}`,
      `choose from: ${defined.map((v) => v.name).join(', ')}`,
    );
  }
  const chosen = options.only?.length ? defined.filter((v) => options.only!.includes(v.name)) : defined;
  const variants = chosen.map((v) => planVariant(experiment, v));
  const seed = experiment.seed ?? 1;
  return {
    experiment: experiment.name,
    conditions: experiment.conditions ?? [],
    variants,
    repeats,
    seed,
    order: runOrder(variants, repeats, seed),
    phases,
    totalMs: at,
    durationScale: scale,
    thresholds: experiment.parsed.thresholds,
    ...(experiment.capacity && experiment.parsed.capacitySlo
      ? {
          capacity: {
            ...experiment.capacity,
            stepDurationMs: Math.max(MIN_SCALED_STEP_MS, Math.round(experiment.capacity.stepDurationMs * scale)),
            parsedSlo: experiment.parsed.capacitySlo,
          },
        }
      : {}),
  };
}

/**
 * Without repeats, variants run in the order written. With repeats, each round runs every variant once in its own
 * seeded shuffle: a drift of the machine over time (a neighbour, thermal state, a filling disk) spreads over all
 * variants instead of favouring the one that always runs first, and no variant waits rounds for its turn.
 */
export function runOrder(variants: readonly PlannedVariant[], repeats: number, seed: number): PlannedRun[] {
  if (repeats === 1) return variants.map((variant) => ({ variant, repeat: 1 }));
  const random = seededRandom(seed);
  const order: PlannedRun[] = [];
  for (let repeat = 1; repeat <= repeats; repeat++) {
    const round = [...variants];
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
    for (const variant of round) order.push({ variant, repeat });
  }
  return order;
}

function planVariant(experiment: ExperimentDefinition, variant: VariantDefinition): PlannedVariant {
  const serviceEnv = { ...experiment.topology.serviceEnv, ...variant.serviceEnv };
  const topology = {
    ...variantTopology(experiment.topology as unknown as Record<string, unknown>, variant.topology),
    ...(Object.keys(serviceEnv).length ? { serviceEnv } : {}),
  } as TopologyConfig;
  const overrides = {
    ...variant.topology,
    ...(variant.serviceEnv ? { serviceEnv: variant.serviceEnv } : {}),
    ...(variant.load ? { load: variant.load } : {}),
  };
  return { name: variant.name, topology, load: { ...experiment.load, ...variant.load }, overrides };
}

export function describePlan(plan: RunPlan): string {
  const runs = plan.order.length;
  const perRun = `${(plan.totalMs / 1000).toFixed(1)} s of load per variant`;
  const lines = [
    plan.repeats === 1
      ? `plan for ${plan.experiment} (duration scale ${plan.durationScale}, ${perRun})`
      : `plan for ${plan.experiment} (duration scale ${plan.durationScale}, ${perRun}, ${plan.repeats} repeats: ${runs} runs, ${((plan.totalMs * runs) / 60_000).toFixed(1)} min of load in all)`,
  ];
  const load = plan.variants[0]?.load;
  if (load)
    lines.push(
      `  load: ${load.driver} driver, ${load.ratePerSec ? `${load.ratePerSec} req/s, ` : 'as fast as it answers, '}${load.connections} connections, ${load.request.method} ${load.request.path}`,
    );
  if (plan.conditions.length) lines.push(`  conditions throughout: ${plan.conditions.map((c) => c.kind).join(', ')}`);
  for (const variant of plan.variants) {
    const changes = Object.keys(variant.overrides).length ? `: ${JSON.stringify(variant.overrides)}` : '';
    lines.push(`  variant ${variant.name}${changes}`);
    for (const phase of plan.phases) {
      const faults = phase.faults.length ? `  faults at start: ${phase.faults.map(describeTiming).join(', ')}` : '';
      lines.push(`    ${phase.name.padEnd(12)} ${fmtS(phase.startMs)} -> ${fmtS(phase.endMs)}${faults}`);
    }
    if (plan.capacity) {
      const c = plan.capacity;
      lines.push(
        `    capacity     SLO ${c.slo}: rates ${c.startRatePerSec} -> ${c.maxRatePerSec} req/s, steps of ${fmtS(c.stepDurationMs).trim()}, at most ${c.maxSteps ?? DEFAULT_CAPACITY_STEPS}`,
      );
    }
  }
  if (plan.repeats > 1) {
    lines.push(`  order (seed ${plan.seed}): ${plan.order.map((r) => `${r.variant.name}#${r.repeat}`).join(', ')}`);
  }
  return lines.join('\n');
}

export const DEFAULT_CAPACITY_STEPS = 10;

// `down`, `down for 0.8 s`, `down for 0.8 s every 2.0 s`.
function describeTiming(fault: FaultSpec): string {
  const lasting = fault.durationMs === undefined ? '' : ` for ${fmtS(fault.durationMs).trim()}`;
  return `${fault.kind}${lasting}${fault.everyMs === undefined ? '' : ` every ${fmtS(fault.everyMs).trim()}`}`;
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(6)} s`;
