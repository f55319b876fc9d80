// Question: "the load balancer's health check stops traffic to a dead server" — how many requests fail
// before it does, and do faster checks or retries with redispatch shrink that window?
// One of three replicas is killed under load; requests in flight to it and those routed to it before the
// health check marks it down fail. Figures: failed requests in the outage and `errorsUntilMs`, the time
// from the kill to the end of the last second with an error.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'dead-server',
  description: 'Kill 1 of 3 replicas under load: failed requests and time to a clean error rate, per health-check setting.',
  topology: { kind: 'lb', replicas: 3, serviceCpus: 0.4, healthIntervalMs: 2000, healthFall: 3, healthRise: 2 },
  load: {
    driver: 'open',
    // Independent users, not one client's pool: HAProxy holds a request for the dead replica ~3 s (its connect
    // retries) before a 503, so ~130 req/s x 3 s are stuck at once; with 64 connections they would block every
    // other request behind them (head-of-line in the generator) and the outage would read as a stall of the whole
    // service. 1024 preconnected connections leave room for them.
    connections: 1024,
    ratePerSec: 400,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000 },
    timeoutMs: 5_000,
  },
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'outage', durationMs: 20_000, faults: [{ kind: 'kill', target: 'service:2' }] },
    { name: 'recovery', durationMs: 10_000 },
  ],
  variants: [
    { name: 'slow-checks', description: 'check every 2 s, down after 3 failures' },
    { name: 'fast-checks', description: 'check every 250 ms, down after 2 failures', topology: { healthIntervalMs: 250, healthFall: 2 } },
    {
      name: 'fast-checks-redispatch',
      description: 'fast checks, and HAProxy retries a failed connection on another replica',
      topology: { healthIntervalMs: 250, healthFall: 2, lbRetries: 2 },
    },
  ],
  thresholds: ['baseline.errorRate == 0', 'fast-checks-redispatch.outage.errorRate < 1%'],
});
