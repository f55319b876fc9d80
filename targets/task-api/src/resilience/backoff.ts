// Delay before each retry. See "Exponential Backoff And Jitter" (Marc Brooker, AWS Architecture Blog, 2015).
export const RETRY_BACKOFFS = ['none', 'exponential'] as const;
export type RetryBackoff = (typeof RETRY_BACKOFFS)[number];
export const RETRY_JITTERS = ['none', 'full', 'decorrelated'] as const;
export type RetryJitter = (typeof RETRY_JITTERS)[number];

export interface BackoffOptions {
  backoff: RetryBackoff;
  jitter: RetryJitter;
  baseMs: number;
  maxMs: number;
}

/** min(max, base * 2^(retry-1)): the un-jittered exponential delay for retry number `retry` (1-based). */
export function exponentialCeilingMs(retry: number, o: BackoffOptions): number {
  return Math.min(o.maxMs, o.baseMs * 2 ** (retry - 1));
}

/**
 * Delay in ms before retry number `retry` (1-based). `prevDelayMs` is the delay used before the previous
 * retry (0 for the first); decorrelated jitter grows from it. `random` returns [0, 1).
 * - backoff none: 0, whatever the jitter (retry at once: the retry-storm baseline).
 * - exponential + none: base * 2^(retry-1), capped at max.
 * - exponential + full: uniform in [0, that ceiling).
 * - exponential + decorrelated: uniform in [base, 3 * previous delay), capped at max.
 */
export function retryDelayMs(retry: number, prevDelayMs: number, o: BackoffOptions, random: () => number): number {
  if (o.backoff === 'none') return 0;
  switch (o.jitter) {
    case 'none':
      return exponentialCeilingMs(retry, o);
    case 'full':
      return random() * exponentialCeilingMs(retry, o);
    case 'decorrelated': {
      const upperMs = Math.max(o.baseMs, prevDelayMs) * 3;
      return Math.min(o.maxMs, o.baseMs + random() * (upperMs - o.baseMs));
    }
  }
}
