// The k6 child process: started with its own output kept short (the last lines, for error messages), stopped the
// way k6 expects: SIGINT first (k6 ends the test and flushes its outputs, exit code 105), SIGKILL after a grace.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { infraError } from '../../errors/bench-error.ts';

export interface K6Exit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface K6Process {
  /** Resolves once k6 has exited and its output is read; rejects when it could not be started. */
  readonly exited: Promise<K6Exit>;
  /** SIGINT now, SIGKILL after `graceMs` unless k6 has exited by then. Idempotent. */
  stop(graceMs: number): void;
  /** The last lines k6 printed (stdout and stderr, as they arrived). */
  tail(): string[];
}

/** k6 exits with this after SIGINT / SIGTERM (errext/exitcodes: ExternalAbort). */
export const K6_EXTERNAL_ABORT = 105;

export function startK6(
  k6Path: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; tailLines?: number },
): K6Process {
  const keep = options.tailLines ?? 30;
  const lines: string[] = [];
  const child = spawn(k6Path, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (line.trim().length === 0) return;
      lines.push(line);
      if (lines.length > keep) lines.shift();
    });
  }
  let killTimer: NodeJS.Timeout | null = null;
  let running = true;
  const exited = new Promise<K6Exit>((resolve, reject) => {
    child.once('error', (error) => {
      running = false;
      reject(infraError(`could not start k6 (${k6Path}): ${error.message}`, 'reinstall it with `./bench setup --with k6`', error));
    });
    child.once('close', (exitCode, signal) => {
      running = false;
      if (killTimer) clearTimeout(killTimer);
      resolve({ exitCode, signal });
    });
  });
  return {
    exited,
    stop(graceMs) {
      if (!running || killTimer) return;
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    },
    tail: () => [...lines],
  };
}

export function describeK6Exit(exit: K6Exit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${String(exit.exitCode)}`;
}
