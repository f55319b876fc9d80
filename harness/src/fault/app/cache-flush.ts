import { once, type Fault } from '../fault.ts';
import { cacheProblems } from './cache-needs.ts';

/** Empties the whole cache at once: every key misses together, the stampede's trigger. */
export const cacheFlushFault: Fault<'cache-flush'> = {
  kind: 'cache-flush',
  describe: 'flush the whole cache (Redis FLUSHALL)',
  oneShot: 'repeatable',
  validate: (_spec, shape) => cacheProblems('cache-flush', shape),
  async apply(_spec, ctx) {
    await ctx.topology.flushCache();
    return once('cache flushed (Redis FLUSHALL)', async () => {});
  },
};
