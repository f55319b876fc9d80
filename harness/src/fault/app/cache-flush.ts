import { once, type Fault } from '../fault.ts';

/** Empties the whole cache at once: every key misses together, the stampede's trigger. */
export const cacheFlushFault: Fault<'cache-flush'> = {
  kind: 'cache-flush',
  describe: 'flush the whole cache (Redis FLUSHALL)',
  async apply(_spec, ctx) {
    await ctx.topology.flushCache();
    return once('cache flushed (Redis FLUSHALL)', async () => {});
  },
};
