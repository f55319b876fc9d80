import { describe, expect, it } from 'vitest';
import { parseGroupInfo, parseReadReply } from './stream-replies.ts';

describe('parseReadReply', () => {
  const entries = [
    ['1-0', ['userId', '7', 'publishedAtMs', '1000']],
    ['2-0', null],
  ];
  it.each([
    ['RESP2', [['task-events', entries]]],
    ['RESP3 legacy map', ['task-events', entries]],
  ])('reads %s', (_name, reply) => {
    const parsed = parseReadReply(reply);
    expect(parsed.map((e) => e.id)).toEqual(['1-0', '2-0']);
    expect(parsed[0]?.fields?.get('userId')).toBe('7');
    expect(parsed[1]?.fields).toBeNull();
  });

  it('returns nothing for a timeout (null)', () => {
    expect(parseReadReply(null)).toEqual([]);
  });
});

describe('parseGroupInfo', () => {
  it('finds the group in flat arrays or objects', () => {
    const flat = [
      ['name', 'other', 'pending', 1, 'lag', 0],
      ['name', 'projections', 'consumers', 1, 'pending', 3, 'lag', 12],
    ];
    expect(parseGroupInfo(flat, 'projections')).toEqual({ lag: 12, pending: 3 });
    expect(parseGroupInfo([{ name: 'projections', pending: 0, lag: null }], 'projections')).toEqual({ lag: null, pending: 0 });
    expect(parseGroupInfo([], 'projections')).toBeUndefined();
  });
});
