// Runs `bench load` in a child process, as a user would, until load-command.ts is in the CLI's command list
// (then runCli(['load', ...]) from cli.ts does the same). Mirrors main.ts: errors -> stderr and exit codes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliRun } from './cli.ts';

const SELF = fileURLToPath(import.meta.url);

export function runLoadCli(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SELF, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

if (import.meta.main) {
  const { Command, CommanderError } = await import('commander');
  const { BenchError, ExitCode, formatError } = await import('../src/errors/bench-error.ts');
  const { loadCommand } = await import('../src/cli/load-command.ts');
  const program = new Command('bench').exitOverride().addCommand(loadCommand());
  try {
    await program.parseAsync(['load', ...process.argv.slice(2)], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    else {
      process.stderr.write(`${formatError(error)}\n`);
      process.exitCode = error instanceof BenchError ? error.exitCode : ExitCode.infrastructure;
    }
  }
}
