// Polls a probe until it passes, the container dies, the deadline passes, or the run is aborted.
export interface WaitOptions {
  /** What we wait for, for the error message: e.g. `HTTP 200 from http://127.0.0.1:4000/health`. */
  describe: string;
  probe: () => Promise<boolean>;
  timeoutMs: number;
  /** The longest pause between two probes; the first pauses are shorter (see pollDelayMs). */
  intervalMs?: number;
  /** Returns a reason when the thing waited on can never become ready (e.g. the container exited). */
  deadReason?: () => Promise<string | null>;
  signal?: AbortSignal;
}

export type WaitOutcome = { ok: true; elapsedMs: number } | { ok: false; reason: string; elapsedMs: number };

const DEFAULT_INTERVAL_MS = 200;
const FIRST_INTERVAL_MS = 20;

/**
 * The pause before probe number `attempt + 1`: doubling from `firstMs` up to `maxMs`. Most waits end within a
 * second or two, so a fixed 200 ms pause cost ~100 ms per wait on average, several times per topology; the
 * first pauses are short and the probe rate still drops to one per `maxMs` for a slow start.
 */
export function pollDelayMs(attempt: number, maxMs: number, firstMs = FIRST_INTERVAL_MS): number {
  const first = Math.min(firstMs, maxMs);
  return Math.min(maxMs, first * 2 ** Math.min(Math.max(0, attempt), 20));
}

export async function waitUntil(options: WaitOptions): Promise<WaitOutcome> {
  const started = performance.now();
  const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) return { ok: false, reason: 'aborted', elapsedMs: performance.now() - started };
    if (await options.probe()) return { ok: true, elapsedMs: performance.now() - started };
    const dead = options.deadReason ? await options.deadReason() : null;
    const elapsedMs = performance.now() - started;
    if (dead) return { ok: false, reason: dead, elapsedMs };
    if (elapsedMs >= options.timeoutMs) {
      return { ok: false, reason: `no ${options.describe} within ${Math.round(options.timeoutMs / 1000)} s`, elapsedMs };
    }
    await new Promise((resolve) => setTimeout(resolve, pollDelayMs(attempt, interval)));
  }
}
