// Question: "what does a slow database do to my p99?", asked of go-items. +200 ms on the database edge: its
// reads wait for the database, so p50 should rise by about the added latency, and fall back once it is removed.
import { defineExperiment } from '../../../../harness/src/index.ts';
import { goItems, readItems } from './service.ts';

export default defineExperiment({
  name: 'go-items-slow-db',
  description: "+200 ms on go-items' database edge: p99 during and after.",
  topology: { kind: 'lb', replicas: 2, serviceCpus: 0.3, service: goItems },
  load: {
    driver: 'open',
    // lib/pq sends a query with parameters in two round trips (prepare, then execute), so each read holds its
    // connection ~0.4 s while the database is slow: 30 req/s keeps ~12 in flight, within the two replicas' pools
    // of 10, and p50 shows the added latency times the round trips. At 60 req/s (24 needed) the pools ran out and
    // p50 reached 751 ms; at 150 req/s, ~5 s: a queue behind the pool (Little's law), a different lesson.
    connections: 64,
    ratePerSec: 30,
    ...readItems,
    timeoutMs: 10_000,
  },
  phases: [
    { name: 'baseline', durationMs: 10_000 },
    { name: 'slow', durationMs: 15_000, faults: [{ kind: 'latency', edge: 'postgres', latencyMs: 200, jitterMs: 20 }] },
    { name: 'recovery', durationMs: 10_000 },
  ],
  thresholds: ['baseline.errorRate == 0', 'slow.p50 >= 350ms', 'slow.p50 < 600ms', 'slow.errorRate == 0'],
});
