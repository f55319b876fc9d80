// Question: "is a difference between two variants real, or noise?" — asked of two variants that are the same.
// An A/A experiment: both variants run the identical topology and load, each repeated on a fresh topology in a
// seeded random order. Any "significant" difference here is a false positive of the statistics (or a drift of the
// machine that the interleaved order failed to spread), so the comparison must say "~" in every latency row.
// Run it before trusting a comparison on a new machine: it shows how wide the intervals are there.
import { defineExperiment } from '../harness/src/index.ts';

export default defineExperiment({
  name: 'a-a',
  description: 'Two identical variants, repeated: the comparison must find no significant difference.',
  topology: { kind: 'single', serviceCpus: 0.5 },
  load: {
    driver: 'open',
    connections: 32,
    ratePerSec: 200,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 10_000 },
    timeoutMs: 5_000,
  },
  phases: [
    { name: 'warm-up', durationMs: 3_000 },
    { name: 'steady', durationMs: 10_000 },
  ],
  repeat: 5,
  variants: [
    { name: 'a', description: 'the system as it is' },
    { name: 'b', description: 'the same system again' },
  ],
  thresholds: ['*.steady.errorRate < 1%'],
});
