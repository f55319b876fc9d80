import { once, type Fault } from '../fault.ts';
import { cacheProblems } from './cache-needs.ts';

/** Expires the hottest users' cache entries (keys 1..N under a Zipf load are the hot ones). */
export const hotKeyExpiryFault: Fault<'hot-key-expiry'> = {
  kind: 'hot-key-expiry',
  describe: 'expire the N hottest keys at once (tasks:user:1..N)',
  oneShot: 'repeatable',
  validate(_spec, shape) {
    if (!shape.ownService) return cacheProblems('hot-key-expiry', shape);
    return [
      {
        message: "expires the reference task-api's cache keys (tasks:user:1..N), which the experiment's own service does not use",
        hint: 'use cache-flush, which empties the whole cache whatever its keys',
      },
    ];
  },
  async apply(spec, ctx) {
    const keys = Array.from({ length: spec.keys }, (_, i) => `tasks:user:${i + 1}`);
    await ctx.topology.deleteCacheKeys(keys);
    return once(`expired the ${spec.keys} hottest cache keys`, async () => {});
  },
};
