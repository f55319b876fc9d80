import { jumpConsistentHash } from './jump-hash.ts';

// modulo: userId % N. Even spread and trivial to reason about, but changing N moves almost every key.
// jump: Jump Consistent Hash of the userId. Going from N to N+1 shards moves only ~1/(N+1) of the keys.
export const SHARD_ROUTINGS = ['modulo', 'jump'] as const;
export type ShardRouting = (typeof SHARD_ROUTINGS)[number];

/** Index (0-based) of the shard that owns `userId`. Pure: the harness imports it to check data placement. */
export function shardFor(userId: number, shardCount: number, routing: ShardRouting): number {
  if (!Number.isSafeInteger(userId) || userId < 0) throw new RangeError(`userId must be a non-negative integer, got ${userId}`);
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`shardCount must be a positive integer, got ${shardCount}`);
  return routing === 'modulo' ? userId % shardCount : jumpConsistentHash(userId, shardCount);
}
