import { describe, expect, it } from 'vitest';
import { forEachServerTiming } from './server-timing-header.ts';

/** The visited entries as an array, to compare whole results. */
function parseServerTiming(value: string): Array<{ name: string; durMs: number }> {
  const entries: Array<{ name: string; durMs: number }> = [];
  forEachServerTiming(value, (name, durMs) => void entries.push({ name, durMs }));
  return entries;
}

describe('forEachServerTiming', () => {
  it('reads every entry with its dur, in order, whatever the other params and spacing', () => {
    expect(parseServerTiming('cache;dur=0.40, db;dur=12.3;desc="primary, slow; really"')).toEqual([
      { name: 'cache', durMs: 0.4 },
      { name: 'db', durMs: 12.3 },
    ]);
    expect(parseServerTiming('  db ; desc=x ;  DUR = 7 ,queue;dur=1e1\t')).toEqual([
      { name: 'db', durMs: 7 },
      { name: 'queue', durMs: 10 },
    ]);
    expect(parseServerTiming('db;dur="4.5"')).toEqual([{ name: 'db', durMs: 4.5 }]);
  });

  it('skips entries without a usable dur (flags, bad numbers), keeping the rest', () => {
    expect(parseServerTiming('miss, cdn;desc=HIT, db;dur=3, a;dur=, b;dur=-1, c;dur=abc, d;dur=0x10, e;dur=1e999, f;dur')).toEqual([
      { name: 'db', durMs: 3 },
    ]);
    expect(parseServerTiming('db;dur=0')).toEqual([{ name: 'db', durMs: 0 }]);
  });

  it('takes the first dur of an entry and reports repeated names each time', () => {
    expect(parseServerTiming('db;dur=2;dur=9, db;dur=3')).toEqual([
      { name: 'db', durMs: 2 },
      { name: 'db', durMs: 3 },
    ]);
  });

  it('survives malformed input without throwing: skips to the next comma outside quotes', () => {
    expect(parseServerTiming('')).toEqual([]);
    expect(parseServerTiming(' , ,, ')).toEqual([]);
    expect(parseServerTiming(';dur=1, db;dur=2')).toEqual([{ name: 'db', durMs: 2 }]);
    expect(parseServerTiming('db dur=1, cache;dur=2')).toEqual([{ name: 'cache', durMs: 2 }]);
    expect(parseServerTiming('x;desc="a,b;dur=5" junk, db;dur=6')).toEqual([{ name: 'db', durMs: 6 }]);
    expect(parseServerTiming('x;desc="escaped \\" quote, still inside";dur=1, db;dur=2')).toEqual([
      { name: 'x', durMs: 1 },
      { name: 'db', durMs: 2 },
    ]);
    // An unterminated quoted string swallows the rest: nothing after it can be delimited.
    expect(parseServerTiming('db;dur=1, x;desc="open, cache;dur=2')).toEqual([{ name: 'db', durMs: 1 }]);
    expect(parseServerTiming('db;;dur=1, é;dur=1, cache;dur=2')).toEqual([{ name: 'cache', durMs: 2 }]);
  });

  it('counts what it visited', () => {
    const names: string[] = [];
    expect(forEachServerTiming('a;dur=1, b, c;dur=2', (name) => void names.push(name))).toBe(2);
    expect(names).toEqual(['a', 'c']);
  });
});
