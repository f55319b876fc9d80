// Question: what happens to the database when the whole cache empties at once under load, and which
// stampede guard helps? The playbook says "add a cache" and "beware cache stampedes": this measures both.
// A warm cache serves almost every read; the flush turns every hot key into a miss at the same moment, and
// the database takes the read load (plus duplicate queries for the same hot keys) until the cache refills.
// Variants: plain cache-aside; request coalescing (concurrent misses for a key share one query); XFetch
// (probabilistic early recomputation) and stale-while-revalidate, which act on expiry, not on a flush:
// the short TTL below lets them show what they do in steady state too.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'cache-stampede',
  description: 'Flush Redis under steady load: DB queries per second, hit ratio and latency per stampede guard.',
  topology: {
    kind: 'cache',
    replicas: 2,
    serviceCpus: 0.5,
    cacheTtlSec: 20,
  },
  load: {
    driver: 'open',
    // Enough connections for the flush: 600 req/s x ~100 ms misses keeps ~60 requests in flight.
    connections: 128,
    ratePerSec: 600,
    request: { method: 'GET', path: '/tasks/{key}' },
    // 100 users with Zipf skew: the hottest one alone gets almost a fifth of the reads, so when its entry
    // vanishes, many requests miss on the same key at once.
    keys: { distribution: 'zipf', count: 100, exponent: 1, seed: 42 },
    timeoutMs: 10_000,
  },
  // A miss costs 100 ms (an expensive query, or a distant database): every request for a hot key that arrives
  // while its miss is being loaded misses too, which is what makes a stampede hurt (and what coalescing saves).
  conditions: [{ kind: 'latency', edge: 'postgres', latencyMs: 100 }],
  phases: [
    { name: 'warm-up', durationMs: 15_000 },
    { name: 'baseline', durationMs: 20_000 },
    { name: 'flush', durationMs: 20_000, faults: [{ kind: 'cache-flush' }] },
    { name: 'recovery', durationMs: 20_000 },
  ],
  variants: [
    { name: 'none', description: 'cache-aside, no guard', topology: { cacheMode: 'aside' } },
    { name: 'coalescing', description: 'concurrent misses for one key share one query', topology: { cacheMode: 'coalesce' } },
    { name: 'xfetch', description: 'probabilistic early recomputation before expiry', topology: { cacheMode: 'xfetch' } },
    { name: 'swr', description: 'serve stale while one refresh runs', topology: { cacheMode: 'swr' } },
  ],
  // The relative one holds coalescing to what it is for. With `--repeat 5`, add `significant` to demand that the
  // difference also passes a Mann-Whitney U test over the repeats (e.g. `swr.flush.p99 < none.flush.p99 significant`).
  thresholds: ['*.errorRate < 1%', 'coalescing.flush.dbQueriesPerSec < none.flush.dbQueriesPerSec'],
});
