import { once, type Fault } from '../fault.ts';

/** Expires the hottest users' cache entries (keys 1..N under a Zipf load are the hot ones). */
export const hotKeyExpiryFault: Fault<'hot-key-expiry'> = {
  kind: 'hot-key-expiry',
  describe: 'expire the N hottest keys at once (tasks:user:1..N)',
  async apply(spec, ctx) {
    const keys = Array.from({ length: spec.keys }, (_, i) => `tasks:user:${i + 1}`);
    await ctx.topology.deleteCacheKeys(keys);
    return once(`expired the ${spec.keys} hottest cache keys`, async () => {});
  },
};
