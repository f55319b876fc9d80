// Polls a probe until it passes, the container dies, the deadline passes, or the run is aborted.
export interface WaitOptions {
  /** What we wait for, for the error message: e.g. `HTTP 200 from http://127.0.0.1:4000/health`. */
  describe: string;
  probe: () => Promise<boolean>;
  timeoutMs: number;
  intervalMs?: number;
  /** Returns a reason when the thing waited on can never become ready (e.g. the container exited). */
  deadReason?: () => Promise<string | null>;
  signal?: AbortSignal;
}

export type WaitOutcome = { ok: true; elapsedMs: number } | { ok: false; reason: string; elapsedMs: number };

export async function waitUntil(options: WaitOptions): Promise<WaitOutcome> {
  const started = performance.now();
  const interval = options.intervalMs ?? 200;
  for (;;) {
    if (options.signal?.aborted) return { ok: false, reason: 'aborted', elapsedMs: performance.now() - started };
    if (await options.probe()) return { ok: true, elapsedMs: performance.now() - started };
    const dead = options.deadReason ? await options.deadReason() : null;
    const elapsedMs = performance.now() - started;
    if (dead) return { ok: false, reason: dead, elapsedMs };
    if (elapsedMs >= options.timeoutMs) {
      return { ok: false, reason: `no ${options.describe} within ${Math.round(options.timeoutMs / 1000)} s`, elapsedMs };
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
