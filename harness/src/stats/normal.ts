// The standard normal distribution, for the large-sample approximations (Mann-Whitney above the exact limit,
// binomial ranks for huge histograms). Relative accuracy ~1e-7 in both tails, which is plenty for p-values.

/** Coefficients of t^0..t^9 in the exponent of erfcc. */
const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
] as const;

/**
 * Complementary error function, Chebyshev fit of Numerical Recipes' `erfcc` (fractional error < 1.2e-7 for every x).
 * Computed directly rather than as 1 - erf so that tiny tails keep their precision.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (let i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) poly = poly * t + ERFC_COEFFICIENTS[i]!;
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z <= z). */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(Z > z), accurate for large z (no 1 - cdf cancellation). */
export function normalUpperTail(z: number): number {
  return normalCdf(-z);
}

/** z with P(Z <= z) = p, for 0 < p < 1 (bisection on the cdf: slow-ish but simple, and only called a few times). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  if (p > 0.5) return -normalQuantile(1 - p);
  let lo = -40;
  let hi = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
