// A variant from nothing to nothing: a fresh topology, the load and faults, then every fault rolled back and
// every container removed, on success, failure or abort. The removal is returned as a promise (`removal`) so the
// next variant's topology can start meanwhile; the run awaits it before the next load and before it ends.
import type { Driver } from '../driver/driver.ts';
import type { Slo } from '../load/slo.ts';
import type { Logger } from '../log/logger.ts';
import { BenchError } from '../errors/bench-error.ts';
import type { CapacityDefinition, ProbeDefinition, SteadyStateDefinition } from '../experiment/types.ts';
import type { FaultSpec } from '../fault/fault.ts';
import { applyFault } from '../fault/registry.ts';
import type { Progress } from '../progress/progress.ts';
import type { RunEvent } from '../results/run-result.ts';
import type { ImageSet } from '../runtime/images.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { startTopology } from '../topology/start.ts';
import type { StartedTopology } from '../topology/topology.ts';
import { createActiveFaults } from './active-faults.ts';
import type { PlannedPhase, PlannedVariant } from './plan.ts';
import { runVariant, type VariantRunOutput } from './run-variant.ts';
import { measureCapacity } from './variant-capacity.ts';
import { checkSteadyState, defaultSteadyStateChecks } from './steady-state.ts';

/** The system gets this long to look healthy before the load; a topology that just started is already up. */
const STEADY_BEFORE_MS = 15_000;
const DEFAULT_RECOVERY_MS = 30_000;

/** Plans and starts a variant's topology through its runtime (topology/start.ts; a fake one in the core's tests). */
export type TopologyStarter = typeof startTopology;

export interface VariantContext {
  runtime: Runtime;
  /** Default: topology/start.ts. */
  startTopology?: TopologyStarter;
  images: ImageSet;
  driver: Driver;
  logger: Logger;
  signal: AbortSignal;
  random: () => number;
  phases: readonly PlannedPhase[];
  conditions: readonly FaultSpec[];
  probes?: readonly ProbeDefinition[];
  steadyState?: SteadyStateDefinition;
  /** Unique per run: the write ledger's titles carry it with the variant's name. */
  runId: string;
  /** After the phases, measure the variant's capacity at its SLO (parsed by validation). */
  capacity?: CapacityDefinition & { parsedSlo: Slo };
  progress: Progress;
  variantIndex: number;
  variantCount: number;
  /** With repeats: which repeat of this variant this is (1-based); events and file names carry it. */
  repeat?: number;
  /** Runs once the topology is up, before anything is applied or measured (e.g. await the previous variant's removal). */
  beforeLoad?: () => Promise<void>;
}

export interface VariantOutcome {
  /** Undefined when the topology never started (nothing was measured). */
  output?: VariantRunOutput;
  topology?: StartedTopology;
  events: RunEvent[];
  /** Problems while rolling back: reported, and they fail the run. */
  teardownProblems: string[];
  /** Settles once every container of this variant is removed, with the problems doing so (never rejects). */
  removal: Promise<string[]>;
  error?: unknown;
}

export async function runVariantLifecycle(variant: PlannedVariant, ctx: VariantContext): Promise<VariantOutcome> {
  const { logger } = ctx;
  const events: RunEvent[] = [];
  const teardownProblems: string[] = [];
  // Reset when the load starts: phase windows and event times are relative to that moment.
  let start = performance.now();
  const clock = { nowMs: () => performance.now() - start };
  let currentPhase = '';
  // `atMs`: an event dated by someone else's clock (HAProxy's own time of a status change), not by now.
  const event = (phase: string, kind: string, detail: string, atMs?: number): void => {
    if (atMs === undefined) currentPhase = phase;
    const nowMs = clock.nowMs();
    events.push({
      atMs: Math.round(atMs ?? nowMs),
      wallTime: new Date(Date.now() - (atMs === undefined ? 0 : nowMs - atMs)).toISOString(),
      variant: variant.name,
      ...(ctx.repeat === undefined ? {} : { repeat: ctx.repeat }),
      phase,
      kind,
      detail,
    });
  };
  const faults = createActiveFaults((fault, error) => {
    if (error) teardownProblems.push(`rolling back "${fault.description}": ${error.message}`);
    else {
      event(currentPhase, 'fault-reverted', fault.description);
      ctx.progress.event(`[${currentPhase}] rolled back: ${fault.description}`);
    }
  });
  // Standing conditions live for the whole variant, apart from the phase faults rolled back at each phase end.
  const conditions = createActiveFaults((fault, error) => {
    if (error) teardownProblems.push(`rolling back "${fault.description}": ${error.message}`);
    else event(currentPhase, 'condition-reverted', fault.description);
  });
  const outcome: VariantOutcome = { events, teardownProblems, removal: Promise.resolve([]) };
  try {
    const repeat = ctx.repeat === undefined ? '' : ` (repeat ${ctx.repeat})`;
    logger.step(`variant ${variant.name}${repeat}${Object.keys(variant.overrides).length ? ` ${JSON.stringify(variant.overrides)}` : ''}`);
    const topologyStartMs = performance.now();
    outcome.topology = await (ctx.startTopology ?? startTopology)(variant.topology, {
      runtime: ctx.runtime,
      images: ctx.images,
      logger,
      signal: ctx.signal,
    });
    logger.debug(`topology ${outcome.topology.kind} healthy in ${Math.round(performance.now() - topologyStartMs)} ms`);
    for (const [name, url] of Object.entries(outcome.topology.endpoints)) logger.info(`${name.padEnd(26)} ${url}`);
    if (ctx.signal.aborted) return outcome;
    await ctx.beforeLoad?.();
    for (const spec of ctx.conditions) {
      const condition = await applyFault(spec, { topology: outcome.topology, random: ctx.random });
      conditions.add(condition);
      event('', 'condition-applied', condition.description);
    }
    const checks = ctx.steadyState?.checks ?? defaultSteadyStateChecks(outcome.topology.healthPath);
    const before = await checkSteadyState(checks, outcome.topology.entryUrl, { deadlineMs: STEADY_BEFORE_MS, signal: ctx.signal });
    event('', before.passed ? 'steady-state-before' : 'steady-state-before-failed', describeChecks(before.checks));
    if (!before.passed && !ctx.signal.aborted) {
      throw new BenchError(
        'infrastructure',
        `variant ${variant.name}: the system was not in its steady state before the load (${describeChecks(before.checks)})`,
        {
          hint: "figures from a system that starts broken mean nothing: check the containers (`./bench up` the topology, `docker logs`), or the experiment's steadyState.checks",
        },
      );
    }
    start = performance.now();
    const output = await runVariant({
      variant: variant.name,
      overrides: variant.overrides,
      phases: ctx.phases,
      load: variant.load,
      ...(ctx.probes?.length
        ? { probes: ctx.probes, probeTag: `ledger-${ctx.runId}-${variant.name}${ctx.repeat === undefined ? '' : `-r${ctx.repeat}`}` }
        : {}),
      ...(ctx.repeat === undefined ? {} : { repeat: ctx.repeat }),
      driver: ctx.driver,
      topology: outcome.topology,
      faults,
      event,
      clock,
      random: ctx.random,
      logger,
      progress: ctx.progress,
      variantIndex: ctx.variantIndex,
      variantCount: ctx.variantCount,
      signal: ctx.signal,
    });
    outcome.output = output;
    output.result.steadyState = { before };
    if (output.error !== undefined) outcome.error = output.error;
    else if (!ctx.signal.aborted) {
      // Every phase fault is rolled back by now: does the system come back on its own?
      const after = await checkSteadyState(checks, outcome.topology.entryUrl, {
        deadlineMs: ctx.steadyState?.recoveryTimeoutMs ?? DEFAULT_RECOVERY_MS,
        signal: ctx.signal,
      });
      output.result.steadyState.after = after;
      event(
        ctx.phases.at(-1)?.name ?? '',
        after.passed ? 'steady-state-after' : 'steady-state-after-failed',
        `${describeChecks(after.checks)} (after ${after.afterMs} ms)`,
      );
    }
    if (output.error === undefined && ctx.capacity && !ctx.signal.aborted) {
      ctx.progress.event(`capacity search: SLO ${ctx.capacity.slo}`);
      output.result.capacity = await measureCapacity({
        capacity: ctx.capacity,
        load: variant.load,
        topology: outcome.topology,
        random: ctx.random,
        logger,
        event: (kind, detail) => event('capacity', kind, detail),
        signal: ctx.signal,
      });
    }
  } catch (error) {
    outcome.error = error;
  } finally {
    // Roll back before removing anything, so a fault never outlives the variant.
    await faults.revertAll();
    await conditions.revertAll();
    await outcome.topology?.toxiproxy.reset().catch((e: unknown) => teardownProblems.push(`resetting Toxiproxy: ${String(e)}`));
    outcome.removal = removeContainers(ctx.runtime, (ms) => event(currentPhase, 'containers-removed', `in ${ms} ms`));
  }
  return outcome;
}

/** Removes this variant's containers (the runtime is scoped to it); problems are collected, not thrown. */
async function removeContainers(runtime: Runtime, removed: (ms: number) => void): Promise<string[]> {
  const startMs = performance.now();
  try {
    await runtime.removeAll();
    removed(Math.round(performance.now() - startMs));
    return [];
  } catch (e) {
    return [`removing containers: ${String(e)}`];
  }
}

const describeChecks = (checks: ReadonlyArray<{ name: string; observed: string; passed: boolean }>): string =>
  checks.map((c) => `${c.name}: ${c.observed}${c.passed ? '' : ' (failed)'}`).join('; ');
