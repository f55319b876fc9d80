// Question: "is every write the client was told succeeded still there after a crash?", asked of py-notes, which
// commits its INSERT (autocommit) before it answers 201. The write ledger sends its own POST /notes beside the
// read load; once the faults are rolled back, each title is looked up in py-notes' own database.
// (go-items' durability experiment also runs with synchronous commit off, where a crash lost 5 acknowledged writes.)
import { defineExperiment } from '../../../../harness/src/index.ts';
import { pyNotes, readNotes } from './service.ts';

export default defineExperiment({
  name: 'py-notes-durability',
  description: "py-notes' writes under crashes and resets: acknowledged / lost / unknown, checked in its own database.",
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.3, service: pyNotes },
  load: { driver: 'open', connections: 64, ratePerSec: 100, ...readNotes, timeoutMs: 5_000 },
  probes: [
    {
      kind: 'write-ledger',
      ratePerSec: 50,
      write: { path: '/notes', body: '{"body":"{title}"}' },
      verify: { database: 'notes', query: 'SELECT body FROM notes WHERE body LIKE $1' },
    },
  ],
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'db-crash', durationMs: 12_000, faults: [{ kind: 'kill', target: 'postgres', durationMs: 3_000 }] },
    { name: 'service-crash', durationMs: 10_000, faults: [{ kind: 'kill', target: 'service:1', durationMs: 3_000 }] },
    { name: 'db-resets', durationMs: 10_000, faults: [{ kind: 'reset-peer', edge: 'postgres', toxicity: 0.2 }] },
    { name: 'settle', durationMs: 5_000 },
  ],
  thresholds: ['*.lostWrites == 0', 'baseline.errorRate == 0'],
});
