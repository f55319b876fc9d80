// Runs host tools (apt-get, mmdebstrap, go) keeping only the tail of their output, so failures can show
// what the tool said without holding hundreds of MB of progress text in memory.
import { spawn } from 'node:child_process';

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last `tailLines` lines of stdout and stderr, interleaved as they arrived. */
  tail: string;
  durationMs: number;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  tailLines?: number;
  /** Called for each complete output line (e.g. to forward to logger.debug). */
  onLine?: (line: string) => void;
}

export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const keep = options.tailLines ?? 40;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let partial = '';
    const onData = (chunk: Buffer): void => {
      partial += chunk.toString('utf8');
      const parts = partial.split(/\r?\n|\r/);
      partial = parts.pop() ?? '';
      for (const line of parts) pushLine(line);
    };
    const pushLine = (line: string): void => {
      if (line.length === 0) return;
      options.onLine?.(line);
      lines.push(line);
      if (lines.length > keep) lines.shift();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      if (partial.length > 0) pushLine(partial);
      resolve({ exitCode, signal, tail: lines.join('\n'), durationMs: performance.now() - started });
    });
  });
}

/** Indents a tool's output tail for inclusion in an error message. */
export function indentTail(tail: string, prefix = '    | '): string {
  return tail
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

export function describeExit(result: CommandResult): string {
  return result.signal ? `was killed by ${result.signal}` : `exited with code ${String(result.exitCode)}`;
}
