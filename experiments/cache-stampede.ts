// Question: what happens to the database when the whole cache empties at once under load?
// The playbook says "add a cache" and "beware cache stampedes": this measures both. A warm cache serves
// almost every read; the flush turns every hot key into a miss at the same moment, and the database
// takes the whole read load (plus duplicate queries for the same hot keys) until the cache refills.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'cache-stampede',
  description: 'Flush Redis under steady load: DB queries per second, hit ratio and latency before, during and after.',
  topology: {
    kind: 'cache',
    replicas: 2,
    serviceCpus: 0.5,
    // Long enough that no entry expires during the run: the only misses after warm-up come from the flush.
    cacheTtlSec: 600,
  },
  load: {
    driver: 'closed',
    connections: 32,
    ratePerSec: 600,
    request: { method: 'GET', path: '/tasks/{key}' },
    // 1,000 users with Zipf skew: the hottest 20 get almost half of the reads.
    keys: { distribution: 'zipf', count: 1000, exponent: 1, seed: 42 },
    timeoutMs: 10_000,
  },
  phases: [
    { name: 'warm-up', durationMs: 15_000 },
    { name: 'baseline', durationMs: 20_000 },
    { name: 'flush', durationMs: 20_000, faults: [{ kind: 'cache-flush' }] },
    { name: 'recovery', durationMs: 20_000 },
  ],
});
