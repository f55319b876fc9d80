// Question: "circuit breakers stop cascades": with the database hanging (a blackholed edge: connections open,
// no answer), does a breaker fail fast instead of holding every request for the call timeout, and how long
// does it take to close after recovery?
// A refused connection (`down`) fails fast with or without a breaker; a hang is where a breaker earns its keep.
// The third variant is the finding behind it: a failure-ratio breaker over a long window trips late, because
// the window still holds the healthy seconds before the hang.
// Figures: p50/p99 during the hang, the requests the breaker rejected at once (breakerRejected), and
// `errorsUntilMs` in recovery (how long errors continue after the database answers again).
import { defineExperiment } from '../harness/src/index.ts';

const breakerOn = { BREAKER: 'on', BREAKER_MIN_REQUESTS: '20', BREAKER_HALF_OPEN_AFTER_MS: '2000' };

export default defineExperiment({
  name: 'circuit-breaker',
  description: 'Blackhole the DB edge for a while: fast-fail share, p99 and time to recover, breaker off and on.',
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.5, serviceEnv: { DB_CALL_TIMEOUT_MS: '1000' } },
  load: {
    driver: 'open',
    // Enough connections that every request of a 1 s hang finds one: the wait is the service's, not the generator's.
    connections: 384,
    ratePerSec: 300,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000 },
    timeoutMs: 10_000,
  },
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'db-hang', durationMs: 15_000, faults: [{ kind: 'timeout', edge: 'postgres', timeoutMs: 0 }] },
    { name: 'recovery', durationMs: 15_000 },
  ],
  variants: [
    { name: 'breaker-off', serviceEnv: { BREAKER: 'off' } },
    { name: 'breaker-on', serviceEnv: { ...breakerOn, BREAKER_WINDOW_MS: '2000' } },
    { name: 'breaker-10s-window', serviceEnv: { ...breakerOn, BREAKER_WINDOW_MS: '10000' } },
  ],
  // The claim itself: with a short window the breaker answers most requests of the hang at once.
  thresholds: ['breaker-on.db-hang.p50 < 100ms'],
});
