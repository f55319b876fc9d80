// A variant from nothing to nothing: a fresh topology, the load and faults, then every fault rolled back and
// every container removed, on success, failure or abort.
import type { Driver } from '../driver/driver.ts';
import type { Logger } from '../log/logger.ts';
import type { CapacityDefinition, ProbeDefinition } from '../experiment/types.ts';
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

export interface VariantContext {
  runtime: Runtime;
  images: ImageSet;
  driver: Driver;
  logger: Logger;
  signal: AbortSignal;
  random: () => number;
  phases: readonly PlannedPhase[];
  conditions: readonly FaultSpec[];
  probes?: readonly ProbeDefinition[];
  /** Unique per run: the write ledger's titles carry it with the variant's name. */
  runId: string;
  /** After the phases, measure the variant's capacity at an SLO. */
  capacity?: CapacityDefinition;
  progress: Progress;
  variantIndex: number;
  variantCount: number;
}

export interface VariantOutcome {
  /** Undefined when the topology never started (nothing was measured). */
  output?: VariantRunOutput;
  topology?: StartedTopology;
  events: RunEvent[];
  /** Problems while rolling back or tearing down: reported, and they fail the run. */
  teardownProblems: string[];
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
  const event = (phase: string, kind: string, detail: string): void => {
    currentPhase = phase;
    events.push({ atMs: Math.round(clock.nowMs()), wallTime: new Date().toISOString(), variant: variant.name, phase, kind, detail });
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
  const outcome: VariantOutcome = { events, teardownProblems };
  try {
    logger.step(`variant ${variant.name}${Object.keys(variant.overrides).length ? ` ${JSON.stringify(variant.overrides)}` : ''}`);
    outcome.topology = await startTopology(variant.topology, { runtime: ctx.runtime, images: ctx.images, logger, signal: ctx.signal });
    for (const [name, url] of Object.entries(outcome.topology.endpoints)) logger.info(`${name.padEnd(26)} ${url}`);
    if (ctx.signal.aborted) return outcome;
    for (const spec of ctx.conditions) {
      const condition = await applyFault(spec, { topology: outcome.topology, random: ctx.random });
      conditions.add(condition);
      event('', 'condition-applied', condition.description);
    }
    start = performance.now();
    const output = await runVariant({
      variant: variant.name,
      overrides: variant.overrides,
      phases: ctx.phases,
      load: variant.load,
      ...(ctx.probes?.length ? { probes: ctx.probes, probeTag: `ledger-${ctx.runId}-${variant.name}` } : {}),
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
    if (output.error !== undefined) outcome.error = output.error;
    else if (ctx.capacity && !ctx.signal.aborted) {
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
    await ctx.runtime.removeAll().catch((e: unknown) => teardownProblems.push(`removing containers: ${String(e)}`));
  }
  return outcome;
}
