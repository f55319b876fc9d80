// The free connections, first in first out: the one that finished longest ago goes next, so every connection
// carries traffic and none sits idle long enough for the server (or bench's idle limit) to close it before a
// stall needs it. Fixed capacity (the connection count), no allocation after construction.
import type { Http1Connection } from './http1-connection.ts';

export class ConnectionRing {
  readonly #ring: (Http1Connection | null)[];
  #head = 0;
  #length = 0;

  constructor(capacity: number) {
    this.#ring = new Array<Http1Connection | null>(Math.max(1, capacity)).fill(null);
  }

  get length(): number {
    return this.#length;
  }

  push(connection: Http1Connection): void {
    if (this.#length === this.#ring.length) throw new Error('connection ring overflow: a connection was freed twice');
    this.#ring[(this.#head + this.#length) % this.#ring.length] = connection;
    this.#length++;
  }

  /** The connection free the longest; the caller checks `length` first. */
  shift(): Http1Connection {
    const connection = this.#ring[this.#head]!;
    this.#ring[this.#head] = null;
    this.#head = (this.#head + 1) % this.#ring.length;
    this.#length--;
    return connection;
  }
}
