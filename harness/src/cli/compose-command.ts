// `bench compose`: the compose files in compose/, generated from the topology definitions (one source of truth).
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { BenchError } from '../errors/bench-error.ts';
import { renderComposeFiles } from '../topology/compose/compose-files.ts';

export function composeCommand(): Command {
  return new Command('compose')
    .description('print, write (--write) or check (--check) the compose file of every topology in compose/')
    .option('--write', 'write compose/<topology>.yml')
    .option('--check', 'exit 1 when a committed file differs from its definition')
    .option('--dir <dir>', 'the compose directory', 'compose')
    .action(async (opts: { write?: boolean; check?: boolean; dir: string }) => {
      const files = await renderComposeFiles();
      const stale: string[] = [];
      for (const file of files) {
        const path = join(opts.dir, file.fileName);
        if (opts.write) {
          await writeFile(`${path}.tmp`, file.content);
          await rename(`${path}.tmp`, path);
          process.stdout.write(`wrote ${path}\n`);
        } else if (opts.check) {
          const current = await readFile(path, 'utf8').catch(() => null);
          if (current !== file.content) stale.push(path);
        } else process.stdout.write(`--- ${path}\n${file.content}`);
      }
      if (stale.length) {
        throw new BenchError('bad-input', `compose files out of date: ${stale.join(', ')}`, {
          hint: 'run `./bench compose --write` and commit the result',
        });
      }
      if (opts.check) process.stdout.write(`compose files up to date (${files.length})\n`);
    });
}
