// When each request of an open-model run is meant to leave, in ms from the run's start. Closed form from the
// request's index, never "previous time + interval", so rounding never accumulates into drift over long runs.
// Ramps follow k6's ramping-arrival-rate: the rate moves linearly within a stage from the previous stage's target
// to this one's; request n leaves when the integral of the rate reaches n (so request 0 leaves at 0 ms).

export interface RampStage {
  durationMs: number;
  targetRatePerSec: number;
}

export interface ArrivalSchedule {
  /** Requests the schedule holds: every n in [0, totalRequests) has a send time below durationMs. */
  readonly totalRequests: number;
  readonly durationMs: number;
  /** Intended send time of request n (0-based), ms since the start; Infinity past the last request. */
  sendTimeMs(n: number): number;
}

/** Float slack so that e.g. 10 s at 0.3 req/s (2.9999999 requests) does not round up to a 4th request. */
const EPSILON = 1e-9;

export function constantArrivalSchedule(ratePerSec: number, durationMs: number): ArrivalSchedule {
  assertRate(ratePerSec, 'ratePerSec');
  assertDuration(durationMs, 'durationMs');
  const totalRequests = ratePerSec === 0 ? 0 : Math.ceil((durationMs * ratePerSec) / 1000 - EPSILON);
  return {
    totalRequests,
    durationMs,
    sendTimeMs: (n) => (n < totalRequests ? (n * 1000) / ratePerSec : Infinity),
  };
}

interface Segment {
  startMs: number;
  durationMs: number;
  /** Rates at the segment's ends, per ms. */
  fromPerMs: number;
  toPerMs: number;
  /** Requests (integral of the rate) before the segment starts. */
  countBefore: number;
  count: number;
}

/** A linear ramp through `stages`, starting from `startRatePerSec` (0 unless told, as in k6). */
export function rampingArrivalSchedule(stages: readonly RampStage[], startRatePerSec = 0): ArrivalSchedule {
  assertRate(startRatePerSec, 'startRatePerSec');
  if (stages.length === 0) throw new RangeError('a ramping schedule needs at least one stage');
  const segments: Segment[] = [];
  let startMs = 0;
  let countBefore = 0;
  let fromPerMs = startRatePerSec / 1000;
  stages.forEach((stage, i) => {
    assertDuration(stage.durationMs, `stages[${i}].durationMs`);
    assertRate(stage.targetRatePerSec, `stages[${i}].targetRatePerSec`);
    const toPerMs = stage.targetRatePerSec / 1000;
    const count = ((fromPerMs + toPerMs) / 2) * stage.durationMs;
    segments.push({ startMs, durationMs: stage.durationMs, fromPerMs, toPerMs, countBefore, count });
    startMs += stage.durationMs;
    countBefore += count;
    fromPerMs = toPerMs;
  });
  const durationMs = startMs;
  const totalRequests = Math.ceil(countBefore - EPSILON);

  const segmentFor = (n: number): Segment => {
    // Binary search for the last segment that starts at or before count n (segments with no requests are skipped
    // by the strict comparison on their end).
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = segments[mid]!;
      if (n < s.countBefore + s.count) hi = mid;
      else lo = mid + 1;
    }
    return segments[lo]!;
  };

  return {
    totalRequests,
    durationMs,
    sendTimeMs(n) {
      if (n >= totalRequests || n < 0) return n < 0 ? 0 : Infinity;
      const s = segmentFor(n);
      const m = Math.max(0, n - s.countBefore);
      return Math.min(s.startMs + timeForCount(s, m), s.startMs + s.durationMs);
    },
  };
}

/**
 * Inverts count(t) = a*t + (b - a)*t^2 / (2D) for t in [0, D]: t = 2m / (a + sqrt(a^2 + 2(b - a)m / D)).
 * This form stays exact when a == b (t = m / a) and when a == 0, where the textbook quadratic formula divides by ~0.
 */
function timeForCount(s: Segment, m: number): number {
  if (m === 0) return 0;
  const a = s.fromPerMs;
  const b = s.toPerMs;
  const discriminant = Math.max(0, a * a + (2 * (b - a) * m) / s.durationMs);
  const denominator = a + Math.sqrt(discriminant);
  return denominator > 0 ? (2 * m) / denominator : s.durationMs;
}

function assertRate(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

function assertDuration(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
}
