// Question: "what does a slow database do to my p99?", asked of py-notes, a Python service bench did not write.
// +200 ms on the database edge: psycopg2 sends a simple query (parameters interpolated client-side) in one round
// trip, and with autocommit there is no BEGIN/COMMIT around it, so p50 should rise by about the added latency
// once (not twice, as for go-items' prepare + execute) and fall back once it is removed.
import { defineExperiment } from '../../../../harness/src/index.ts';
import { pyNotes, readNotes } from './service.ts';

export default defineExperiment({
  name: 'py-notes-slow-db',
  description: "+200 ms on py-notes' database edge: p50 and p99 during and after.",
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.3, service: pyNotes },
  load: {
    driver: 'open',
    // Little's law: connections in use = rate x time each read holds one. While the database is slow a read
    // holds its connection ~0.2 s, so 40 req/s keep ~8 busy across the two replicas (~4 of each one's pool of
    // 10, plus a health check now and then): no wait for the pool, and p50 shows the added latency alone.
    // Past ~100 req/s (20 needed) the pools would run out and requests would queue behind them: another lesson.
    connections: 64,
    ratePerSec: 40,
    ...readNotes,
    timeoutMs: 10_000,
  },
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'slow', durationMs: 15_000, faults: [{ kind: 'latency', edge: 'postgres', latencyMs: 200, jitterMs: 20 }] },
    { name: 'recovery', durationMs: 10_000 },
  ],
  thresholds: ['baseline.errorRate == 0', 'slow.p50 >= 180ms', 'slow.p50 < 300ms', 'slow.errorRate == 0'],
});
