import type { Fault } from '../fault.ts';

/** Empties the whole cache at once: every key misses together, the stampede's trigger. */
export const cacheFlushFault: Fault = {
  kind: 'cache-flush',
  async apply(_spec, ctx) {
    await ctx.topology.flushCache();
    return { description: 'cache flushed (Redis FLUSHALL)', revert: async () => {} };
  },
};
