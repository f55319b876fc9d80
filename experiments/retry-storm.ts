// Question: do retries make an outage worse? The database edge turns slow and erratic (100 ms ± 50 ms on every
// response) while the service gives each DB call 120 ms: a share of the calls time out. Each retry is another
// query the struggling database must take, and retries that pile up in the connection pool make further calls
// time out too. Figures: request amplification (DB queries per client request, `dbQueriesPerRequest`),
// retries, and goodput (successful requests per second).
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'retry-storm',
  description: 'A slow, erratic DB edge with 120 ms call timeouts: amplification and goodput with no retries, immediate retries, jittered backoff and a retry budget.',
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
    { name: 'erratic', durationMs: 20_000, faults: [{ kind: 'latency', edge: 'postgres', latencyMs: 100, jitterMs: 50 }] },
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
