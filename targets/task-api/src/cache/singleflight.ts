/**
 * Per-instance request coalescing ("singleflight", after Go's golang.org/x/sync/singleflight): while a
 * load for a key is running, other callers for that key get the same promise instead of starting their own.
 */
export class Singleflight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  get size(): number {
    return this.#inFlight.size;
  }

  has(key: string): boolean {
    return this.#inFlight.has(key);
  }

  /** Runs `fn` unless a run for `key` is in flight; `onShared` is called when joining one. */
  run(key: string, fn: () => Promise<T>, onShared?: () => void): Promise<T> {
    const existing = this.#inFlight.get(key);
    if (existing !== undefined) {
      onShared?.();
      return existing;
    }
    let started: Promise<T>;
    try {
      started = fn();
    } catch (err) {
      started = Promise.reject(err);
    }
    const flight = started.finally(() => {
      if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, flight);
    return flight;
  }

  /** Later callers start a fresh run (after a write, an in-flight load may hold the old value). */
  forget(key: string): void {
    this.#inFlight.delete(key);
  }
}
