import { Command, InvalidArgumentError } from 'commander';
import type { RequestTemplate } from '../driver/driver.ts';
import { createProgress, progressLogger } from '../progress/create-progress.ts';
import { runExperimentFile } from '../orchestrator/run.ts';
import { ensureReady } from '../setup/setup.ts';
import { benchVersion } from './version.ts';
import { addServiceOptions, serviceFromFlags, type ServiceFlags } from './service-flags.ts';
import { DRIVER_NAMES, type DriverName } from '../load/load-options.ts';
import { MAX_REPEATS } from '../experiment/validate.ts';
import { GENERATOR_CPUS_HELP, NO_CPU_SPLIT_HELP } from '../host/cpu-split-choice.ts';

export function runCommand(): Command {
  const command = new Command('run')
    .description('run an experiment file against its real topology and save the results')
    .argument('<file>', 'experiment file, e.g. experiments/cache-stampede.ts')
    .option('--duration-scale <factor>', 'multiply every phase duration (e.g. 0.1 for a smoke run)', parsePositive)
    .option('--variant <name...>', 'run only these variants')
    .option(
      '--repeat <n>',
      'run every variant n times, each on a fresh topology, in a seeded random order: medians, 95% intervals and significance tests',
      parseRepeat,
    )
    .option(
      '--driver <name>',
      'repeat the experiment with another load driver: open | closed | autocannon | k6 (e.g. k6 for a second opinion)',
      parseDriver,
    )
    .option('--generator-cpus <list>', GENERATOR_CPUS_HELP)
    .option('--no-cpu-split', NO_CPU_SPLIT_HELP)
    .option('--generators <n>', 'not for experiments yet (bench load --generators splits ad-hoc load)', refuseGenerators)
    .option(
      '--request <"METHOD /path">',
      "the load's request instead of the file's, e.g. \"GET /items/{key}\" for your own service's API",
      parseRequestFlag,
    )
    .option('--request-body <text>', 'the body of --request (sent as JSON), with {key} where the key goes')
    .option('--keys <n>', "how many keys {key} ranges over, 1..n (the distribution stays the file's)", parseKeyCount)
    .option('--dry-run', 'print the plan (variants, phases, faults, times) and start nothing')
    .option('--out <dir>', 'where runs are saved', 'results')
    .option('--junit <file>', 'also write the thresholds as JUnit XML to this file')
    .option('-q, --quiet', 'no live progress: only phase starts and fault events')
    .option('-v, --verbose', 'print debug output');
  return addServiceOptions(command).action(async (file: string, opts: RunFlags) => {
    const progress = createProgress({ quiet: opts.quiet ?? false });
    const logger = progressLogger(progress, { verbose: opts.verbose ?? false });
    const service = serviceFromFlags(opts);
    const outcome = await runExperimentFile({
      file,
      ...(service ? { service } : {}),
      ...requestFromFlags(opts),
      outRoot: opts.out,
      ...(opts.durationScale === undefined ? {} : { durationScale: opts.durationScale }),
      ...(opts.variant ? { variants: opts.variant } : {}),
      ...(opts.repeat === undefined ? {} : { repeat: opts.repeat }),
      ...(opts.driver ? { driver: opts.driver } : {}),
      dryRun: opts.dryRun ?? false,
      logger,
      progress,
      ...(opts.junit ? { junitFile: opts.junit } : {}),
      prepare: (log, services) => ensureReady(log, { services }),
      benchVersion: benchVersion(),
      cpuSplit: {
        ...(opts.generatorCpus === undefined ? {} : { generatorCpus: opts.generatorCpus }),
        ...(opts.cpuSplit === false ? { cpuSplit: false } : {}),
      },
    });
    process.exitCode = outcome.exitCode;
  });
}

interface RunFlags extends ServiceFlags {
  request?: { method: RequestTemplate['method']; path: string };
  requestBody?: string;
  keys?: number;
  durationScale?: number;
  variant?: string[];
  repeat?: number;
  driver?: DriverName;
  dryRun?: boolean;
  generatorCpus?: string;
  cpuSplit?: boolean;
  out: string;
  junit?: string;
  quiet?: boolean;
  verbose?: boolean;
}

function requestFromFlags(opts: RunFlags): { request?: RequestTemplate; keyCount?: number } {
  if (opts.requestBody !== undefined && !opts.request) throw new InvalidArgumentError('--request-body needs --request "POST /path"');
  const request = opts.request
    ? {
        ...opts.request,
        ...(opts.requestBody !== undefined ? { body: opts.requestBody, headers: { 'content-type': 'application/json' } } : {}),
      }
    : undefined;
  return { ...(request ? { request } : {}), ...(opts.keys !== undefined ? { keyCount: opts.keys } : {}) };
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

function parseRequestFlag(value: string): { method: RequestTemplate['method']; path: string } {
  const m = /^(\S+)\s+(\/\S*)$/.exec(value.trim());
  const method = m?.[1]?.toUpperCase();
  if (!m || !(METHODS as readonly string[]).includes(method ?? '')) {
    throw new InvalidArgumentError(
      `expected "METHOD /path" with METHOD one of ${METHODS.join(', ')}, got "${value}" (e.g. "GET /items/{key}")`,
    );
  }
  return { method: method as RequestTemplate['method'], path: m[2]! };
}

function parseKeyCount(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 100_000_000)
    throw new InvalidArgumentError(`expected a whole number from 1 to 100000000, got "${value}"`);
  return Number(value);
}

/** Experiments run their load in-process (phases, faults, probes share one clock); segmenting them is not built yet. */
function refuseGenerators(value: string): never {
  throw new InvalidArgumentError(
    `"${value}": experiments cannot be split over generators yet; their phases, faults and probes share one in-process clock. ` +
      'Use `bench load <url> --rate R --generators N` for segmented load, or drop --generators.',
  );
}

function parseDriver(value: string): DriverName {
  if (!(DRIVER_NAMES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${DRIVER_NAMES.join(', ')}, got "${value}"`);
  return value as DriverName;
}

function parseRepeat(value: string): number {
  // Decimal digits only: Number() would take 0x10 or 1e1.
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > MAX_REPEATS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_REPEATS}, got "${value}"`);
  }
  return Number(value);
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number above 0, got "${value}"`);
  return n;
}
