// Question: "the load balancer's health check stops traffic to a dead server", asked of py-notes, a Python
// service bench did not write. One of three replicas is killed under load; the failed requests and how long
// errors last should follow HAProxy's check settings, as they do for the reference service
// (experiments/dead-server.ts) and for go-items.
import { defineExperiment } from '../../../../harness/src/index.ts';
import { pyNotes, readNotes } from './service.ts';

export default defineExperiment({
  name: 'py-notes-dead-server',
  description: 'Kill 1 of 3 py-notes replicas under load: failed requests and time to a clean error rate, per health-check setting.',
  topology: { kind: 'lb', replicas: 3, serviceCpus: 0.3, healthIntervalMs: 2000, healthFall: 3, healthRise: 2, service: pyNotes },
  load: {
    driver: 'open',
    // Requests held for the dead replica must not block the others (experiments/dead-server.ts): HAProxy holds
    // each one ~3 s (its connect retries) before a 503, so at 200 req/s ~67/s x 3 s = ~200 are stuck at once, and
    // 512 connections leave room for them. Not 1024 as for the Node and Go services: the driver opens every
    // connection with a HEAD, all at once, and ~340 new connections per replica (a thread each) cost a Python
    // replica at 0.3 CPU ~0.5 s, longer than the fast checks' 250 ms timeout: all three were marked DOWN in the
    // baseline of one run.
    connections: 512,
    // A read costs py-notes ~0.7 ms of CPU (one run of slow-db): 200 req/s is ~100 per survivor after the kill,
    // about a quarter of its 0.3 CPU, and leaves the two-core machine room for HAProxy, PostgreSQL and the load.
    ratePerSec: 200,
    ...readNotes,
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
