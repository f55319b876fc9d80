import { describe, expect, it } from 'vitest';
import { jumpConsistentHash } from './jump-hash.ts';
import { shardFor } from './shard-for.ts';

describe('jumpConsistentHash', () => {
  it('matches Guava Hashing.consistentHash golden values', () => {
    // From Guava's HashingTest.testConsistentHash_linearCongruentialGeneratorCompatibility.
    const golden100 = [0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83];
    golden100.forEach((expected, key) => expect(jumpConsistentHash(key, 100)).toBe(expected));
    expect(jumpConsistentHash(10863919174838991n, 11)).toBe(6);
    expect(jumpConsistentHash(2016238256797177309n, 11)).toBe(3);
    expect(jumpConsistentHash(1673758223894951030n, 11)).toBe(5);
    expect(jumpConsistentHash(2, 100001)).toBe(80343);
    expect(jumpConsistentHash(2201, 100001)).toBe(22152);
    expect(jumpConsistentHash(2202, 100001)).toBe(15018);
  });

  // Produced by the paper's C++ (compiled with g++), including keys that use all 64 bits.
  it.each([
    [1n, 2, 0],
    [1n, 4, 0],
    [1n, 11, 6],
    [1n, 100001, 94075],
    [1n, 2147483647, 262355607],
    [42n, 2, 1],
    [42n, 4, 2],
    [42n, 11, 2],
    [42n, 100001, 5747],
    [42n, 2147483647, 1603940301],
    [123456789n, 2, 0],
    [123456789n, 4, 0],
    [123456789n, 11, 7],
    [123456789n, 100001, 42483],
    [123456789n, 2147483647, 1234790967],
    [4294967296n, 2, 1],
    [4294967296n, 4, 2],
    [4294967296n, 11, 2],
    [4294967296n, 100001, 30364],
    [4294967296n, 2147483647, 1378953490],
    [2016238256797177309n, 2, 1],
    [2016238256797177309n, 4, 3],
    [2016238256797177309n, 100001, 39755],
    [18446744073709551615n, 2, 1],
    [18446744073709551615n, 4, 2],
    [18446744073709551615n, 11, 10],
    [18446744073709551615n, 100001, 18311],
    [18446744073709551615n, 2147483647, 699554662],
  ])('key %s into %i buckets -> %i (reference C++)', (key, buckets, expected) => {
    expect(jumpConsistentHash(key, buckets)).toBe(expected);
  });

  it("treats a negative bigint as its 64-bit two's complement, like Java", () => {
    expect(jumpConsistentHash(-1n, 11)).toBe(jumpConsistentHash(18446744073709551615n, 11));
  });

  it('agrees for number and bigint keys', () => {
    for (let key = 0; key < 2000; key += 7) expect(jumpConsistentHash(key, 13)).toBe(jumpConsistentHash(BigInt(key), 13));
  });
});

describe('shardFor', () => {
  it('modulo is userId % shardCount', () => {
    expect([1, 2, 3, 4, 5].map((id) => shardFor(id, 4, 'modulo'))).toEqual([1, 2, 3, 0, 1]);
    expect(shardFor(7, 1, 'modulo')).toBe(0);
  });

  it('jump equals the jump hash of the userId', () => {
    for (const id of [1, 2, 42, 10_000, 2_147_483_647]) expect(shardFor(id, 4, 'jump')).toBe(jumpConsistentHash(id, 4));
  });

  it.each(['modulo', 'jump'] as const)('%s spreads users evenly', (routing) => {
    const counts = [0, 0, 0, 0];
    for (let id = 1; id <= 40_000; id++) counts[shardFor(id, 4, routing)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('jump moves about 1/N of the users when a shard is added; modulo moves most', () => {
    const users = 100_000;
    for (const n of [2, 4, 8]) {
      let jumpMoved = 0;
      let moduloMoved = 0;
      for (let id = 1; id <= users; id++) {
        const jumpBefore = shardFor(id, n, 'jump');
        const jumpAfter = shardFor(id, n + 1, 'jump');
        if (jumpBefore !== jumpAfter) {
          jumpMoved++;
          // Keys only ever move to the new shard.
          expect(jumpAfter).toBe(n);
        }
        if (shardFor(id, n, 'modulo') !== shardFor(id, n + 1, 'modulo')) moduloMoved++;
      }
      expect(Math.abs(jumpMoved / users - 1 / (n + 1))).toBeLessThan(0.01);
      expect(moduloMoved / users).toBeGreaterThan(0.6);
    }
  });

  it('rejects bad arguments', () => {
    expect(() => shardFor(-1, 2, 'modulo')).toThrow(RangeError);
    expect(() => shardFor(1.5, 2, 'jump')).toThrow(RangeError);
    expect(() => shardFor(1, 0, 'jump')).toThrow(RangeError);
  });
});
