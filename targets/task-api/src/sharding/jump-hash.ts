// Jump Consistent Hash (Lamping & Veach 2014, "A Fast, Minimal Memory, Consistent Hash Algorithm"):
//   int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
//     int64_t b = -1, j = 0;
//     while (j < num_buckets) {
//       b = j;
//       key = key * 2862933555777941757ULL + 1;
//       j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
//     }
//     return b;
//   }
// The 64-bit key is kept as two unsigned 32-bit halves so the request path needs no BigInt allocation.

// 2862933555777941757 = 0x27BB2EE6_87B0B0FD
const MULT_HI = 0x27bb2ee6;
const MULT_LO = 0x87b0b0fd;
const TWO_POW_31 = 2147483648;
const TWO_POW_32 = 4294967296;

// High 32 bits of the 64-bit product of two unsigned 32-bit integers, exact in doubles via 16-bit limbs.
function mulHigh32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const lo = a0 * b0;
  const midA = a1 * b0;
  const midB = a0 * b1;
  const carry = ((lo >>> 16) + (midA & 0xffff) + (midB & 0xffff)) >>> 16;
  return (a1 * b1 + (midA >>> 16) + (midB >>> 16) + carry) >>> 0;
}

/** Jump hash of the unsigned 64-bit key hi:lo (each an unsigned 32-bit integer) into [0, buckets). */
export function jumpHashHiLo(keyHi: number, keyLo: number, buckets: number): number {
  let hi = keyHi >>> 0;
  let lo = keyLo >>> 0;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    // key = key * MULT + 1 (mod 2^64)
    let nextHi = (Math.imul(hi, MULT_LO) + Math.imul(lo, MULT_HI) + mulHigh32(lo, MULT_LO)) >>> 0;
    let nextLo = (Math.imul(lo, MULT_LO) >>> 0) + 1;
    if (nextLo === TWO_POW_32) {
      nextLo = 0;
      nextHi = (nextHi + 1) >>> 0;
    }
    hi = nextHi;
    lo = nextLo;
    // key >> 33 is the top 31 bits: hi >>> 1. Same operation order as the C++ so rounding matches.
    j = Math.floor((b + 1) * (TWO_POW_31 / ((hi >>> 1) + 1)));
  }
  return b;
}

/** Jump hash of any 64-bit key (negative values are taken as their two's complement, like Java's long). */
export function jumpConsistentHash(key: bigint | number, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key) || key < 0) throw new RangeError(`key must be a non-negative safe integer, got ${key}`);
    return jumpHashHiLo(Math.floor(key / TWO_POW_32), key >>> 0, buckets);
  }
  const unsigned = BigInt.asUintN(64, key);
  return jumpHashHiLo(Number(unsigned >> 32n), Number(unsigned & 0xffffffffn), buckets);
}
