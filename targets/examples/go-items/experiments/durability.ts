// Question: "is every write the client was told succeeded still there after a crash?", asked of go-items, which
// commits its INSERT before it answers 201. The write ledger sends its own POST /items with unique names beside
// the read load; once the faults are rolled back, each name is looked up in go-items' own database: acknowledged
// but absent is a lost write. As in experiments/durability.ts: the database killed and restarted, a replica
// killed and restarted, and a share of the database edge's connections reset mid-flight. The second variant turns
// PostgreSQL's synchronous commit off for go-items' sessions: a crash may then lose what was just acknowledged.
import { defineExperiment } from '../../../../harness/src/index.ts';
import { goItems, readItems } from './service.ts';

export default defineExperiment({
  name: 'go-items-durability',
  description: "go-items' writes under crashes and resets: acknowledged / lost / unknown, checked in its own database.",
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.3, service: goItems },
  load: { driver: 'open', connections: 64, ratePerSec: 100, ...readItems, timeoutMs: 5_000 },
  probes: [
    {
      kind: 'write-ledger',
      ratePerSec: 50,
      write: { path: '/items', body: '{"name":"{title}"}' },
      verify: { database: 'items', query: 'SELECT name FROM items WHERE name LIKE $1' },
    },
  ],
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'db-crash', durationMs: 12_000, faults: [{ kind: 'kill', target: 'postgres', durationMs: 3_000 }] },
    { name: 'service-crash', durationMs: 10_000, faults: [{ kind: 'kill', target: 'service:1', durationMs: 3_000 }] },
    { name: 'db-resets', durationMs: 10_000, faults: [{ kind: 'reset-peer', edge: 'postgres', toxicity: 0.2 }] },
    { name: 'settle', durationMs: 5_000 },
  ],
  variants: [
    { name: 'sync-commit', description: 'PostgreSQL default: a commit is acknowledged once its WAL is flushed' },
    {
      name: 'async-commit',
      description: "synchronous_commit=off for go-items' sessions (lib/pq passes it to the server): acknowledged before the flush",
      serviceEnv: { DATABASE_URL: '{postgres.url}/items?sslmode=disable&synchronous_commit=off' },
    },
  ],
  thresholds: ['sync-commit.*.lostWrites == 0', '*.baseline.errorRate == 0'],
});
