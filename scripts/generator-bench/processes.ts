// Every child of the generator benchmark (nginx, wrk, wrk2, k6, bench's own generator) runs in its own process group
// and is remembered here, so that any exit (normal, error, SIGINT, SIGTERM) kills all of them and removes the temp
// dirs. CPU comes from /usr/bin/time (wait4's rusage of the tool: user + sys of every thread, read once the tool has
// exited, so nothing races its exit).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const groups = new Set<number>();
const dirs = new Set<string>();
let installed = false;

function killAllNow(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

/** Kill everything and clean up on every way out; a signal exits 130/143 after cleaning up. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping every child and removing temp dirs\n`);
      killAllNow();
      process.exit(code);
    });
  }
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  dirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Starts a long-lived child (nginx, the soak's generator) in its own group, killed with the others on exit. */
export function startTracked(
  cmd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; stdout?: 'pipe' | 'ignore' } = {},
): ChildProcess {
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
    env: options.env ?? process.env,
  });
  if (child.pid !== undefined) groups.add(child.pid);
  child.once('exit', () => child.pid !== undefined && groups.delete(child.pid));
  return child;
}

/** Kills a tracked child's whole group (signal first, SIGKILL after graceMs) and waits for it. */
export async function stopTracked(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pgid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (s: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, s);
    } catch {
      // gone
    }
  };
  kill(signal);
  const timer = setTimeout(() => kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  groups.delete(pgid);
}

export interface TimedRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** user + sys CPU of the tool (every thread), microseconds. */
  cpuUs: number;
  maxRssKb: number;
  wallMs: number;
}

/** Runs a tool to completion under /usr/bin/time; killed (and rejected) after timeoutMs. */
export async function runTimed(
  cmd: string,
  args: readonly string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<TimedRun> {
  const dir = tempDir('bench-gen-time-');
  const out = join(dir, 'time.txt');
  const started = performance.now();
  try {
    const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', out, cmd, ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd ?? process.cwd(),
    });
    if (child.pid !== undefined) groups.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    });
    clearTimeout(timer);
    if (child.pid !== undefined) groups.delete(child.pid);
    if (timedOut) throw new Error(`${cmd} did not finish within ${options.timeoutMs} ms: killed`);
    // A tool killed by a signal makes time print "Command terminated by signal N" first: the figures are the last line.
    const last = readFileSync(out, 'utf8').trim().split('\n').at(-1) ?? '';
    const [user, sys, rss] = last.split(' ').map(Number);
    if (!Number.isFinite(user) || !Number.isFinite(sys)) throw new Error(`/usr/bin/time gave no CPU figures for ${cmd}: ${last}`);
    return { stdout, stderr, exitCode, cpuUs: (user! + sys!) * 1e6, maxRssKb: rss ?? Number.NaN, wallMs: performance.now() - started };
  } finally {
    removeTempDir(dir);
  }
}
