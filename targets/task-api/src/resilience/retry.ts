import { retryDelayMs, type BackoffOptions } from './backoff.ts';
import type { RetryBudget } from './retry-budget.ts';

export interface RetryCounters {
  retry(): void;
  retryDenied(): void;
}

export interface RetryOptions {
  // Retries after the first attempt (0: none).
  attempts: number;
  backoff: BackoffOptions;
  budget: RetryBudget | undefined;
  isRetryable: (err: unknown, idempotent: boolean) => boolean;
  counters: RetryCounters;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

// A small loop rather than cockatiel's RetryPolicy: cockatiel asks its error filter after the last
// attempt too, and has no hook to consult a shared budget only when a retry is really about to happen,
// nor per-call retryability (a read may be retried where a write may not).
export async function callWithRetry<T>(op: () => Promise<T>, idempotent: boolean, o: RetryOptions): Promise<T> {
  o.budget?.deposit();
  let prevDelayMs = 0;
  for (let retry = 1; ; retry++) {
    try {
      return await op();
    } catch (err) {
      if (retry > o.attempts || !o.isRetryable(err, idempotent)) throw err;
      if (o.budget !== undefined && !o.budget.tryWithdraw()) {
        o.counters.retryDenied();
        throw err;
      }
      o.counters.retry();
      prevDelayMs = retryDelayMs(retry, prevDelayMs, o.backoff, o.random);
      if (prevDelayMs > 0) await o.sleep(prevDelayMs);
    }
  }
}
