import { Command, InvalidArgumentError } from 'commander';
import { createConsoleLogger } from '../log/logger.ts';
import { runExperimentFile } from '../orchestrator/run.ts';
import { ensureReady } from '../setup/setup.ts';
import { benchVersion } from './version.ts';

export function runCommand(): Command {
  return new Command('run')
    .description('run an experiment file against its real topology and save the results')
    .argument('<file>', 'experiment file, e.g. experiments/cache-stampede.ts')
    .option('--duration-scale <factor>', 'multiply every phase duration (e.g. 0.1 for a smoke run)', parsePositive)
    .option('--variant <name...>', 'run only these variants')
    .option('--dry-run', 'print the plan (variants, phases, faults, times) and start nothing')
    .option('--out <dir>', 'where runs are saved', 'results')
    .option('-v, --verbose', 'print debug output')
    .action(async (file: string, opts: { durationScale?: number; variant?: string[]; dryRun?: boolean; out: string; verbose?: boolean }) => {
      const logger = createConsoleLogger({ verbose: opts.verbose ?? false });
      const outcome = await runExperimentFile({
        file,
        outRoot: opts.out,
        ...(opts.durationScale === undefined ? {} : { durationScale: opts.durationScale }),
        ...(opts.variant ? { variants: opts.variant } : {}),
        dryRun: opts.dryRun ?? false,
        logger,
        prepare: (log) => ensureReady(log),
        benchVersion: benchVersion(),
      });
      process.exitCode = outcome.exitCode;
    });
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number above 0, got "${value}"`);
  return n;
}
