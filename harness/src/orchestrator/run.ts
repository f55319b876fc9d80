// The run: validate -> plan -> provision -> start topology -> load + faults per variant -> save -> tear down.
// Teardown and saving happen on every exit path: success, failure, Ctrl-C and SIGTERM.
import { arch, cpus, hostname, platform, totalmem } from 'node:os';
import { autocannonDriver } from '../driver/closed-loop/autocannon-driver.ts';
import { BenchError, ExitCode, type ExitCode as ExitCodeValue } from '../errors/bench-error.ts';
import { loadExperiment } from '../experiment/load.ts';
import type { ExperimentDefinition } from '../experiment/types.ts';
import type { AppliedFault } from '../fault/fault.ts';
import type { Logger } from '../log/logger.ts';
import { createRunId } from '../results/run-id.ts';
import { SCHEMA_VERSION, type EnvironmentInfo, type RunEvent, type RunResult, type RunStatus, type VariantResult } from '../results/run-result.ts';
import { writeRun, type RunFile } from '../results/write-run.ts';
import { createDockerRuntime } from '../runtime/docker/docker-runtime.ts';
import type { ImageSet } from '../runtime/images.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { startTopology } from '../topology/start.ts';
import type { StartedTopology } from '../topology/topology.ts';
import { abortOnSignals } from './abort.ts';
import { describePlan, planRun, type RunPlan } from './plan.ts';
import { runVariant, type VariantRunOutput } from './run-variant.ts';
import { renderRunFiles } from './run-files.ts';
import { renderSummaryTable } from '../report/console/summary-table.ts';

export interface RunOptions {
  file: string;
  outRoot: string;
  durationScale?: number;
  dryRun?: boolean;
  logger: Logger;
  /** Provisions the engine and images (bench setup); injected so the orchestrator stays free of setup details. */
  prepare: (logger: Logger) => Promise<{ images: ImageSet }>;
  benchVersion: string;
}

export interface RunOutcome {
  exitCode: ExitCodeValue;
  result: RunResult | null;
  runDir: string | null;
  plan: RunPlan;
}

export async function runExperimentFile(options: RunOptions): Promise<RunOutcome> {
  const { experiment } = await loadExperiment(options.file);
  const plan = planRun(experiment, options.durationScale === undefined ? {} : { durationScale: options.durationScale });
  if (options.dryRun) {
    process.stdout.write(`${describePlan(plan)}\n`);
    return { exitCode: ExitCode.ok, result: null, runDir: null, plan };
  }
  return execute(experiment, plan, options);
}

async function execute(experiment: ExperimentDefinition, plan: RunPlan, options: RunOptions): Promise<RunOutcome> {
  const { logger } = options;
  const runId = createRunId(new Date());
  const startedAt = new Date().toISOString();
  const controller = new AbortController();
  const removeSignalHandlers = abortOnSignals(controller, logger);
  const variants: VariantResult[] = [];
  const events: RunEvent[] = [];
  const outputs: VariantRunOutput[] = [];
  const applied: AppliedFault[] = [];
  let runtime: Runtime | undefined;
  let topology: StartedTopology | undefined;
  let images: ImageSet | undefined;
  let failure: unknown;
  const environment = baseEnvironment(options.benchVersion);

  logger.step(`run ${runId}: ${experiment.name}`);
  try {
    ({ images } = await options.prepare(logger));
    environment.imageFlavor = images.flavor;
    environment.images = { ...images } as unknown as Record<string, string>;
    throwIfAborted(controller.signal);
    runtime = createDockerRuntime({ runId, logger });
    environment.dockerServerVersion = await runtime.serverVersion();
    await runtime.sweepOrphans();
    topology = await startTopology(experiment.topology, { runtime, images, logger, signal: controller.signal });
    throwIfAborted(controller.signal);
    for (const [name, url] of Object.entries(topology.endpoints)) logger.info(`${name.padEnd(26)} ${url}`);
    for (const variant of plan.variants) {
      logger.step(`variant ${variant}: ${(plan.totalMs / 1000).toFixed(1)} s of load`);
      const output = await runVariant({
        variant,
        phases: plan.phases,
        load: experiment.load,
        driver: autocannonDriver,
        topology,
        logger,
        signal: controller.signal,
      });
      outputs.push(output);
      variants.push(output.result);
      events.push(...output.events);
      applied.push(...output.applied);
      if (output.error !== undefined) throw output.error;
      if (controller.signal.aborted) break;
    }
  } catch (error) {
    failure = error;
  } finally {
    removeSignalHandlers();
  }

  // Roll back before anything else, so a fault never outlives the run.
  const teardownProblems: string[] = [];
  for (const fault of applied.reverse()) await fault.revert().catch((e: unknown) => teardownProblems.push(`revert ${fault.description}: ${String(e)}`));
  if (topology) await topology.toxiproxy.reset().catch(() => {});

  const aborted = controller.signal.aborted;
  const status: RunStatus = aborted ? 'aborted' : failure !== undefined ? 'error' : 'passed';
  const result: RunResult = {
    schemaVersion: SCHEMA_VERSION,
    experiment: experiment.name,
    runId,
    status,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(status === 'aborted' ? { reason: String((controller.signal.reason as Error | undefined)?.message ?? 'interrupted') } : {}),
    ...(status === 'error' ? { reason: failure instanceof Error ? failure.message : String(failure) } : {}),
    environment,
    ...(topology ? { topology: { kind: topology.kind, parameters: topology.parameters, endpoints: topology.endpoints } } : {}),
    load: { ...experiment.load, durationScale: plan.durationScale },
    variants,
    events,
  };

  let runDir: string | null = null;
  try {
    const files: RunFile[] = renderRunFiles(result, outputs);
    runDir = await writeRun(options.outRoot, result, files);
  } catch (error) {
    teardownProblems.push(`saving results: ${(error as Error).message}`);
  }

  if (runtime) {
    logger.step('removing containers');
    await runtime.removeAll().catch((e: unknown) => teardownProblems.push(`removing containers: ${String(e)}`));
  }
  for (const problem of teardownProblems) logger.warn(problem);

  // Without a measured phase the table would only repeat the error printed below.
  if (variants.some((v) => v.phases.length > 0)) process.stdout.write(`${renderSummaryTable(result)}\n`);
  if (runDir) process.stdout.write(`results: ${runDir}\n`);
  if (status === 'error') {
    if (failure instanceof BenchError) throw failure;
    throw new BenchError('infrastructure', `run failed: ${result.reason}`, { hint: 'see the messages above; `./bench doctor` checks the engine and images', cause: failure });
  }
  return { exitCode: status === 'aborted' ? ExitCode.interrupted : ExitCode.ok, result, runDir, plan };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new BenchError('interrupted', 'interrupted');
}

function baseEnvironment(benchVersion: string): EnvironmentInfo {
  return {
    hostname: hostname(),
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    node: process.version,
    benchVersion,
  };
}
