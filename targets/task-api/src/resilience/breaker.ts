import { BrokenCircuitError, CircuitState, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  // Opens when more than this fraction of calls in the window failed (0 < ratio < 1).
  failureRatio: number;
  // ...and the window holds at least this many calls.
  minRequests: number;
  windowMs: number;
  halfOpenAfterMs: number;
}

export interface Breaker {
  readonly state: BreakerState;
  // Rejects with BrokenCircuitError (see isBreakerRejection) while open.
  execute<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * cockatiel's SamplingBreaker expresses the minimum volume as a rate; this converts BREAKER_MIN_REQUESTS
 * into that rate using the same window arithmetic as SamplingBreaker (at least 5 buckets of at most 1 s).
 */
export function minimumRpsFor(minRequests: number, windowMs: number): number {
  const buckets = Math.max(5, Math.ceil(windowMs / 1000));
  const effectiveWindowMs = Math.round(windowMs / buckets) * buckets;
  // "fewer than minRequests - 0.5" is "at most minRequests - 1" for integer counts, free of float edge cases.
  return ((minRequests - 0.5) * 1000) / effectiveWindowMs;
}

export function createBreaker(
  options: BreakerOptions,
  isFailure: (err: unknown) => boolean,
  onTransition: (to: BreakerState) => void,
): Breaker {
  const policy: CircuitBreakerPolicy = circuitBreaker(handleWhen(isFailure), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new SamplingBreaker({
      threshold: options.failureRatio,
      duration: options.windowMs,
      minimumRps: minimumRpsFor(options.minRequests, options.windowMs),
    }),
  });
  policy.onStateChange((state) => onTransition(toBreakerState(state)));
  return {
    get state() {
      return toBreakerState(policy.state);
    },
    execute: (fn) => policy.execute(fn),
  };
}

export function isBreakerRejection(err: unknown): boolean {
  return err instanceof BrokenCircuitError;
}

function toBreakerState(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open'; // Open, or Isolated (held open by hand; not used here)
}
