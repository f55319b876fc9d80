/**
 * Users who wrote within the last `windowMs` on this instance (read-your-writes routing sends their reads
 * to the primary). Entries are kept in expiry order (re-noting moves a user to the end), so pruning stops
 * at the first live entry: amortised O(1) per write, memory bounded by the writers of one window.
 */
export class RecentWriters {
  readonly windowMs: number;
  readonly #expiresAtMs = new Map<number, number>();

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  get size(): number {
    return this.#expiresAtMs.size;
  }

  /** `nowMs` must be monotonic (performance.now()). */
  note(userId: number, nowMs: number): void {
    this.#expiresAtMs.delete(userId);
    this.#expiresAtMs.set(userId, nowMs + this.windowMs);
    for (const [id, expiresAtMs] of this.#expiresAtMs) {
      if (expiresAtMs > nowMs) break;
      this.#expiresAtMs.delete(id);
    }
  }

  isRecent(userId: number, nowMs: number): boolean {
    const expiresAtMs = this.#expiresAtMs.get(userId);
    return expiresAtMs !== undefined && expiresAtMs > nowMs;
  }
}
