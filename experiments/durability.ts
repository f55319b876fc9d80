// Question: when things crash, is every write the client was told succeeded still there afterwards? A write
// ledger beside the read load sends 100 writes a second with unique titles and notes each answer:
// acknowledged (2xx), rejected (4xx, or refused before sending: nothing written) or unknown (timeout, reset,
// 5xx: it may or may not have committed). After the variant, with every fault rolled back, each title is looked
// up in PostgreSQL: acknowledged but absent is a lost write.
// Faults: the database is killed (SIGKILL) and restarted, a service instance is killed and restarted, and the
// database edge resets a share of connections mid-flight. Variants: PostgreSQL's default synchronous commit, and
// `synchronous_commit=off`, which acknowledges a commit before its WAL is on disk (faster; a crash may lose the
// last few hundred milliseconds of acknowledged writes).
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'durability',
  description: 'Writes under crashes and resets: acknowledged / lost / unknown, with synchronous commit on and off.',
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.5 },
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
    // Down for 3 s, then restarted: the rest of the phase is its crash recovery.
    { name: 'db-crash', durationMs: 12_000, faults: [{ kind: 'kill', target: 'postgres', durationMs: 3_000 }] },
    { name: 'service-crash', durationMs: 10_000, faults: [{ kind: 'kill', target: 'service:1', durationMs: 3_000 }] },
    { name: 'db-resets', durationMs: 10_000, faults: [{ kind: 'reset-peer', edge: 'postgres', toxicity: 0.2 }] },
    { name: 'settle', durationMs: 5_000 },
  ],
  variants: [
    { name: 'sync-commit', description: 'PostgreSQL default: a commit is acknowledged once its WAL is flushed' },
    {
      name: 'async-commit',
      description: 'synchronous_commit=off: acknowledged before the flush',
      serviceEnv: { DB_SYNCHRONOUS_COMMIT: 'off' },
    },
  ],
  thresholds: ['sync-commit.*.lostWrites == 0'],
});
