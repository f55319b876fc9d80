// `bench load --generators N` on this host: one child process per segment (`bench segment --start-at barrier`),
// started together behind a barrier: every child loads and reports ready, then the parent announces one start
// time in wall-clock ms, which each child maps onto its own monotonic clock. Every child is killed on every exit
// path (error, timeout, SIGINT/SIGTERM, the parent's exit), and every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { infraError, BenchError } from '../errors/bench-error.ts';
import { formatSegment } from './execution-segment.ts';
import { BARRIER_ENV, type ChildMessage, type ParentMessage } from './barrier-protocol.ts';
import { readResults } from './segment-files.ts';
import { layoutOf, type SegmentPlan } from './segment-plan.ts';
import type { NamedResult } from './merge-segments.ts';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
/** Loading node and the harness takes ~0.5 s per child here; on a busy two-core host a few seconds. */
const READY_TIMEOUT_MS = 30_000;
/** From "all ready" to the first request: enough for each child to open its connections (preconnect). */
export const BARRIER_LEAD_MS = 500;
/** After SIGTERM, how long a child may take to write its partial result before SIGKILL. */
const TERM_GRACE_MS = 5000;

export interface LocalGeneratorsOptions {
  plan: SegmentPlan;
  planFile: string;
  outDir: string;
  /** Tells what the barrier decided (for the log). */
  onStart?: (startAtEpochMs: number) => void;
}

export async function runLocalGenerators(options: LocalGeneratorsOptions, signal: AbortSignal): Promise<NamedResult[]> {
  const { plan } = options;
  const layout = layoutOf(plan);
  const children: ChildProcess[] = [];
  const killAll = (sig: NodeJS.Signals): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(sig);
  };
  // The last resort: whatever happens to this process, its generators do not outlive it.
  const onExit = (): void => killAll('SIGKILL');
  process.once('exit', onExit);
  const timers: NodeJS.Timeout[] = [];
  try {
    const ready: Promise<void>[] = [];
    const exited: Promise<void>[] = [];
    for (const [index, segment] of layout.sequence.segments.entries()) {
      const args = [
        ...process.execArgv,
        MAIN,
        'segment',
        '--plan',
        options.planFile,
        '--segment',
        formatSegment(segment),
        '--out',
        options.outDir,
        '--start-at',
        'barrier',
      ];
      const child = spawn(process.execPath, args, {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: { ...process.env, [BARRIER_ENV]: '1' },
      });
      children.push(child);
      child.on('error', () => undefined);
      const name = `generator ${index + 1}/${layout.sequence.segments.length} (segment ${formatSegment(segment)})`;
      ready.push(
        new Promise<void>((resolve, reject) => {
          child.on('message', (m: ChildMessage) => m.type === 'ready' && resolve());
          child.once('exit', (code, sig) =>
            reject(
              infraError(
                `${name} exited (${sig ?? `code ${code}`}) before it was ready`,
                'Its error is above; run `bench segment` by hand to see it alone.',
              ),
            ),
          );
        }),
      );
      exited.push(
        new Promise<void>((resolve, reject) => {
          child.once('error', reject);
          child.once('exit', (code, sig) =>
            code === 0
              ? resolve()
              : reject(
                  infraError(`${name} failed (${sig ?? `exit code ${code}`})`, 'Its error is above; the other generators were stopped.'),
                ),
          );
        }),
      );
    }
    // Rejections are awaited below in Promise.all; the no-op handlers keep a late one from counting as unhandled.
    for (const p of [...ready, ...exited]) p.catch(() => undefined);
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = (): void => {
        // Children in this terminal's process group got the same SIGINT; the others (SIGTERM to us alone) get it
        // now. They stop their load at once; a little grace lets them exit cleanly, then the finally kills the rest.
        killAll('SIGTERM');
        const done = new Promise<void>((resolve) => timers.push(setTimeout(resolve, TERM_GRACE_MS)));
        void Promise.race([Promise.allSettled(exited), done]).then(() =>
          reject(
            new BenchError('interrupted', 'interrupted: the generators were stopped; a segmented run keeps no partial figures', {
              hint: 'Run again; a shorter --duration if it was too long.',
            }),
          ),
        );
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
      Promise.race([
        promise,
        aborted,
        new Promise<never>((_, reject) =>
          timers.push(
            setTimeout(
              () =>
                reject(
                  infraError(
                    `${what} took longer than ${ms / 1000} s`,
                    'The host is overloaded or a generator hung; the generators were stopped.',
                  ),
                ),
              ms,
            ),
          ),
        ),
      ]);
    await within(Promise.all(ready), READY_TIMEOUT_MS, 'starting the generators');
    const startAtEpochMs = Date.now() + BARRIER_LEAD_MS;
    for (const child of children) child.send({ type: 'start', startAtEpochMs } satisfies ParentMessage);
    options.onStart?.(startAtEpochMs);
    // Each child's run is bounded by the plan (duration, then the drain within the timeout); this bounds the wait.
    await within(Promise.all(exited), BARRIER_LEAD_MS + plan.durationMs + 3 * plan.timeoutMs + 30_000, 'the segmented run');
    // Children stopped by a signal exit cleanly with partial results; an interrupted run still reports no figures.
    if (signal.aborted) await aborted;
    return await readResults([options.outDir]);
  } finally {
    for (const t of timers) clearTimeout(t);
    killAll('SIGKILL');
    process.off('exit', onExit);
  }
}
