// Skewed key choice: Zipf over 1..count (a few hot users), from a seeded PRNG so runs are repeatable.

/** mulberry32: small, fast, good enough for choosing keys (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type KeyDistribution =
  | { distribution: 'zipf'; count: number; exponent: number; seed?: number }
  | { distribution: 'uniform'; count: number; seed?: number };

/** Returns a sampler of keys 1..count. Zipf: P(k) proportional to 1 / k^exponent, by binary search over the CDF. */
export function createKeySampler(spec: KeyDistribution): () => number {
  const random = seededRandom(spec.seed ?? 1);
  if (spec.distribution === 'uniform') return () => 1 + Math.floor(random() * spec.count);
  const cdf = new Float64Array(spec.count);
  let total = 0;
  for (let k = 1; k <= spec.count; k++) {
    total += 1 / k ** spec.exponent;
    cdf[k - 1] = total;
  }
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / total;
  return () => {
    const u = random();
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}
