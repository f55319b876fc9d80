import { describe, expect, it } from 'vitest';
import { redisSecond, streamSeconds } from './redis-second.ts';
import { groupInfo, parseInfo, type RedisCounters } from './redis-stats.ts';

const counters = (over: Partial<RedisCounters> = {}): RedisCounters => ({
  commands: 1000,
  readerCommandsBeforeInfo: 0,
  hits: 100,
  misses: 50,
  evicted: 0,
  expired: 0,
  clients: 5,
  memoryBytes: 10 * 1024 * 1024,
  ...over,
});

describe('redisSecond', () => {
  it("counts commands per second less the reader's own: the previous INFO and what this read sent before its INFO", () => {
    const s = redisSecond(counters(), counters({ commands: 1000 + 1 + 3 + 500, readerCommandsBeforeInfo: 3 }), 1000)!;
    expect(s.commandsPerSec).toBe(500);
  });

  it("scales to the elapsed time and gives the second's own hit ratio, not the lifetime one", () => {
    const s = redisSecond(counters(), counters({ commands: 1001 + 400, hits: 100 + 150, misses: 50 + 50 }), 500)!;
    expect(s.commandsPerSec).toBe(800);
    expect(s.hitsPerSec).toBe(300);
    expect(s.missesPerSec).toBe(100);
    expect(s.hitRatio).toBe(0.75);
  });

  it('leaves the hit ratio out when nothing was looked up, and the reader out of the clients', () => {
    const s = redisSecond(counters(), counters({ commands: 1001 }), 1000)!;
    expect(s.hitRatio).toBeUndefined();
    expect(s.clients).toBe(4);
    expect(s.memoryMb).toBe(10);
  });

  it('gives nothing for a second in which the counters went back (a restarted server)', () => {
    expect(redisSecond(counters(), counters({ commands: 10 }), 1000)).toBeNull();
    expect(redisSecond(counters(), counters({ hits: 1 }), 1000)).toBeNull();
    expect(redisSecond(counters(), counters(), 0)).toBeNull();
  });
});

describe('streamSeconds', () => {
  it('reports each stream seen in both readings: length, lag, pending and growth per second', () => {
    const from = counters({ streams: { events: { length: 100, groups: 1, lag: 5, pending: 2 } } });
    const to = counters({
      streams: { events: { length: 150, groups: 1, lag: 40, pending: 10 }, fresh: { length: 1, groups: 0, pending: 0 } },
    });
    expect(streamSeconds(from, to, 1000)).toEqual({ events: { length: 150, lag: 40, pending: 10, lengthChangePerSec: 50 } });
  });
});

describe('parseInfo and groupInfo', () => {
  it("reads INFO's key:value lines and skips section headers", () => {
    const info = parseInfo('# Stats\r\ntotal_commands_processed:42\r\nkeyspace_hits:7\r\n\r\n# Memory\r\nused_memory:1024\r\n');
    expect(info.get('total_commands_processed')).toBe('42');
    expect(info.get('used_memory')).toBe('1024');
    expect(info.has('# Stats')).toBe(false);
  });

  it('reads XINFO GROUPS replies, lag only when Redis knows it', () => {
    const reply = [
      ['name', 'projections', 'consumers', 2, 'pending', 3, 'last-delivered-id', '1-0', 'entries-read', 10, 'lag', 7],
      ['name', 'other', 'consumers', 0, 'pending', 0, 'last-delivered-id', '0-0', 'entries-read', null, 'lag', null],
    ];
    expect(groupInfo(reply)).toEqual([{ pending: 3, lag: 7 }, { pending: 0 }]);
  });
});
