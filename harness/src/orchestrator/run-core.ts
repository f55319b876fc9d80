// The experiment's core: every planned variant (and repeat) in order, each from nothing to nothing, then one
// RunResult with thresholds and status. It takes what touches the machine as parameters (a runtime per variant,
// how a topology starts, the driver, progress, the abort signal) and does no file or console output, so it can
// be tested with a fake runtime; run.ts provisions, writes and prints around it.
import type { Driver } from '../driver/driver.ts';
import { BenchError } from '../errors/bench-error.ts';
import type { ExperimentDefinition } from '../experiment/types.ts';
import type { Logger } from '../log/logger.ts';
import type { Progress } from '../progress/progress.ts';
import { aggregateRepeats } from '../results/aggregate-repeats.ts';
import {
  SCHEMA_VERSION,
  type EnvironmentInfo,
  type RepeatResult,
  type RunResult,
  type RunStatus,
  type ServiceRecord,
  type VariantResult,
} from '../results/run-result.ts';
import type { ImageSet } from '../runtime/images.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { evaluateThresholds } from '../thresholds/evaluate.ts';
import { namedVariants } from '../thresholds/parse.ts';
import type { RunPlan } from './plan.ts';
import type { RunOutput } from './run-files.ts';
import { runVariantLifecycle, type TopologyStarter, type VariantOutcome } from './variant-lifecycle.ts';

export interface CoreDeps {
  /** A runtime for one variant (`scope` is its position): its containers are removed with it. */
  runtimeFor(scope: string): Runtime;
  /** How a variant's topology starts; default: planned and started through its runtime (topology/start.ts). */
  startTopology?: TopologyStarter;
  driver: Driver;
  images: ImageSet;
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
  random: () => number;
  runId: string;
}

export type RepeatOutcome = VariantOutcome & { repeat: number; orderIndex: number };
/** What one variant (repeat) measured, with its place in the run's order. */
export type CoreOutput = RunOutput & { repeat: number; orderIndex: number };

/** Every variant of the plan in its order; stops at the first failure or at the abort. Never throws. */
export async function runVariants(
  experiment: ExperimentDefinition,
  plan: RunPlan,
  deps: CoreDeps,
): Promise<{ outcomes: RepeatOutcome[]; failure: unknown }> {
  const outcomes: RepeatOutcome[] = [];
  const removals: Array<Promise<string[]>> = [];
  let failure: unknown;
  const repeated = plan.repeats > 1;
  try {
    for (const [orderIndex, { variant, repeat }] of plan.order.entries()) {
      const previousRemoval = removals.at(-1);
      const outcome = await runVariantLifecycle(variant, {
        progress: deps.progress,
        variantIndex: orderIndex,
        variantCount: plan.order.length,
        runtime: deps.runtimeFor(`v${orderIndex + 1}`),
        ...(deps.startTopology ? { startTopology: deps.startTopology } : {}),
        ...(previousRemoval ? { beforeLoad: () => removed(previousRemoval) } : {}),
        images: deps.images,
        driver: deps.driver,
        logger: deps.logger,
        signal: deps.signal,
        random: deps.random,
        phases: plan.phases,
        conditions: plan.conditions,
        ...(plan.capacity ? { capacity: plan.capacity } : {}),
        ...(experiment.probes?.length ? { probes: experiment.probes } : {}),
        ...(experiment.steadyState ? { steadyState: experiment.steadyState } : {}),
        ...(repeated ? { repeat } : {}),
        runId: deps.runId,
      });
      removals.push(outcome.removal);
      outcomes.push({ ...outcome, repeat, orderIndex });
      if (outcome.error !== undefined) throw outcome.error;
      if (outcome.teardownProblems.length)
        throw new BenchError('infrastructure', outcome.teardownProblems.join('; '), {
          hint: 'a fault or container may be left behind: `./bench down --all` removes every bench container',
        });
      if (deps.signal.aborted) break;
    }
  } catch (error) {
    failure = error;
  } finally {
    // The last variant's removal (and any other still running) ends before the run does, on every exit path.
    const removalProblems = (await Promise.all(removals)).flat();
    if (removalProblems.length && failure === undefined) failure = removalFailure(removalProblems);
  }
  return { outcomes, failure };
}

export interface ResultContext {
  runId: string;
  startedAt: string;
  finishedAt: string;
  environment: EnvironmentInfo;
  serviceRecord?: ServiceRecord | undefined;
  /** Set when the run was interrupted: its reason. */
  abortReason?: string | undefined;
}

/** The run's result from what its variants measured: status, thresholds and the steady state's verdict. Pure. */
export function assembleResult(
  experiment: ExperimentDefinition,
  plan: RunPlan,
  outcomes: readonly RepeatOutcome[],
  failure: unknown,
  ctx: ResultContext,
): { result: RunResult; outputs: CoreOutput[] } {
  let status: RunStatus = ctx.abortReason !== undefined ? 'aborted' : failure !== undefined ? 'error' : 'passed';
  const firstTopology = outcomes.find((o) => o.topology)?.topology;
  const outputs: CoreOutput[] = outcomes.flatMap((o) => (o.output ? [{ ...o.output, repeat: o.repeat, orderIndex: o.orderIndex }] : []));
  const result: RunResult = {
    schemaVersion: SCHEMA_VERSION,
    experiment: experiment.name,
    runId: ctx.runId,
    status,
    startedAt: ctx.startedAt,
    finishedAt: ctx.finishedAt,
    ...(status === 'aborted' ? { reason: ctx.abortReason } : {}),
    ...(status === 'error' ? { reason: failure instanceof Error ? failure.message : String(failure) } : {}),
    environment: ctx.environment,
    ...(firstTopology
      ? {
          topology: {
            kind: firstTopology.kind,
            parameters: firstTopology.parameters,
            endpoints: firstTopology.endpoints,
            ...(ctx.serviceRecord ? { service: ctx.serviceRecord } : {}),
          },
        }
      : {}),
    load: { ...experiment.load, durationScale: plan.durationScale },
    variants: variantResults(plan, outputs),
    ...(plan.repeats > 1
      ? { repeats: { count: plan.repeats, seed: plan.seed, order: plan.order.map((r) => ({ variant: r.variant.name, repeat: r.repeat })) } }
      : {}),
    events: outcomes.flatMap((o) => o.events),
    ...(outputs.some((o) => o.result.generatorSaturated) ? { generatorSaturated: true } : {}),
  };

  // Thresholds name variants; with --variant, those that did not run are left out rather than failed.
  const ran = plan.variants.map((v) => v.name);
  const thresholds = plan.thresholds.filter((t) => namedVariants(t).every((v) => ran.includes(v)));
  if (thresholds.length) {
    result.thresholds = evaluateThresholds(thresholds, result);
    const failed = result.thresholds.filter((t) => !t.passed).length;
    if (status === 'passed' && failed > 0) {
      status = result.status = 'failed';
      result.reason = `${failed} of ${result.thresholds.length} threshold checks failed`;
    }
  }
  // A system that does not come back to its steady state after the faults fails the run like a threshold.
  const unrecovered = result.variants.filter((v) => v.steadyState?.after?.passed === false).map((v) => v.name);
  if (status === 'passed' && unrecovered.length > 0) {
    status = result.status = 'failed';
    result.reason = `not back to steady state after the faults: ${unrecovered.join(', ')}`;
  }
  return { result, outputs };
}

const removalFailure = (problems: readonly string[]): BenchError =>
  new BenchError('infrastructure', problems.join('; '), {
    hint: 'a container may be left behind: `./bench down --all` removes every bench container',
  });

/** The previous variant's containers are gone before this one applies anything or measures. */
async function removed(removal: Promise<string[]>): Promise<void> {
  const problems = await removal;
  if (problems.length) throw removalFailure(problems);
}

/** One result per variant: as measured without repeats; with repeats, medians across them (aggregate-repeats.ts). */
function variantResults(plan: RunPlan, outputs: readonly CoreOutput[]): VariantResult[] {
  if (plan.repeats === 1) return outputs.map((o) => o.result);
  return plan.variants.flatMap((variant) => {
    const mine = outputs.filter((o) => o.result.name === variant.name);
    if (mine.length === 0) return [];
    const repeats: RepeatResult[] = mine.map(({ result, repeat, orderIndex }) => ({
      repeat,
      orderIndex,
      phases: result.phases,
      ...(result.generatorSaturated ? { generatorSaturated: true } : {}),
      ...(result.steadyState ? { steadyState: result.steadyState } : {}),
      ...(result.capacity ? { capacity: result.capacity } : {}),
    }));
    const { phases: _phases, generatorSaturated: _saturated, steadyState: _steady, capacity, ...base } = mine[0]!.result;
    const aggregated = aggregateRepeats(base, repeats);
    // The steady state failed if it failed in any repeat; capacity is a per-repeat search (each repeat keeps its own).
    const failedAfter = mine.find((o) => o.result.steadyState?.after?.passed === false)?.result.steadyState;
    const steadyState = failedAfter ?? mine[0]!.result.steadyState;
    return [{ ...aggregated, ...(steadyState ? { steadyState } : {}), ...(capacity ? { capacity } : {}) }];
  });
}
