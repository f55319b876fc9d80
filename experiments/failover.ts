// Question: "add read replicas" also buys a standby to fail over to. When the primary is replaced by a promoted
// replica under write load, is every write the client was told succeeded still there? A write ledger sends 100
// writes a second with unique titles; after the variant, each is looked up in the database writes now go to (the
// promoted replica). With asynchronous streaming replication (PostgreSQL's default) the old primary acknowledges
// commits the replica has not received yet, and those are gone after the promotion. With synchronous replication
// (`synchronous_standby_names`) a commit is acknowledged only once the replica has flushed it: in-flight writes
// become unknown (no answer), never lost.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'failover',
  description: 'Promote the replica under write load: acknowledged writes lost with asynchronous and with synchronous replication.',
  topology: { kind: 'replicas', replicas: 2, dbReplicas: 1, readRouting: 'primary', serviceCpus: 0.5 },
  load: {
    driver: 'open',
    connections: 64,
    ratePerSec: 200,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000, seed: 3 },
    timeoutMs: 5_000,
  },
  probes: [{ kind: 'write-ledger', ratePerSec: 100 }],
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'failover', durationMs: 10_000, faults: [{ kind: 'replica-failover' }] },
    { name: 'after', durationMs: 5_000 },
  ],
  variants: [
    {
      name: 'async-replication',
      description: 'PostgreSQL default: the primary acknowledges before the replica has the commit',
      topology: { replication: 'async' },
    },
    {
      name: 'sync-replication',
      description: 'synchronous_standby_names=*: acknowledged once the replica has flushed it',
      topology: { replication: 'sync' },
    },
  ],
  thresholds: ['sync-replication.*.lostWrites == 0'],
});
