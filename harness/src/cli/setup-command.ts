// `bench setup`: provision the Docker engine and the images, printing every step.
import { Command } from 'commander';
import { createConsoleLogger } from '../log/logger.ts';
import { describeEngine } from '../setup/engine.ts';
import { runSetup } from '../setup/setup.ts';

export function setupCommand(): Command {
  return new Command('setup')
    .description('install/start the Docker engine if needed and build (or pull) the images; idempotent')
    .option(
      '--images <flavor>',
      'local (built offline from Debian packages) | official (pinned upstream images, pulled); default: BENCH_IMAGES, else local on Debian',
    )
    .option('--with <tools...>', 'extra tools to provision: k6')
    .option('-v, --verbose', 'print the output of every tool')
    .action(async (opts: { images?: string; with?: string[]; verbose?: boolean }) => {
      const logger = createConsoleLogger({ verbose: opts.verbose ?? false });
      const result = await runSetup({
        logger,
        ...(opts.images === undefined ? {} : { flavor: opts.images }),
        ...(opts.with === undefined ? {} : { with: opts.with }),
      });
      const { images } = result;
      const rows: Array<[string, string]> = [
        ['engine', describeEngine(result.engine)],
        ['postgres', images.postgres],
        ['redis', images.redis],
        ['haproxy', images.haproxy],
        ['toxiproxy', images.toxiproxy],
        ['task-api', images.taskApi],
        ...Object.entries(result.tools).map(([name, path]): [string, string] => [name, path ?? '']),
      ];
      const width = Math.max(...rows.map(([name]) => name.length));
      process.stdout.write(
        `bench setup: ready in ${(result.durationMs / 1000).toFixed(1)} s (images: ${images.flavor})\n${rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n')}\n`,
      );
    });
}
