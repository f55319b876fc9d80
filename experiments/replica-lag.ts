// Question: "add read replicas" spreads reads, but replicas lag. How often does a user not see what they just
// wrote, and does read-your-writes routing fix it? A probe beside the read load writes a task and reads that
// user's tasks back at once (client side, through the balancer), 20 times a second; a read that misses the
// task is stale. Halfway, the replication edges slow down (+150 ms), as a busy or distant replica would.
// Variants: reads to replicas; read-your-writes (a user's reads go to the primary for 5 s after they wrote,
// remembered by the service instance that took the write) behind a round-robin balancer with two instances;
// and the same routing with one instance. The service remembers writers per instance, so with two instances
// the read often lands on the instance that did not see the write: the figure shows how much that leaks.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'replica-lag',
  description: 'Read-after-write through lagging replicas: stale-read rate with replica reads, and with read-your-writes routing.',
  topology: { kind: 'replicas', replicas: 2, dbReplicas: 2, serviceCpus: 0.5, cacheMode: 'off' },
  load: {
    driver: 'open',
    connections: 64,
    ratePerSec: 200,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000, seed: 5 },
    timeoutMs: 5_000,
  },
  probes: [{ kind: 'read-after-write', ratePerSec: 20 }],
  phases: [
    { name: 'baseline', durationMs: 15_000 },
    {
      name: 'lagging',
      durationMs: 20_000,
      faults: [
        { kind: 'latency', edge: 'replication-1', latencyMs: 150 },
        { kind: 'latency', edge: 'replication-2', latencyMs: 150 },
      ],
    },
    { name: 'recovery', durationMs: 10_000 },
  ],
  variants: [
    { name: 'replica-reads', description: 'every read goes to a replica' },
    {
      name: 'read-your-writes',
      description: "a writer's reads go to the primary for 5 s (per instance, 2 instances)",
      topology: { readRouting: 'read-your-writes' },
    },
    {
      name: 'ryw-one-instance',
      description: 'read-your-writes with a single service instance',
      topology: { readRouting: 'read-your-writes', replicas: 1 },
    },
  ],
  thresholds: ['ryw-one-instance.*.staleRate == 0'],
});
