// Steady-state checks (Chaos Toolkit's steady-state hypothesis): before the load, the system must answer as
// expected, or the figures would describe a broken start; after the last phase, with every fault rolled back, it
// must get back there within the recovery time, or the experiment found a system that does not recover.
// Each check is polled with the runtime's readiness mechanism (waitUntil) until it passes or the shared deadline.
import type { SteadyStateCheck } from '../experiment/types.ts';
import type { SteadyStateResult } from '../results/run-result.ts';
import { httpObserve } from '../runtime/wait/probes.ts';
import { waitUntil } from '../runtime/wait/wait-until.ts';

/** Without checks of its own, an experiment's steady state is its service's health path answering 200. */
export const defaultSteadyStateChecks = (healthPath: string): readonly SteadyStateCheck[] => [{ path: healthPath }];
const POLL_MS = 250;

export async function checkSteadyState(
  checks: readonly SteadyStateCheck[],
  baseUrl: string,
  options: { deadlineMs: number; signal: AbortSignal },
): Promise<SteadyStateResult> {
  const startedMs = performance.now();
  const results: SteadyStateResult['checks'] = [];
  for (const check of checks) {
    const expectStatus = check.expectStatus ?? 200;
    let observed = 'not tried';
    const remainingMs = (): number => startedMs + options.deadlineMs - performance.now();
    const outcome = await waitUntil({
      describe: `${check.path} to answer ${expectStatus}`,
      timeoutMs: Math.max(0, remainingMs()),
      intervalMs: POLL_MS,
      signal: options.signal,
      probe: async () => {
        const o = await httpObserve(`${baseUrl}${check.path}`, Math.max(100, Math.min(5000, remainingMs())));
        observed = o.status === null ? o.error : `HTTP ${o.status} in ${Math.round(o.ms)} ms`;
        return o.status === expectStatus && (check.maxLatencyMs === undefined || o.ms <= check.maxLatencyMs);
      },
    });
    const expected = `HTTP ${expectStatus}${check.maxLatencyMs === undefined ? '' : ` within ${check.maxLatencyMs} ms`}`;
    results.push({ name: check.name ?? `GET ${check.path}`, expected, observed, passed: outcome.ok });
  }
  return { passed: results.every((r) => r.passed), afterMs: Math.round(performance.now() - startedMs), checks: results };
}
