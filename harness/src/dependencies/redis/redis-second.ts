// One second of a Redis server (and of its streams, on a broker) from two readings of its counters. Pure.
import type { RedisCounters } from './redis-stats.ts';

export interface RedisSecond {
  /** Commands per second, the reader's own left out. */
  commandsPerSec: number;
  hitsPerSec: number;
  missesPerSec: number;
  /** Share of this second's key lookups that hit; absent when nothing was looked up. */
  hitRatio?: number;
  evictionsPerSec: number;
  expiredPerSec: number;
  /** Connected clients, the reader left out. */
  clients: number;
  memoryMb: number;
}

export interface StreamSecond {
  length: number;
  /** The furthest-behind consumer group's lag; absent without groups. */
  lag?: number;
  pending: number;
  /** Entries added per second less entries trimmed (growth of the backlog's length). */
  lengthChangePerSec: number;
}

/** Counters that went down (a restarted or flushed server) give no figure for that second. */
export function redisSecond(from: RedisCounters, to: RedisCounters, elapsedMs: number): RedisSecond | null {
  if (elapsedMs <= 0 || to.commands < from.commands || to.hits < from.hits || to.misses < from.misses) return null;
  const perSec = (n: number): number => Math.round((n / elapsedMs) * 1000 * 10) / 10;
  // The previous read's INFO and this read's commands before its own INFO were the reader's.
  const readerCommands = 1 + to.readerCommandsBeforeInfo;
  const hits = to.hits - from.hits;
  const misses = to.misses - from.misses;
  const out: RedisSecond = {
    commandsPerSec: Math.max(0, perSec(to.commands - from.commands - readerCommands)),
    hitsPerSec: perSec(hits),
    missesPerSec: perSec(misses),
    evictionsPerSec: Math.max(0, perSec(to.evicted - from.evicted)),
    expiredPerSec: Math.max(0, perSec(to.expired - from.expired)),
    clients: Math.max(0, to.clients - 1),
    memoryMb: Math.round((to.memoryBytes / 1024 / 1024) * 10) / 10,
  };
  if (hits + misses > 0) out.hitRatio = Math.round((hits / (hits + misses)) * 10_000) / 10_000;
  return out;
}

/** Streams by name; a stream first seen in `to` has no change figure yet, so it is left for the next second. */
export function streamSeconds(from: RedisCounters, to: RedisCounters, elapsedMs: number): Record<string, StreamSecond> {
  const out: Record<string, StreamSecond> = {};
  if (elapsedMs <= 0) return out;
  for (const [name, now] of Object.entries(to.streams ?? {})) {
    const before = from.streams?.[name];
    if (!before) continue;
    out[name] = {
      length: now.length,
      pending: now.pending,
      lengthChangePerSec: Math.round(((now.length - before.length) / elapsedMs) * 1000 * 10) / 10,
      ...(now.lag !== undefined ? { lag: now.lag } : {}),
    };
  }
  return out;
}
