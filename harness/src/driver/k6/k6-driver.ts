// The k6 driver: the same load plan run by the k6 binary, its samples read back into the same sink, so a run can
// be repeated with k6 and compared. It writes the script (k6-script.ts) into a temp dir, runs
// `k6 run --out json=FILE`, and streams the file's samples into the sink while k6 runs (the harness reads phase
// figures during the run), then reads the rest once k6 has exited, before run() resolves.
//
// Differences from the open driver, by k6's design: latency counts from the actual send (http_req_duration), not
// from the intended send time; k6 has no waiting line (an iteration due while every VU is busy is dropped, and
// counted as a failed request: errors.dropped; see k6-script.ts for why bench does not raise maxVUs); the
// schedule starts after a 1 s warm-up (k6-script.ts); and the generator monitor sees only the harness, not the k6
// process. Output volume: ~13 JSON lines (~1.8 KB) per request in the temp dir, removed at the end.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { infraError } from '../../errors/bench-error.ts';
import { indentTail } from '../../host/exec.ts';
import type { Clock, Driver, DriverSummary, LoadPlan, ResponseSink } from '../driver.ts';
import { tailFile } from './k6-file-tail.ts';
import { createK6OutputReader, type ClockAnchor } from './k6-output-reader.ts';
import { describeK6Exit, K6_EXTERNAL_ABORT, startK6, type K6Exit } from './k6-process.ts';
import { DEFAULT_MAX_KEYS, planK6Run, renderK6Script, type K6RunPlan } from './k6-script.ts';

export interface K6DriverOptions {
  /** The k6 binary (setup/k6.ts findK6). */
  k6Path: string;
  /** After an abort, how long k6 may take to stop and flush (after SIGINT) before SIGKILL (default 5000 ms). */
  abortGraceMs?: number;
  /** How often the output file is read while k6 runs (default 100 ms; k6 itself writes every 200 ms). */
  pollIntervalMs?: number;
  /** Parent of the temp dir (default os.tmpdir()). */
  tmpDir?: string;
  /** Keys drawn into the script at most (default 200,000); the sequence repeats beyond. */
  maxKeys?: number;
}

/** k6 start-up (script compilation per VU) before the schedule starts: allowed for in the overrun guard. */
const STARTUP_ALLOWANCE_MS = 30_000;
const STARTUP_PER_VU_MS = 20;

export function createK6Driver(options: K6DriverOptions): Driver {
  return {
    name: 'k6',
    async run(plan, sink, clock, signal) {
      const run = planK6Run(plan, options.maxKeys ?? DEFAULT_MAX_KEYS);
      if (signal.aborted) return { driver: 'k6', sent: 0, dropped: 0 };
      const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'bench-k6-'));
      try {
        return await runInDir(dir, plan, run, sink, clock, signal, options);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

async function runInDir(
  dir: string,
  plan: LoadPlan,
  run: K6RunPlan,
  sink: ResponseSink,
  clock: Clock,
  signal: AbortSignal,
  options: K6DriverOptions,
): Promise<DriverSummary> {
  const files = {
    script: join(dir, 'script.js'),
    keys: join(dir, 'keys.json'),
    config: join(dir, 'config.json'),
    out: join(dir, 'samples.json'),
  };
  if (run.keys) await writeFile(files.keys, JSON.stringify(run.keys));
  await writeFile(files.script, renderK6Script({ plan, run, keysFile: files.keys }));
  // An empty config file of our own: the user's ~/.config/k6/config.json (cloud token, outputs) stays out of it.
  await writeFile(files.config, '{}');

  const anchor = readAnchor(clock);
  const reader = createK6OutputReader({ sink, anchor, started: (atMs) => plan.telemetry?.started?.({ atMs }) });
  const tail = tailFile(files.out, (text) => reader.push(text));
  const k6 = startK6(options.k6Path, k6Args(files), { cwd: dir, env: k6Env(process.env) });
  const abortGraceMs = options.abortGraceMs ?? 5000;
  let stoppedBy: 'abort' | 'overrun' | null = null;
  const stop = (why: 'abort' | 'overrun'): void => {
    stoppedBy ??= why;
    k6.stop(abortGraceMs);
  };
  const onAbort = (): void => stop('abort');
  signal.addEventListener('abort', onAbort, { once: true });
  const vus = Number(run.scenario.maxVUs) || 0;
  const guardMs = run.warmupMs + plan.durationMs + run.gracefulStopMs + STARTUP_ALLOWANCE_MS + vus * STARTUP_PER_VU_MS;
  const guard = setTimeout(() => stop('overrun'), guardMs);

  let exit: K6Exit | null = null;
  let startFailure: unknown = null;
  // Settles either way, so a k6 that could not start is never an unhandled rejection while we poll.
  const exited = k6.exited.then(
    (e) => void (exit = e),
    (error: unknown) => void (startFailure = error ?? new Error('k6 failed to start')),
  );
  try {
    // Streaming: whatever k6 has written goes to the sink every poll, so phase figures are current during the run.
    while (exit === null && startFailure === null) {
      await tail.poll();
      await Promise.race([exited, delay(options.pollIntervalMs ?? 100)]);
    }
    if (startFailure !== null) throw startFailure;
    await tail.poll();
  } finally {
    clearTimeout(guard);
    signal.removeEventListener('abort', onAbort);
    if (exit === null) {
      // Something threw (a sink, a read): never leave k6 running.
      k6.stop(abortGraceMs);
      await exited;
    }
    await tail.close();
  }
  reader.end();

  const ended: K6Exit = exit!;
  const cleanStop = stoppedBy !== null && (ended.exitCode === K6_EXTERNAL_ABORT || ended.signal !== null);
  if (stoppedBy === 'overrun') {
    throw infraError(
      `k6 was still running ${Math.round(guardMs / 1000)} s after it started (schedule ${plan.durationMs / 1000} s) and was stopped. Last lines:\n${indentTail(k6.tail().join('\n'))}`,
      'check the lines above; with many connections k6 takes longer to start its VUs, so try fewer --connections',
    );
  }
  if (ended.exitCode !== 0 && !cleanStop) {
    throw infraError(
      `k6 ${describeK6Exit(ended)}. Last lines:\n${indentTail(k6.tail().join('\n') || '(no output)')}`,
      `check the lines above; to try k6 by hand: ${options.k6Path} version`,
    );
  }
  const { responses, errors, dropped } = reader.counts;
  const finished = responses + errors;
  // k6 reports no sample for a request cut off at the end (gracefulStop) or by an abort. After a normal end, what the
  // schedule held and was neither answered nor dropped was unfinished (an estimate: k6 may round the last one
  // differently); after an abort the count due is unknown.
  const unfinished = stoppedBy === null ? Math.max(0, run.totalRequests - finished - dropped) : undefined;
  return { driver: 'k6', sent: finished + (unfinished ?? 0), dropped, ...(unfinished === undefined ? {} : { unfinished }) };
}

/**
 * The same instant on the wall clock (k6's sample times) and on the run clock. Date.now() truncates to the
 * millisecond, so the true wall time is on average half a millisecond later.
 */
function readAnchor(clock: Clock): ClockAnchor {
  const before = clock.nowMs();
  const wallMs = Date.now() + 0.5;
  const after = clock.nowMs();
  return { wallMs, clockMs: (before + after) / 2 };
}

function k6Args(files: { script: string; config: string; out: string }): string[] {
  return [
    'run',
    '--quiet', // no progress bars
    '--no-color',
    '--summary-mode=disabled', // the harness makes the summary from the samples
    '--no-usage-report',
    '--address=', // no REST API server: nothing listens, and parallel runs cannot collide on port 6565
    `--config=${files.config}`,
    `--out=json=${files.out}`,
    files.script,
  ];
}

/** The user's K6_* variables (K6_OUT, K6_CLOUD_TOKEN, ...) would change the run: dropped; usage reports off. */
function k6Env(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!name.startsWith('K6_')) out[name] = value;
  out.K6_NO_USAGE_REPORT = 'true';
  return out;
}
