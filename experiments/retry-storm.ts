// Question: do retries make an outage worse? Two kinds of trouble, one after the other:
// - flapping: the database edge drops for 0.8 s every 2 s (connections refused and cut). Immediate retries all
//   land inside the blip and fail with it, so they multiply the queries and save few requests; retries spread
//   by exponential backoff with full jitter land after it and succeed.
// - erratic: the edge turns slow (100 ms ± 50 ms on every response) while the service gives each DB call
//   120 ms, so most attempts time out, however they are spaced. Every retry is another query the struggling
//   database must take; only a retry budget caps them.
// Figures: request amplification (DB queries per client request, `dbQueriesPerRequest`), retries, errors and
// goodput (successful requests per second).
import { defineExperiment } from '../harness/src/index.ts';

const backoff = { RETRY_ATTEMPTS: '3', RETRY_BACKOFF: 'exponential', RETRY_JITTER: 'full', RETRY_BASE_MS: '250' };

export default defineExperiment({
  name: 'retry-storm',
  description:
    'A flapping, then a slow DB edge with 120 ms call timeouts: amplification and goodput with no retries, immediate retries, jittered backoff and a retry budget.',
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.5, serviceEnv: { DB_CALL_TIMEOUT_MS: '120' } },
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
    // The blip's length is not scaled by --duration-scale: against the backoff it is the physics under test.
    { name: 'flapping', durationMs: 20_000, faults: [{ kind: 'down', edge: 'postgres', durationMs: 800, everyMs: 2000 }] },
    { name: 'erratic', durationMs: 20_000, faults: [{ kind: 'latency', edge: 'postgres', latencyMs: 100, jitterMs: 50 }] },
    { name: 'recovery', durationMs: 10_000 },
  ],
  variants: [
    { name: 'no-retry', serviceEnv: { RETRY_ATTEMPTS: '0' } },
    { name: 'immediate', serviceEnv: { RETRY_ATTEMPTS: '3', RETRY_BACKOFF: 'none', RETRY_JITTER: 'none' } },
    { name: 'backoff-jitter', serviceEnv: backoff },
    { name: 'retry-budget', serviceEnv: { ...backoff, RETRY_BUDGET_RATIO: '0.1' } },
  ],
});
