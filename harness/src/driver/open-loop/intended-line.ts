// The open loop's waiting line: intended send times (ms), first in first out, in a ring that starts small and
// doubles up to its limit. A deep default then costs memory only while a stall actually fills it (8 bytes per
// waiting request: 4,000,000 of them are 32 MB), and pushing or shifting never allocates except when it grows.
const INITIAL_CAPACITY = 1024;

export class IntendedLine {
  /** The most entries the line holds; a push beyond it is refused (the caller drops the request). */
  readonly limit: number;
  #ring: Float64Array;
  #head = 0;
  #length = 0;

  constructor(limit: number) {
    this.limit = Math.max(0, Math.floor(limit));
    this.#ring = new Float64Array(Math.min(this.limit, INITIAL_CAPACITY));
  }

  get length(): number {
    return this.#length;
  }

  /** Entries the ring has room for now (it grows on demand): how much memory the line holds. */
  get capacity(): number {
    return this.#ring.length;
  }

  /** false when the line already holds `limit` entries. */
  push(intendedAtMs: number): boolean {
    if (this.#length >= this.limit) return false;
    if (this.#length === this.#ring.length) this.#grow();
    this.#ring[(this.#head + this.#length) % this.#ring.length] = intendedAtMs;
    this.#length++;
    return true;
  }

  /** The oldest entry, removed; NaN when the line is empty. */
  shift(): number {
    if (this.#length === 0) return Number.NaN;
    const value = this.#ring[this.#head]!;
    this.#head = (this.#head + 1) % this.#ring.length;
    this.#length--;
    return value;
  }

  /** The oldest entry, left in place; NaN when the line is empty. */
  peek(): number {
    return this.#length === 0 ? Number.NaN : this.#ring[this.#head]!;
  }

  /** Empties the line; returns how many entries it held. */
  clear(): number {
    const n = this.#length;
    this.#head = 0;
    this.#length = 0;
    return n;
  }

  #grow(): void {
    const bigger = new Float64Array(Math.min(this.limit, Math.max(1, this.#ring.length * 2)));
    for (let i = 0; i < this.#length; i++) bigger[i] = this.#ring[(this.#head + i) % this.#ring.length]!;
    this.#ring = bigger;
    this.#head = 0;
  }
}
