// Steady-state checks (Chaos Toolkit's steady-state hypothesis): before the load, the system must answer as
// expected, or the figures would describe a broken start; after the last phase, with every fault rolled back, it
// must get back there within the recovery time, or the experiment found a system that does not recover.
// Each check polls until it passes or its deadline: bounded in time and in attempts.
import type { SteadyStateCheck } from '../experiment/types.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';
import type { SteadyStateResult } from '../results/run-result.ts';

export const DEFAULT_STEADY_STATE_CHECKS: readonly SteadyStateCheck[] = [{ path: '/health' }];
const POLL_MS = 250;
const MAX_ATTEMPTS = 2000;

export async function checkSteadyState(
  checks: readonly SteadyStateCheck[],
  baseUrl: string,
  options: { deadlineMs: number; signal: AbortSignal },
): Promise<SteadyStateResult> {
  if (!isLoopbackUrl(baseUrl)) throw new Error(`steady-state checks go to loopback only, not ${baseUrl}`);
  const startedMs = performance.now();
  const results: SteadyStateResult['checks'] = [];
  for (const check of checks) {
    const expectStatus = check.expectStatus ?? 200;
    let last = 'not tried';
    let passed = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !options.signal.aborted; attempt++) {
      const remainingMs = startedMs + options.deadlineMs - performance.now();
      const outcome = await probe(`${baseUrl}${check.path}`, Math.max(100, Math.min(5000, remainingMs)));
      last = outcome.status === null ? outcome.error : `HTTP ${outcome.status} in ${Math.round(outcome.ms)} ms`;
      passed = outcome.status === expectStatus && (check.maxLatencyMs === undefined || outcome.ms <= check.maxLatencyMs);
      if (passed || performance.now() - startedMs >= options.deadlineMs) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const expected = `HTTP ${expectStatus}${check.maxLatencyMs === undefined ? '' : ` within ${check.maxLatencyMs} ms`}`;
    results.push({ name: check.name ?? `GET ${check.path}`, expected, observed: last, passed });
  }
  return { passed: results.every((r) => r.passed), afterMs: Math.round(performance.now() - startedMs), checks: results };
}

async function probe(url: string, timeoutMs: number): Promise<{ status: number | null; ms: number; error: string }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started, error: '' };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: null, ms: performance.now() - started, error: cause?.code ?? cause?.message ?? (error as Error).name };
  }
}
