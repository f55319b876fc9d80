// `bench down [run-id] [--all]`: remove what `bench up` started, or every container with the project's labels.
import { Command } from 'commander';
import { badInput } from '../errors/bench-error.ts';
import { listBenchContainers, removeContainers } from '../runtime/docker/remove-containers.ts';
import { ensureEngine } from '../setup/engine.ts';
import { createConsoleLogger } from '../log/logger.ts';

export function downCommand(): Command {
  return new Command('down')
    .description('remove the containers `bench up` started (one run, or all of them); --all removes every bench container')
    .argument('[run-id]', 'the run id `bench up` printed; omit it to remove every topology started with `bench up`')
    .option('--all', 'remove every container with the project label, including those of running experiments')
    .action(async (runId: string | undefined, opts: { all?: boolean }) => {
      await ensureEngine(createConsoleLogger());
      const containers = await listBenchContainers();
      const chosen = containers.filter((c) => (opts.all ? true : runId ? c.runId === runId : c.kept));
      if (runId && chosen.length === 0) {
        const kept = [...new Set(containers.filter((c) => c.kept).map((c) => c.runId))];
        throw badInput(
          `no containers of run ${runId}`,
          kept.length ? `running topologies: ${kept.join(', ')}` : 'nothing started with `bench up` is running',
        );
      }
      await removeContainers(chosen.map((c) => c.id));
      const runs = new Set(chosen.map((c) => c.runId));
      process.stdout.write(
        `removed ${chosen.length} container${chosen.length === 1 ? '' : 's'}${runs.size ? ` of ${[...runs].join(', ')}` : ''}\n`,
      );
    });
}
