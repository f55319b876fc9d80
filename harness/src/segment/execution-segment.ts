// Execution segments as k6 defines them (lib/execution_segment.go): a load plan's work is the interval (0, 1]; a
// sequence of points 0 = r0 < r1 < ... < rn = 1 cuts it into n segments (r(i-1), ri], and each generator runs one.
// Every generator computes the whole split from the sequence text alone, so none needs to talk to another, or to a
// coordinator, during the run. Shares are exact: over every LCD consecutive requests (LCD: the least common
// denominator of the segments' lengths) a segment of length p/q gets exactly LCD * p/q of them, and which ones is
// fixed by k6's striping rule, so a generator's requests are spread out, not a block.
import {
  MAX_DENOMINATOR,
  compareRational,
  formatRational,
  lcm,
  parseRational,
  rational,
  subtractRational,
  type Rational,
} from './rational.ts';

export interface ExecutionSegment {
  from: Rational;
  to: Rational;
}

/** A full sequence: its segments cover (0, 1] without gaps or overlaps. */
export interface SegmentSequence {
  segments: readonly ExecutionSegment[];
}

/** Which requests belong to which segment, cycle by cycle (pure data: it crosses to workers and child processes). */
export interface Striping {
  /** Requests repeat their owner every `lcd` indices. */
  lcd: number;
  /** For each segment, the indices in [0, lcd) it owns, ascending. */
  residues: readonly (readonly number[])[];
}

/** `n` equal segments: 0, 1/n, 2/n, ..., 1 (request i goes to segment i mod n). */
export function equalSequence(n: number): SegmentSequence {
  if (!Number.isInteger(n) || n < 1 || n > MAX_DENOMINATOR) throw new RangeError(`segments must be a whole number from 1, got ${n}`);
  return { segments: Array.from({ length: n }, (_, i) => ({ from: rational(i, n), to: rational(i + 1, n) })) };
}

/** "0,1/3,1" (k6's --execution-segment-sequence); throws RangeError saying what is wrong. */
export function parseSequence(text: string): SegmentSequence {
  const parts = text.split(',');
  if (parts.length < 2) throw new RangeError(`"${text}" needs at least two points, e.g. 0,1/2,1`);
  const points = parts.map((p) => {
    const r = parseRational(p);
    if (!r) throw new RangeError(`"${p.trim()}" is not a fraction, decimal or percentage (denominator at most ${MAX_DENOMINATOR})`);
    return r;
  });
  if (points[0]!.num !== 0) throw new RangeError(`"${text}" must start at 0`);
  if (compareRational(points.at(-1)!, rational(1, 1)) !== 0) throw new RangeError(`"${text}" must end at 1`);
  const segments: ExecutionSegment[] = [];
  for (let i = 1; i < points.length; i++) {
    if (compareRational(points[i - 1]!, points[i]!) >= 0)
      throw new RangeError(`"${text}": points must increase (${parts[i - 1]!.trim()} then ${parts[i]!.trim()})`);
    segments.push({ from: points[i - 1]!, to: points[i]! });
  }
  return { segments };
}

/** "1/3:2/3", or k6's shorthand "1/3" for 0:1/3; throws RangeError. */
export function parseSegment(text: string): ExecutionSegment {
  const [fromText, toText] = text.includes(':') ? (text.split(':', 2) as [string, string]) : ['0', text];
  const from = parseRational(fromText);
  const to = parseRational(toText);
  if (!from || !to) throw new RangeError(`"${text}" is not a segment like 0:1/2 or 1/3:2/3`);
  if (compareRational(from, to) >= 0 || compareRational(to, rational(1, 1)) > 0)
    throw new RangeError(`"${text}": needs 0 <= from < to <= 1`);
  return { from, to };
}

export function formatSegment(s: ExecutionSegment): string {
  return `${formatRational(s.from)}:${formatRational(s.to)}`;
}

export function formatSequence(seq: SegmentSequence): string {
  return [seq.segments[0]!.from, ...seq.segments.map((s) => s.to)].map(formatRational).join(',');
}

/** The segment's position in the sequence, or -1 when the sequence does not hold exactly that segment. */
export function segmentIndex(seq: SegmentSequence, segment: ExecutionSegment): number {
  return seq.segments.findIndex((s) => compareRational(s.from, segment.from) === 0 && compareRational(s.to, segment.to) === 0);
}

/**
 * k6's striping: segments sorted by length, longest first (ties keep sequence order); index i of each cycle goes to
 * the first of them that is due, i.e. that has taken `chosen` indices and has i >= chosen * lcd / share (share: its
 * length in LCD units). One always is (the shares sum to lcd), and each ends the cycle with exactly its share.
 */
export function stripe(seq: SegmentSequence): Striping {
  const lengths = seq.segments.map((s) => subtractRational(s.to, s.from));
  const cycle = lengths.reduce((acc, l) => lcm(acc, l.den), 1);
  if (cycle > MAX_DENOMINATOR)
    throw new RangeError(`the segments' common denominator ${cycle} is above ${MAX_DENOMINATOR}: use simpler fractions`);
  const shares = lengths.map((l) => l.num * (cycle / l.den));
  const order = shares.map((_, i) => i).sort((a, b) => shares[b]! - shares[a]! || a - b);
  const chosen = shares.map(() => 0);
  const residues: number[][] = shares.map(() => []);
  for (let i = 0; i < cycle; i++) {
    const owner = order.find((s) => i * shares[s]! >= chosen[s]! * cycle)!;
    chosen[owner]!++;
    residues[owner]!.push(i);
  }
  return { lcd: cycle, residues };
}

/** How many of the indices 0..value-1 segment `index` owns (k6's ScaleInt64): its share of requests, connections, ... */
export function shareOf(striping: Striping, index: number, value: number): number {
  const own = striping.residues[index]!;
  const full = Math.floor(value / striping.lcd) * own.length;
  const rest = value % striping.lcd;
  let partial = 0;
  while (partial < own.length && own[partial]! < rest) partial++;
  return full + partial;
}

/** The global index of segment `index`'s k-th request (0-based). */
export function globalIndexOf(striping: Striping, index: number, k: number): number {
  const own = striping.residues[index]!;
  return Math.floor(k / own.length) * striping.lcd + own[k % own.length]!;
}
