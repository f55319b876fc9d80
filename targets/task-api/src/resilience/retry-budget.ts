// How many recent calls' worth of deposits the bucket can hold: it allows a burst of retries after a quiet
// period, while the long-run retry rate stays at `ratio` retries per call (Finagle's RetryBudget idea).
export const RETRY_BUDGET_WINDOW_CALLS = 100;

// Integer micro-tokens, so ten deposits of 0.1 make exactly one token.
const SCALE = 1_000_000;

/**
 * Token bucket that caps retries at a fraction of calls: each call deposits `ratio` tokens,
 * each retry withdraws one; with less than one token the retry is denied.
 */
export class RetryBudget {
  readonly ratio: number;
  readonly capacityTokens: number;
  #microTokens: number;
  readonly #depositMicro: number;
  readonly #capacityMicro: number;

  constructor(ratio: number, capacityTokens = Math.max(1, ratio * RETRY_BUDGET_WINDOW_CALLS)) {
    if (!(ratio > 0)) throw new RangeError(`ratio must be positive, got ${ratio}`);
    this.ratio = ratio;
    this.capacityTokens = capacityTokens;
    this.#depositMicro = Math.round(ratio * SCALE);
    this.#capacityMicro = Math.round(capacityTokens * SCALE);
    // Starts full: a fresh instance may retry a burst before it has seen traffic.
    this.#microTokens = this.#capacityMicro;
  }

  get tokens(): number {
    return this.#microTokens / SCALE;
  }

  /** One client-level call was made. */
  deposit(): void {
    this.#microTokens = Math.min(this.#capacityMicro, this.#microTokens + this.#depositMicro);
  }

  /** True (and one token spent) when a retry is allowed. */
  tryWithdraw(): boolean {
    if (this.#microTokens < SCALE) return false;
    this.#microTokens -= SCALE;
    return true;
  }
}
