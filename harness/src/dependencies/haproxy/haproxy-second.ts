// One second of HAProxy's servers from two readings, and the status changes between them. Pure.
import type { HaproxyServerCounters } from './haproxy-stats.ts';

export interface HaproxySecond {
  /** 1 while HAProxy has the server UP (so a phase's mean is the share of its seconds up), else 0. */
  up: number;
  sessions: number;
  queue: number;
  http5xxPerSec: number;
  retriesPerSec: number;
  redispatchesPerSec: number;
}

export interface HaproxyTransition {
  server: string;
  from: string;
  to: string;
  /** When HAProxy changed it, ms on the load clock: the reading's time less HAProxy's own `lastchg`. */
  atMs: number;
}

export function haproxySecond(
  from: ReadonlyMap<string, HaproxyServerCounters>,
  to: ReadonlyMap<string, HaproxyServerCounters>,
  elapsedMs: number,
  readAtMs: number,
): { servers: Record<string, HaproxySecond>; transitions: HaproxyTransition[] } {
  const servers: Record<string, HaproxySecond> = {};
  const transitions: HaproxyTransition[] = [];
  const perSec = (a: number, b: number): number => (b >= a && elapsedMs > 0 ? Math.round(((b - a) / elapsedMs) * 1000 * 10) / 10 : 0);
  for (const [name, now] of to) {
    const before = from.get(name);
    if (!before) continue;
    servers[name] = {
      up: now.status === 'UP' ? 1 : 0,
      sessions: now.sessions,
      queue: now.queue,
      http5xxPerSec: perSec(before.http5xx, now.http5xx),
      retriesPerSec: perSec(before.retries, now.retries),
      redispatchesPerSec: perSec(before.redispatches, now.redispatches),
    };
    if (now.status !== before.status)
      transitions.push({
        server: name,
        from: before.status,
        to: now.status,
        atMs: Math.max(0, Math.round(readAtMs - now.lastChangeSec * 1000)),
      });
  }
  return { servers, transitions };
}
