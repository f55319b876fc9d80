// `bench ls`: topologies and experiments, one line each.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadExperiment } from '../experiment/load.ts';
import { COMPOSE_IMAGES, fixedPorts } from '../topology/compose/render-compose.ts';
import { topologies } from '../topology/registry.ts';
import { placeholderList } from '../topology/service/placeholders.ts';

export function lsCommand(): Command {
  return new Command('ls')
    .description('list the topologies and the experiments')
    .option('--experiments <dir>', 'where experiment files are', 'experiments')
    .action(async (opts: { experiments: string }) => {
      const kinds = Object.values(topologies);
      const width = Math.max(...kinds.map((t) => t.kind.length));
      const lines = ["topologies (and the placeholders a service's env may use on each):"];
      for (const t of kinds) {
        const plan = await t.plan({ kind: t.kind } as never, { images: COMPOSE_IMAGES, port: fixedPorts() });
        lines.push(`  ${t.kind.padEnd(width)}  ${t.describe}`, `  ${''.padEnd(width)}  ${placeholderList(plan.placeholders)}`);
      }
      lines.push('', 'experiments:');
      const files = (await readdir(opts.experiments).catch(() => [] as string[])).filter((f) => f.endsWith('.ts')).sort();
      for (const file of files) {
        const path = join(opts.experiments, file);
        try {
          const { experiment } = await loadExperiment(path);
          lines.push(`  ${path}  ${experiment.description ?? experiment.name}`);
        } catch (error) {
          lines.push(`  ${path}  (invalid: ${(error as Error).message})`);
        }
      }
      if (files.length === 0) lines.push(`  (none in ${opts.experiments}/)`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
