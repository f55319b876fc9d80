// The run: validate -> plan -> provision -> the core (run-core.ts: each variant on a fresh topology, then one
// result) -> save and print. Rollback, saving and teardown happen on every exit path: success, failure, Ctrl-C
// and SIGTERM. A variant's containers are removed while the next variant's topology starts (each variant has its
// own runtime scope, so names never clash); that removal is awaited before the next load and before the run ends.
import { arch, cpus, hostname, platform, totalmem } from 'node:os';
import { createDriver } from '../driver/create-driver.ts';
import { isClosedLoop, type RequestTemplate } from '../driver/driver.ts';
import { seededRandom } from '../driver/keys/zipf.ts';
import { BenchError, ExitCode, badInput, type ExitCode as ExitCodeValue } from '../errors/bench-error.ts';
import { loadExperiment } from '../experiment/load.ts';
import type { ExperimentDefinition } from '../experiment/types.ts';
import type { ValidatedExperiment } from '../experiment/validated.ts';
import type { Logger } from '../log/logger.ts';
import { silentProgress, type Progress } from '../progress/progress.ts';
import { renderSummaryTable } from '../report/console/summary-table.ts';
import { renderCapacityText } from '../report/capacity/capacity-table.ts';
import { renderJunitXml } from '../report/junit/junit-xml.ts';
import { compareVariants } from '../report/compare/compare.ts';
import { renderComparisonText } from '../report/compare/compare-text.ts';
import { validateThresholdRepeats } from '../thresholds/validate.ts';
import { createRunId } from '../results/run-id.ts';
import type { EnvironmentInfo, RunResult } from '../results/run-result.ts';
import { writeFileOutsideRun, writeRun } from '../results/write-run.ts';
import { createDockerRuntime } from '../runtime/docker/docker-runtime.ts';
import type { ImageSet } from '../runtime/images.ts';
import { buildKey, healthPathOf, type ServiceConfig } from '../topology/service/service-config.ts';
import type { ServiceRecord } from '../results/run-result.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { raiseGeneratorPriority } from '../host/generator-priority.ts';
import { readAllowedCpus } from '../host/allowed-cpus.ts';
import { chooseCpuSplit, type CpuSplitFlags } from '../host/cpu-split-choice.ts';
import { describeCpuSplit, splitInfo, type CpuSplitPlan } from '../host/cpu-split.ts';
import { pinGenerator } from '../host/pin-generator.ts';
import { abortOnSignals } from './abort.ts';
import { describePlan, planRun, type RunPlan } from './plan.ts';
import { renderRunFiles } from './run-files.ts';
import { assembleResult, runVariants, type RepeatOutcome } from './run-core.ts';

export interface RunOptions {
  file: string;
  outRoot: string;
  durationScale?: number;
  /** Drive the load with this driver instead of the experiment's (`--driver`). */
  driver?: ExperimentDefinition['load']['driver'];
  /** Run only these variants (`--variant`). */
  variants?: readonly string[];
  /** Runs per variant (`--repeat`), over the experiment's `repeat`. */
  repeat?: number;
  dryRun?: boolean;
  logger: Logger;
  /** Live progress; also where the logger prints, so nothing tears its display. */
  progress?: Progress;
  /** Also write the thresholds as JUnit XML here. */
  junitFile?: string;
  /** Provisions the engine and images (bench setup); injected so the orchestrator stays free of setup details. */
  prepare: (logger: Logger, services: readonly ServiceConfig[]) => Promise<{ images: ImageSet }>;
  /** `--service-*` flags, over the file's `topology.service`. */
  service?: Partial<ServiceConfig>;
  /** `--request`, `--keys`: the load's request and key range, over the file's. */
  request?: RequestTemplate;
  keyCount?: number;
  benchVersion: string;
  /** `--generator-cpus` / `--no-cpu-split`, over the experiment's `cpuSplit`. */
  cpuSplit?: CpuSplitFlags;
}

export interface RunOutcome {
  exitCode: ExitCodeValue;
  result: RunResult | null;
  runDir: string | null;
  plan: RunPlan;
}

export async function runExperimentFile(options: RunOptions): Promise<RunOutcome> {
  const loaded = (
    await loadExperiment(options.file, {
      ...(options.service ? { service: options.service } : {}),
      ...(options.request ? { request: options.request } : {}),
      ...(options.keyCount !== undefined ? { keyCount: options.keyCount } : {}),
    })
  ).experiment;
  const experiment = options.driver ? withDriver(loaded, options.driver, options.file) : loaded;
  const plan = planRun(experiment, {
    ...(options.durationScale === undefined ? {} : { durationScale: options.durationScale }),
    ...(options.variants?.length ? { only: options.variants } : {}),
    ...(options.repeat === undefined ? {} : { repeat: options.repeat }),
  });
  // A `significant` threshold that these repeats can never pass is refused before anything starts.
  const repeatIssues = validateThresholdRepeats(experiment.thresholds, plan.repeats, options.file);
  if (repeatIssues.length)
    throw badInput(
      `${options.file}: ${repeatIssues.length === 1 ? 'a threshold' : `${repeatIssues.length} thresholds`} cannot pass with ${plan.repeats} repeat${plan.repeats === 1 ? '' : 's'}`,
      undefined,
      repeatIssues,
    );
  // Before anything starts: a split naming CPUs this process may not use is refused (exit 2).
  const split = chooseCpuSplit(readAllowedCpus(), options.cpuSplit ?? {}, experiment.cpuSplit);
  if (options.dryRun) {
    process.stdout.write(`${describePlan(plan)}\nCPUs: ${describeCpuSplit(splitInfo(split, true))}\n`);
    return { exitCode: ExitCode.ok, result: null, runDir: null, plan };
  }
  return execute(experiment, plan, split, options);
}

async function execute(experiment: ValidatedExperiment, plan: RunPlan, split: CpuSplitPlan, options: RunOptions): Promise<RunOutcome> {
  const { logger } = options;
  const progress = options.progress ?? silentProgress;
  const runId = createRunId(new Date());
  const startedAt = new Date().toISOString();
  const controller = new AbortController();
  const removeSignalHandlers = abortOnSignals(controller, logger);
  const random = seededRandom(experiment.seed ?? 1);
  const environment = baseEnvironment(options.benchVersion);
  environment.generatorNice = raiseGeneratorPriority();
  // Same moment as the nice value: before the driver's workers or k6 start, so they inherit the CPU set.
  const pinned = pinGenerator(split, readAllowedCpus(), logger);
  environment.cpuSplit = pinned.info;
  let runtime: Runtime | undefined;
  let serviceRecord: ServiceRecord | undefined;
  let failure: unknown;
  let outcomes: RepeatOutcome[] = [];

  const repeatsNote = plan.repeats > 1 ? ` x ${plan.repeats} repeats (order seed ${plan.seed})` : '';
  logger.step(`run ${runId}: ${experiment.name} (${plan.variants.length} variant${plan.variants.length === 1 ? '' : 's'}${repeatsNote})`);
  logger.info(`CPUs: ${describeCpuSplit(pinned.info)}`);
  try {
    // Before anything starts: a missing k6 is an infrastructure error with the install command.
    const driver = createDriver(experiment.load.driver);
    const { images } = await options.prepare(logger, experiment.topology.service ? [experiment.topology.service] : []);
    environment.imageFlavor = images.flavor;
    const { services: builtServices, ...imageRefs } = images;
    environment.images = {
      ...imageRefs,
      ...(builtServices ? Object.fromEntries(Object.entries(builtServices).map(([key, ref]) => [`service (${key})`, ref])) : {}),
    };
    serviceRecord = recordService(experiment.topology.service, images);
    if (controller.signal.aborted) throw new BenchError('interrupted', 'interrupted');
    const cpuset = pinned.info.stack ? { cpusetCpus: pinned.info.stack } : {};
    runtime = createDockerRuntime({ runId, logger, ...cpuset });
    environment.dockerServerVersion = await runtime.serverVersion();
    await runtime.sweepOrphans();
    const ran = await runVariants(experiment, plan, {
      runtimeFor: (scope) => createDockerRuntime({ runId, logger, scope, ...cpuset }),
      driver,
      images,
      logger,
      progress,
      signal: controller.signal,
      random,
      runId,
    });
    outcomes = ran.outcomes;
    failure = ran.failure;
  } catch (error) {
    failure = error;
  } finally {
    progress.finished();
    // Normally each variant removed its own containers; this catches a failure between variants.
    await runtime?.removeAll().catch((e: unknown) => logger.warn(`removing containers: ${String(e)}`));
    // Only now: a second Ctrl-C during the removal above gets a warning instead of killing the process.
    removeSignalHandlers();
    // The CPUs come back once the last container is gone: while any exists the run is the pinned generator.
    pinned.restore();
  }

  const aborted = controller.signal.aborted;
  const { result, outputs } = assembleResult(experiment, plan, outcomes, failure, {
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment,
    serviceRecord,
    abortReason: aborted ? String((controller.signal.reason as Error | undefined)?.message ?? 'interrupted') : undefined,
  });
  const { status } = result;
  const files = renderRunFiles(result, outputs);

  let runDir: string | null = null;
  try {
    runDir = await writeRun(options.outRoot, result, files);
  } catch (error) {
    logger.warn(`saving results: ${(error as Error).message}`);
  }
  if (options.junitFile) await writeFileOutsideRun(options.junitFile, renderJunitXml(result));
  // Without a measured phase the table would only repeat the error printed below.
  if (result.variants.some((v) => v.phases.length > 0)) process.stdout.write(`${renderSummaryTable(result)}\n`);
  const comparison = compareVariants(result);
  if (comparison) process.stdout.write(`\n${renderComparisonText(comparison)}\n`);
  const capacity = renderCapacityText(result);
  if (capacity) process.stdout.write(`\n${capacity}\n`);
  if (runDir) process.stdout.write(`results: ${runDir}\n`);
  if (status === 'error') {
    if (failure instanceof BenchError) throw failure;
    throw new BenchError('infrastructure', `run failed: ${result.reason}`, {
      hint: 'see the messages above; `./bench doctor` checks the engine and images',
      cause: failure,
    });
  }
  const exitCode = status === 'aborted' ? ExitCode.interrupted : status === 'failed' ? ExitCode.thresholdsFailed : ExitCode.ok;
  return { exitCode, result, runDir, plan };
}

/** `--driver`: the same experiment on another driver; the arrival-rate drivers need the experiment's rate. */
function withDriver(experiment: ValidatedExperiment, driver: ExperimentDefinition['load']['driver'], file: string): ValidatedExperiment {
  if (!isClosedLoop(driver) && experiment.load.ratePerSec === undefined) {
    throw badInput(
      `--driver ${driver}: ${file} sets no load.ratePerSec, and the ${driver} driver sends at a rate`,
      'set load.ratePerSec in the experiment, or use --driver closed',
    );
  }
  // maxQueue is the open driver's own setting.
  const { maxQueue: _maxQueue, ...withoutQueue } = experiment.load;
  return { ...experiment, load: { ...(driver === 'open' ? experiment.load : withoutQueue), driver } };
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

function recordService(service: ServiceConfig | undefined, images: ImageSet): ServiceRecord | undefined {
  if (!service) return undefined;
  const image = service.image ?? images.services?.[buildKey(service.build!)] ?? '(not built)';
  return {
    image,
    ...(service.build ? { build: service.build } : {}),
    healthPath: healthPathOf(service),
    envNames: Object.keys(service.env ?? {}).sort(),
  };
}
