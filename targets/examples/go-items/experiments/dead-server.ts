// Question: "the load balancer's health check stops traffic to a dead server", asked of go-items, a service
// bench did not write. One of three replicas is killed under load; the failed requests and how long errors
// last should follow HAProxy's check settings, as they do for the reference service (experiments/dead-server.ts).
import { defineExperiment } from '../../../../harness/src/index.ts';
import { goItems, readItems } from './service.ts';

export default defineExperiment({
  name: 'go-items-dead-server',
  description: 'Kill 1 of 3 go-items replicas under load: failed requests and time to a clean error rate, per health-check setting.',
  topology: { kind: 'lb', replicas: 3, serviceCpus: 0.3, healthIntervalMs: 2000, healthFall: 3, healthRise: 2, service: goItems },
  load: {
    driver: 'open',
    // As in experiments/dead-server.ts: requests held for the dead replica must not block the others.
    connections: 1024,
    ratePerSec: 400,
    ...readItems,
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
  ],
  thresholds: ['baseline.errorRate == 0'],
});
