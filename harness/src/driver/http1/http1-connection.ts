// One keep-alive HTTP/1.1 connection with at most one request in flight, on node:net. The driver owns the timing
// (it decides when a request is due and when it has timed out); this class only moves bytes: it writes a prebuilt
// request, parses the answer (response-parser.ts) and tells its listener, with no per-request closure, promise,
// timer or Buffer. Reads land in one static buffer shared by every connection of the thread (`onread`), which is
// safe because each read is parsed before the next one is taken.
import { connect, type Socket } from 'node:net';
import { HttpParseError, SocketClosedError, ResponseTimeoutError } from './http1-errors.ts';
import { ResponseParser, type ResponseListener } from './response-parser.ts';

export interface ConnectionListener {
  /** The request in flight got a complete response; the connection is free again (it reopens if the server closed). */
  onConnectionResponse(connection: Http1Connection, status: number, serverTiming: string | undefined): void;
  /** The request in flight failed; the connection was dropped and reopens on the next send. */
  onConnectionError(connection: Http1Connection, error: unknown): void;
}

export interface ConnectionTarget {
  host: string;
  port: number;
}

const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class Http1Connection implements ResponseListener {
  readonly index: number;
  /** The driver's fields for the request in flight (no per-request object). */
  intendedAtMs = 0;
  sentAtMs = 0;
  deadlineMs = Number.POSITIVE_INFINITY;
  /** When the connection last finished a request (or opened), for closing long-idle ones. */
  lastActiveMs = 0;
  /** Sockets opened, the first included: how many times the connection (re)connected. */
  opens = 0;
  readonly #target: ConnectionTarget;
  readonly #listener: ConnectionListener;
  readonly #parser: ResponseParser;
  #socket: Socket | null = null;
  #busy = false;
  // A response parsed during the current read, delivered after the parser returns.
  #done = false;
  #status = 0;
  #serverTiming: string | undefined = undefined;
  #keepAlive = true;

  constructor(index: number, target: ConnectionTarget, listener: ConnectionListener) {
    this.index = index;
    this.#target = target;
    this.#listener = listener;
    this.#parser = new ResponseParser(this);
  }

  get busy(): boolean {
    return this.#busy;
  }

  get open(): boolean {
    return this.#socket !== null;
  }

  /** Opens the socket now if it is not open (preconnect); a send would open it anyway. */
  connect(): void {
    if (this.#socket === null) this.#open();
  }

  /** Sends one request (the connection must not be busy). `noBody`: a HEAD request. */
  send(request: string, encoding: 'latin1' | 'utf8', noBody: boolean): void {
    this.#busy = true;
    this.#parser.expectNoBody(noBody);
    // Writes on a socket still connecting are queued by net.Socket and go out once it connects.
    (this.#socket ?? this.#open()).write(request, encoding);
  }

  /** The request in flight ran out of time: the socket is dropped (its answer may still come) and the request fails. */
  expire(): void {
    if (!this.#busy) return;
    const headReceived = !this.#parser.idle;
    this.#drop();
    this.#fail(new ResponseTimeoutError(headReceived));
  }

  /** Closes the socket; the request in flight, if any, is forgotten without a report (teardown). */
  close(): void {
    this.#busy = false;
    this.#drop();
  }

  onParsedResponse(status: number, serverTiming: string | undefined, keepAlive: boolean): void {
    if (!this.#busy || this.#done) throw new HttpParseError('a response came without a request');
    this.#done = true;
    this.#status = status;
    this.#serverTiming = serverTiming;
    this.#keepAlive = keepAlive;
  }

  #open(): Socket {
    const socket: Socket = connect({
      host: this.#target.host,
      port: this.#target.port,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (bytes: number, buffer: Uint8Array): boolean => this.#onRead(socket, bytes, buffer) },
    });
    socket.on('error', (error: Error) => this.#onSocketGone(socket, error));
    socket.on('end', () => this.#onSocketGone(socket, null));
    socket.on('close', () => this.#onSocketGone(socket, null));
    this.#socket = socket;
    this.#parser.reset();
    this.opens++;
    return socket;
  }

  #onRead(socket: Socket, bytes: number, buffer: Uint8Array): boolean {
    if (socket !== this.#socket) return false;
    let failure: unknown = null;
    try {
      this.#parser.feed(buffer, 0, bytes);
    } catch (error) {
      failure = error;
    }
    if (this.#done) this.#deliver(failure !== null);
    else if (failure !== null) {
      this.#drop();
      if (this.#busy) this.#fail(failure);
    }
    return true;
  }

  /** The socket ended, failed or closed (each may come; only the first for the current socket counts). */
  #onSocketGone(socket: Socket, error: Error | null): void {
    if (socket !== this.#socket) return;
    // A response whose body runs until the close is complete now.
    this.#parser.finish();
    if (this.#done) return this.#deliver(true);
    this.#drop();
    if (this.#busy) this.#fail(error ?? new SocketClosedError());
  }

  #deliver(dropSocket: boolean): void {
    this.#done = false;
    this.#busy = false;
    if (dropSocket || !this.#keepAlive) this.#drop();
    const serverTiming = this.#serverTiming;
    this.#serverTiming = undefined;
    this.#listener.onConnectionResponse(this, this.#status, serverTiming);
  }

  #fail(error: unknown): void {
    this.#busy = false;
    this.#listener.onConnectionError(this, error);
  }

  #drop(): void {
    const socket = this.#socket;
    if (socket === null) return;
    this.#socket = null;
    socket.destroy();
  }
}
