// Question: "circuit breakers stop cascades": with the database unreachable for a while, does a breaker
// fail fast instead of trying doomed calls, and how long does it take to close after recovery?
// (A blackholed edge, `timeout` with 0 ms, is the harsher case; with it the calls waiting on stuck pool
// connections did not trip the breaker in our runs: see the issue tracker.)
// Figures: p99 during the outage, the share of requests the breaker rejected at once (breakerRejected),
// and `errorsUntilMs` in recovery (how long errors continue after the database is back).
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'circuit-breaker',
  description: 'Take the DB edge down for a while: fast-fail share, p99 and time to recover, breaker off and on.',
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.5, serviceEnv: { DB_CALL_TIMEOUT_MS: '1000' } },
  load: {
    driver: 'open',
    connections: 64,
    ratePerSec: 300,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000 },
    timeoutMs: 10_000,
  },
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'db-down', durationMs: 15_000, faults: [{ kind: 'down', edge: 'postgres' }] },
    { name: 'recovery', durationMs: 15_000 },
  ],
  variants: [
    { name: 'breaker-off', serviceEnv: { BREAKER: 'off' } },
    { name: 'breaker-on', serviceEnv: { BREAKER: 'on', BREAKER_MIN_REQUESTS: '20', BREAKER_HALF_OPEN_AFTER_MS: '2000' } },
  ],
});
