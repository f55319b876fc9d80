// `bench load <url>`: ad-hoc load against one URL, like wrk or `k6 run`, with the harness's drivers and recorder.
// With --find-capacity it searches for the highest arrival rate that meets an SLO instead.
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { createDriver } from '../driver/create-driver.ts';
import { raiseGeneratorPriority } from '../host/generator-priority.ts';
import { readAllowedCpus } from '../host/allowed-cpus.ts';
import {
  GENERATOR_CPUS_HELP,
  NO_CPU_SPLIT_HELP,
  chooseCpuSplit,
  cpuSplitFlagIssues,
  type CpuSplitFlags,
} from '../host/cpu-split-choice.ts';
import { describeCpuSplit, type CpuSplitInfo } from '../host/cpu-split.ts';
import { pinGenerator } from '../host/pin-generator.ts';
import type { Driver } from '../driver/driver.ts';
import { runCapacitySearch, formatCapacity } from '../load/capacity-run.ts';
import { parseLoadOptions, type DriverName, type LoadOptions, type RawLoadOptions } from '../load/load-options.ts';
import { assertLoadTargetAllowed, runLoad, type LoadRunConfig } from '../load/load-run.ts';
import { formatLoadSummary } from '../load/load-summary.ts';
import { createConsoleLogger, type Logger } from '../log/logger.ts';
import { abortOnSignals } from '../orchestrator/abort.ts';
import { runSegmentedLoad } from '../segment/segmented-load.ts';

export interface LoadCommandDeps {
  /** Driver factories by name, in place of the built-in ones (driver/create-driver.ts). */
  drivers?: Partial<Record<DriverName, () => Driver>>;
  /** Where k6 is, if anywhere (default: setup/k6.ts findK6). */
  findK6?: () => string | undefined;
}

export function loadCommand(deps: LoadCommandDeps = {}): Command {
  return new Command('load')
    .description('send load to one URL (like wrk / k6 run): latency percentiles, errors, dropped requests, generator health')
    .argument('<url>', 'target, e.g. http://127.0.0.1:8080/tasks/{key} ({key} becomes 0, 1, 2, ...)')
    .option('--driver <name>', "open (arrival rate) | closed (bench's own, like wrk) | autocannon | k6", 'open')
    .option('--rate <perSec>', 'arrival rate, requests per second (open, k6: required; closed: a cap, latency then corrected)')
    .option('--connections <n>', 'connections (default: 64 open, 64 k6 VUs, 50 closed)')
    .option('--duration <time>', 'how long, e.g. 10s, 500ms, 1m', '10s')
    .option('--method <verb>', 'GET | POST | PUT | DELETE', 'GET')
    .option('--header <line>', "request header 'Name: value' (repeatable)", (line: string, all: string[]) => [...all, line], [] as string[])
    .option('--body <text>', 'request body')
    .option('--timeout <time>', 'per-request timeout', '10s')
    .option(
      '--max-queue <n>',
      'open driver: requests that may wait for a connection before new ones are dropped (default 4000000: bounded by memory; a drop counts as a failed request)',
    )
    .option('--hgrm <file>', 'write the latency percentile distribution (HdrHistogram .hgrm text) to this file')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--allow-remote', 'allow a target outside loopback (127.0.0.0/8, ::1); only for servers you own')
    .option('--find-capacity', 'search for the highest arrival rate that meets --slo')
    .option('--slo <objectives>', "for --find-capacity, e.g. 'p99<100ms,errors<1%'")
    .option('--start-rate <perSec>', 'for --find-capacity: first rate tried (default 100)')
    .option('--max-rate <perSec>', 'for --find-capacity: ceiling (default 100000)')
    .option('--step-duration <time>', 'for --find-capacity: length of each step, warm-up included (default 5s)')
    .option('--max-steps <n>', 'for --find-capacity: at most this many steps (default 14)')
    .option('--max-time <time>', 'for --find-capacity: total time budget (default 5m)')
    .option('--generator-cpus <list>', GENERATOR_CPUS_HELP)
    .option('--no-cpu-split', NO_CPU_SPLIT_HELP)
    .option('--generators <n>', 'open model: split the load over n processes (execution segments), started together, histograms merged')
    .option('--segments <sequence>', "unequal generators, k6's segment sequence, e.g. 0,1/3,1 (implies --generators)")
    .option('--save-plan <file>', 'with --generators: write the segment plan for `bench segment` on other hosts, and send nothing')
    .option('-v, --verbose', 'print debug output')
    .action(async (url: string, raw: RawLoadOptions & CpuSplitFlags & { verbose?: boolean }) => {
      // The URL as typed is what the output shows (new URL() would print {key} as %7Bkey%7D).
      const allowed = readAllowedCpus();
      const options = { ...parseLoadOptions(url, raw, cpuSplitFlagIssues(raw, allowed)), url };
      assertLoadTargetAllowed(options.url, options.allowRemote);
      const split = chooseCpuSplit(allowed, raw);
      const logger = createConsoleLogger({ verbose: raw.verbose ?? false });
      raiseGeneratorPriority();
      if (options.segmented) {
        const controller = new AbortController();
        const release = abortOnSignals(controller, logger);
        try {
          await runSegmentedLoad(options, logger, controller.signal);
        } finally {
          release();
        }
        return;
      }
      const driver = resolveDriver(options.driver, deps);
      // Before the driver's workers or k6 start, so they inherit the generator's CPUs. The stack here is whatever
      // serves the URL: `bench up` puts its containers on the same stack CPUs by default.
      const pinned = pinGenerator(split, allowed, logger);
      const controller = new AbortController();
      const release = abortOnSignals(controller, logger);
      try {
        if (options.capacity) await capacity(options, driver, logger, controller.signal, pinned.info);
        else await single(options, driver, logger, controller.signal, pinned.info);
      } finally {
        pinned.restore();
        release();
      }
    });
}

function resolveDriver(name: DriverName, deps: LoadCommandDeps): Driver {
  const override = deps.drivers?.[name];
  if (override) return override();
  // k6 missing: exit 3 with `install it with ./bench setup --with k6`.
  return createDriver(name, deps.findK6 ? { findK6: deps.findK6 } : {});
}

function runConfig(options: LoadOptions, driver: Driver): Omit<LoadRunConfig, 'durationMs'> {
  return {
    url: options.url,
    driver,
    method: options.method,
    headers: options.headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
    connections: options.connections,
    ...(options.ratePerSec !== undefined ? { ratePerSec: options.ratePerSec } : {}),
    timeoutMs: options.timeoutMs,
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
    allowRemote: options.allowRemote,
  };
}

async function single(options: LoadOptions, driver: Driver, logger: Logger, signal: AbortSignal, cpuSplit: CpuSplitInfo): Promise<void> {
  if (!options.json) {
    logger.step(
      `${driver.name} load on ${options.url} for ${options.durationMs / 1000} s${options.ratePerSec ? ` at ${options.ratePerSec} req/s` : ''}`,
    );
  }
  const loaded = await runLoad({ ...runConfig(options, driver), durationMs: options.durationMs }, signal);
  const run = { ...loaded, summary: { ...loaded.summary, cpuSplit } };
  if (options.hgrmFile) await writeFile(options.hgrmFile, run.histogram.percentileDistributionText());
  for (const second of run.health.seconds.filter((s) => s.saturated)) {
    logger.debug(`generator second ${second.second}: ${second.reasons.join('; ')}`);
  }
  const { url: _url, connections: _c, targetRatePerSec: _t, durationMs: _d, generator, ...core } = run.summary;
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ ...core, generator, url: options.url, connections: run.summary.connections, targetRatePerSec: run.summary.targetRatePerSec, durationMs: options.durationMs })}\n`
      : `${formatLoadSummary(run.summary)}\n${options.hgrmFile ? `  histogram  ${options.hgrmFile}\n` : ''}`,
  );
}

async function capacity(options: LoadOptions, driver: Driver, logger: Logger, signal: AbortSignal, cpuSplit: CpuSplitInfo): Promise<void> {
  const c = options.capacity!;
  if (!options.json) logger.step(`capacity search on ${options.url} for SLO ${c.slo.text} (steps of ${c.stepDurationMs / 1000} s)`);
  const result = await runCapacitySearch(
    {
      ...runConfig(options, driver),
      slo: c.slo,
      stepDurationMs: c.stepDurationMs,
      startRatePerSec: c.startRatePerSec,
      maxRatePerSec: c.maxRatePerSec,
      maxSteps: c.maxSteps,
      maxTotalMs: c.maxTotalMs,
      onStep: (s) => {
        if (!options.json)
          logger.info(
            `${s.ratePerSec} req/s: p99 ${s.p99Ms} ms, errors ${(s.errorRate * 100).toFixed(2)}% -> ${s.failsDespiteGenerator ? 'fail (the generator saturated, but its delays cannot explain it)' : s.generatorSaturated ? 'generator saturated' : s.pass ? 'pass' : 'fail'}${s.stackCpuNote ? ` (${s.stackCpuNote})` : ''}`,
          );
      },
    },
    signal,
  );
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ driver: driver.name, url: options.url, slo: c.slo.text, kneeRatePerSec: result.kneeRatePerSec, firstFailingRatePerSec: result.firstFailingRatePerSec, stoppedBy: result.stoppedBy, curve: result.curve, cpuSplit })}\n`
      : `${formatCapacity(result, c.slo)}\n  CPUs: ${describeCpuSplit(cpuSplit)}\n`,
  );
}
