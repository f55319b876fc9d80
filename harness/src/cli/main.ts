#!/usr/bin/env node
// The `bench` CLI: one file per command; this file only wires them and maps errors to exit codes.
import { Command, CommanderError } from 'commander';
import { BenchError, ExitCode, formatError } from '../errors/bench-error.ts';
import { commands } from './commands.ts';
import { benchVersion } from './version.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('bench')
    .description('Load-testing and chaos benchmark harness: real topologies, real load, real faults.')
    .version(benchVersion(), '-V, --version', 'print the version of bench')
    .showHelpAfterError()
    .exitOverride();
  // Subcommands do not inherit exitOverride: without it a usage error would exit 1 ("thresholds failed").
  for (const build of commands) program.addCommand(build().exitOverride());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors are bad input.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    process.stderr.write(`${formatError(error)}\n`);
    return error instanceof BenchError ? error.exitCode : ExitCode.infrastructure;
  }
}

if (import.meta.main) {
  // `bench compose | head -1`: the reader went away, which is not an error of bench's (as for cat or grep).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2));
}
