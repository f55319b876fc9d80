// Redis's own counters (INFO), read once a second from each server over its direct port (not through Toxiproxy,
// so a fault on the service's edge does not reach the reader), and on the queue's broker the length and
// consumer-group lag of every stream. The only file in dependencies/ that imports ioredis.
import { Redis } from 'ioredis';

/** One stream of the broker at one moment. */
export interface StreamCounters {
  length: number;
  groups: number;
  /** The furthest-behind group's lag (entries not yet delivered to it); absent when Redis cannot tell. */
  lag?: number;
  /** Entries delivered to a consumer and not yet acknowledged, over every group. */
  pending: number;
}

/** Raw counters of one server at one moment; cumulative ones are differenced by redis-second.ts. */
export interface RedisCounters {
  commands: number;
  /** Commands this read sent before its INFO (which counts them); the INFO itself shows up in the next read. */
  readerCommandsBeforeInfo: number;
  hits: number;
  misses: number;
  evicted: number;
  expired: number;
  /** Connected clients, the reader's own connection included. */
  clients: number;
  memoryBytes: number;
  /** By stream name; only read on a broker. */
  streams?: Record<string, StreamCounters>;
}

export interface RedisStatsReader {
  read(): Promise<RedisCounters | null>;
  close(): Promise<void>;
}

/** Enough for a broker's handful of streams; a SCAN of a bigger keyspace is cut off there rather than slowing Redis. */
const MAX_SCAN_CALLS = 20;

/** A reader for one server; read() answers null while the server cannot be reached (killed, paused, restarting). */
export function createRedisStatsReader(port: number, options: { broker: boolean; timeoutMs?: number }): RedisStatsReader {
  const timeoutMs = options.timeoutMs ?? 800;
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    // A failed read is a missing second, not a queue of retries: the next read tries again.
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectionName: 'bench-sampler',
  });
  client.on('error', () => undefined);
  const ensureConnected = async (): Promise<void> => {
    if (client.status === 'ready') return;
    if (client.status === 'end' || client.status === 'wait') await client.connect();
  };
  return {
    async read() {
      try {
        await ensureConnected();
        let readerCommands = 0;
        let streams: Record<string, StreamCounters> | undefined;
        if (options.broker) {
          const counted = await readStreams(client);
          streams = counted.streams;
          readerCommands += counted.commands;
        }
        const info = parseInfo(await client.info());
        const n = (key: string): number => Number(info.get(key) ?? 0);
        return {
          commands: n('total_commands_processed'),
          readerCommandsBeforeInfo: readerCommands,
          hits: n('keyspace_hits'),
          misses: n('keyspace_misses'),
          evicted: n('evicted_keys'),
          expired: n('expired_keys'),
          clients: n('connected_clients'),
          memoryBytes: n('used_memory'),
          ...(streams ? { streams } : {}),
        };
      } catch {
        client.disconnect();
        return null;
      }
    },
    async close() {
      client.disconnect();
    },
  };
}

async function readStreams(client: Redis): Promise<{ streams: Record<string, StreamCounters>; commands: number }> {
  const names: string[] = [];
  let cursor = '0';
  let commands = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'COUNT', 1000, 'TYPE', 'stream');
    commands++;
    names.push(...keys);
    cursor = next;
  } while (cursor !== '0' && commands < MAX_SCAN_CALLS);
  const streams: Record<string, StreamCounters> = {};
  for (const name of [...new Set(names)].sort()) {
    const length = await client.xlen(name);
    const groups = groupInfo((await client.xinfo('GROUPS', name)) as unknown[]);
    commands += 2;
    const lags = groups.map((g) => g.lag);
    streams[name] = {
      length,
      groups: groups.length,
      pending: groups.reduce((a, g) => a + g.pending, 0),
      ...(groups.length > 0 && lags.every((l): l is number => l !== undefined) ? { lag: Math.max(...lags) } : {}),
    };
  }
  return { streams, commands };
}

/** XINFO GROUPS answers a flat [field, value, ...] list per group (RESP2). `lag` is null when Redis cannot tell. */
export function groupInfo(reply: readonly unknown[]): Array<{ pending: number; lag?: number }> {
  return reply.map((group) => {
    const fields = new Map<string, unknown>();
    const list = Array.isArray(group) ? group : [];
    for (let i = 0; i + 1 < list.length; i += 2) fields.set(String(list[i]), list[i + 1]);
    const lag = fields.get('lag');
    return { pending: Number(fields.get('pending') ?? 0), ...(typeof lag === 'number' ? { lag } : {}) };
  });
}

/** INFO's `key:value` lines (section headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return out;
}
