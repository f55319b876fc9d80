// Question: do retries make an outage worse? A share of the database connections is reset; every retry is
// another query the struggling database must take. Figures: request amplification (DB queries per client
// request, `dbQueriesPerRequest`), retries, and goodput (successful requests per second).
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'retry-storm',
  description: 'Reset DB connections a second after they open: amplification and goodput with no retries, immediate retries, jittered backoff and a retry budget.',
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.5 },
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
    // Every connection through the edge is reset a second after it opens (or after the fault starts): the pool
    // keeps reconnecting, and each reset kills the queries in flight on it.
    { name: 'resets', durationMs: 20_000, faults: [{ kind: 'reset-peer', edge: 'postgres', timeoutMs: 1000 }] },
    { name: 'recovery', durationMs: 10_000 },
  ],
  variants: [
    { name: 'no-retry', serviceEnv: { RETRY_ATTEMPTS: '0' } },
    { name: 'immediate', serviceEnv: { RETRY_ATTEMPTS: '3', RETRY_BACKOFF: 'none', RETRY_JITTER: 'none' } },
    { name: 'backoff-jitter', serviceEnv: { RETRY_ATTEMPTS: '3', RETRY_BACKOFF: 'exponential', RETRY_JITTER: 'full', RETRY_BASE_MS: '50' } },
    {
      name: 'retry-budget',
      serviceEnv: { RETRY_ATTEMPTS: '3', RETRY_BACKOFF: 'exponential', RETRY_JITTER: 'full', RETRY_BASE_MS: '50', RETRY_BUDGET_RATIO: '0.1' },
    },
  ],
});
