// Question: "circuit breakers stop cascades": with the database hanging for a while (a blackhole: packets go
// in, nothing comes back, so every call waits for its 1 s timeout), does a breaker fail fast instead of
// waiting on doomed calls, and how long does it take to close after recovery?
// Figures: p99 during the outage, the share of requests the breaker rejected at once (breakerRejected),
// and `errorsUntilMs` in recovery (how long errors continue after the database is back).
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'circuit-breaker',
  description: 'Blackhole the DB edge for a while: fast-fail share, p99 and time to recover, breaker off and on.',
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.5, serviceEnv: { DB_CALL_TIMEOUT_MS: '1000' } },
  load: {
    driver: 'closed',
    connections: 32,
    ratePerSec: 300,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000 },
    timeoutMs: 10_000,
  },
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'db-hangs', durationMs: 15_000, faults: [{ kind: 'timeout', edge: 'postgres', timeoutMs: 0 }] },
    { name: 'recovery', durationMs: 15_000 },
  ],
  variants: [
    { name: 'breaker-off', serviceEnv: { BREAKER: 'off' } },
    { name: 'breaker-on', serviceEnv: { BREAKER: 'on', BREAKER_MIN_REQUESTS: '20', BREAKER_HALF_OPEN_AFTER_MS: '2000' } },
  ],
});
