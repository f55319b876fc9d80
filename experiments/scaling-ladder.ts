// Question: the playbook says "one server handles ~1,000 RPS", then "add a balancer", "add a cache", "add read
// replicas", "shard by user_id". How much does each stage add? One run climbs the ladder: each variant is a
// different topology, warmed up, then searched for the highest arrival rate that meets the SLO (open model:
// step up by doubling, then bisect). The table gives each stage's capacity and its ratio to `single`.
// Read-heavy traffic (users picked with Zipf skew over all 10,000), every service replica capped at half a core,
// as a small cloud instance would be. Every stage runs on the same host: on a 2-core machine the database,
// balancer, cache and the load generator share the cores with the service, so stages that add processes can
// add less than they would on their own machines; the report says so when the generator saturated.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'scaling-ladder',
  description: 'Capacity at p99 < 100 ms and < 1% errors for single -> lb -> cache -> replicas -> sharded, with ratios to single.',
  topology: { kind: 'single', serviceCpus: 0.5 },
  load: {
    driver: 'open',
    connections: 64,
    ratePerSec: 200,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'zipf', count: 10_000, exponent: 1, seed: 11 },
    timeoutMs: 5_000,
  },
  // Fills caches and pools and gets the JIT going before the search.
  phases: [{ name: 'warm-up', durationMs: 10_000 }],
  capacity: { slo: 'p99<100ms,errors<1%', startRatePerSec: 250, maxRatePerSec: 16_000, stepDurationMs: 6_000, maxSteps: 9 },
  variants: [
    { name: 'single', description: 'one service replica, one database' },
    { name: 'lb', description: 'HAProxy and two replicas', topology: { kind: 'lb', replicas: 2 } },
    { name: 'cache', description: 'plus Redis cache-aside', topology: { kind: 'cache', replicas: 2 } },
    { name: 'replicas', description: 'plus two streaming read replicas', topology: { kind: 'replicas', replicas: 2, dbReplicas: 2 } },
    { name: 'sharded', description: 'two shards by user_id instead of replicas', topology: { kind: 'sharded', replicas: 2, shards: 2 } },
  ],
});
