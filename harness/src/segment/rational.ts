// Exact fractions for execution segments: shares of a load plan are rational (1/3 is not 0.333), so every
// generator computes the same split from the same text. Integers stay small (denominators up to MAX_DENOMINATOR).

export interface Rational {
  /** Numerator and denominator in lowest terms, denominator > 0. */
  num: number;
  den: number;
}

export const MAX_DENOMINATOR = 1_000_000;

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

export function rational(num: number, den: number): Rational {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den === 0) throw new RangeError(`not a fraction: ${num}/${den}`);
  const sign = den < 0 ? -1 : 1;
  const g = gcd(num, den) || 1;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** `1/3`, `0.25`, `25%` or `1`; null when the text is none of those or the denominator is too large. */
export function parseRational(text: string): Rational | null {
  const t = text.trim();
  let result: Rational | null = null;
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(t);
  const decimal = /^(\d+)(?:\.(\d+))?(%?)$/.exec(t);
  if (fraction) {
    const den = Number(fraction[2]);
    result = den === 0 ? null : rational(Number(fraction[1]), den);
  } else if (decimal) {
    const digits = decimal[2] ?? '';
    if (digits.length > 6) return null;
    const scale = 10 ** digits.length * (decimal[3] === '%' ? 100 : 1);
    result = rational(Number(`${decimal[1]}${digits}`), scale);
  }
  return result && result.den <= MAX_DENOMINATOR ? result : null;
}

export function formatRational(r: Rational): string {
  return r.den === 1 ? String(r.num) : `${r.num}/${r.den}`;
}

export function compareRational(a: Rational, b: Rational): number {
  return a.num * b.den - b.num * a.den;
}

export function subtractRational(a: Rational, b: Rational): Rational {
  const den = lcm(a.den, b.den);
  return rational(a.num * (den / a.den) - b.num * (den / b.den), den);
}
