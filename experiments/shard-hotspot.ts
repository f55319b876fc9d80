// Question: "shard by user_id" spreads load only if users do: with a Zipf-skewed user population, the shards
// holding the hottest users take most of the queries. Caching is off so every read reaches its shard.
// Figures: DB queries per shard (dbQueriesByTarget) and p99, uniform vs Zipf users.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'shard-hotspot',
  description: 'Uniform vs Zipf users on 4 shards: per-shard load and p99.',
  topology: { kind: 'sharded', shards: 4, replicas: 2, serviceCpus: 0.5, cacheMode: 'off' },
  load: {
    driver: 'open',
    connections: 64,
    ratePerSec: 400,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000 },
    timeoutMs: 10_000,
  },
  phases: [
    { name: 'warm-up', durationMs: 5_000 },
    { name: 'steady', durationMs: 20_000 },
  ],
  variants: [
    { name: 'uniform' },
    // Exponent 1.2: the hottest user alone gets ~15% of reads, all on one shard.
    { name: 'zipf', load: { keys: { distribution: 'zipf', count: 10_000, exponent: 1.2, seed: 7 } } },
  ],
});
