// Question: when the database gets slow (+200 ms on every packet), what do timeouts and a circuit breaker
// buy? Without a timeout requests pile up and everything gets slow; a timeout turns slowness into fast
// errors; a breaker stops sending doomed calls at all. Reads go straight to the database (no cache), so
// every request feels the edge.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'slow-db',
  description: '+200 ms on the DB edge: p99, errors and recovery with no timeout, a timeout, and a timeout with a breaker.',
  // The reference service's pool is its default 10 connections per replica; nothing here is the reference's own
  // but the variants' switches, so `--service-image ... --request ... --variant no-timeout` asks the same of any service.
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.5 },
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
    { name: 'slow', durationMs: 20_000, faults: [{ kind: 'latency', edge: 'postgres', latencyMs: 200, jitterMs: 20 }] },
    { name: 'recovery', durationMs: 15_000 },
  ],
  variants: [
    { name: 'no-timeout', serviceEnv: { DB_STATEMENT_TIMEOUT_MS: '30000' } },
    { name: 'timeout', serviceEnv: { DB_CALL_TIMEOUT_MS: '150' } },
    {
      name: 'timeout-breaker',
      serviceEnv: { DB_CALL_TIMEOUT_MS: '150', BREAKER: 'on', BREAKER_MIN_REQUESTS: '20', BREAKER_HALF_OPEN_AFTER_MS: '2000' },
    },
  ],
  thresholds: ['no-timeout.baseline.errorRate < 1%'],
});
