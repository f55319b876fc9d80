// An HTTP/1.1 response parser that does only what the load drivers need: the status code, where the response ends
// (Content-Length, chunked, no-body statuses, HEAD, or the close of the connection), whether the connection stays
// open, and the raw Server-Timing value. The body is skipped by counting, never copied. It is fed the bytes of
// each read as they come (any split, even one byte at a time) and allocates nothing per response except the
// Server-Timing string when there is one; a head split across reads is gathered in one buffer that it reuses.
import { HttpParseError } from './http1-errors.ts';

/** Heads longer than this are refused (Node's default header limit is 16 KB). */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface ResponseListener {
  /** A complete response. `keepAlive` false: the server will close the connection (or already has). */
  onParsedResponse(status: number, serverTiming: string | undefined, keepAlive: boolean): void;
}

// Parser states (plain numbers: const enums are not erasable syntax).
const Head = 0;
const Body = 1;
const ChunkSize = 2;
const ChunkExtension = 3;
const ChunkData = 4;
const ChunkDataEnd = 5;
const Trailers = 6;
const UntilClose = 7;
const Broken = 8;

const CR = 13;
const LF = 10;

export class ResponseParser {
  readonly #listener: ResponseListener;
  #state: number = Head;
  /** The head when it came in more than one read (else it is parsed where it lies). */
  #head: Buffer = Buffer.allocUnsafe(1024);
  #headLength = 0;
  /** How many bytes of "\r\n\r\n" (or "\n\n") the head scan has matched so far. */
  #endMatch = 0;
  #expectNoBody = false;
  #remaining = 0;
  #chunkSize = 0;
  #chunkDigits = 0;
  #trailerLineLength = 0;
  #status = 0;
  #serverTiming: string | undefined = undefined;
  #keepAlive = true;

  constructor(listener: ResponseListener) {
    this.#listener = listener;
  }

  /** Next response answers a HEAD request (no body whatever its headers say). Set before its bytes are fed. */
  expectNoBody(noBody: boolean): void {
    this.#expectNoBody = noBody;
  }

  /** True between responses: nothing of a response has been read. */
  get idle(): boolean {
    return this.#state === Head && this.#headLength === 0 && this.#endMatch === 0;
  }

  /** Starts over (a new connection). */
  reset(): void {
    this.#state = Head;
    this.#headLength = 0;
    this.#endMatch = 0;
  }

  /** Parses `buffer[start, end)`; throws HttpParseError on a malformed response (the connection is then unusable). */
  feed(buffer: Uint8Array, start: number, end: number): void {
    let at = start;
    while (at < end) {
      switch (this.#state) {
        case Head:
          at = this.#scanHead(buffer, at, end);
          break;
        case Body: {
          const take = Math.min(this.#remaining, end - at);
          at += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#complete();
          break;
        }
        case ChunkSize:
          at = this.#chunkSizeByte(buffer[at]!, at);
          break;
        case ChunkExtension:
          if (buffer[at++] === LF) this.#chunkSizeDone();
          break;
        case ChunkData: {
          const take = Math.min(this.#remaining, end - at);
          at += take;
          this.#remaining -= take;
          if (this.#remaining === 0) {
            this.#state = ChunkDataEnd;
            this.#endMatch = 0;
          }
          break;
        }
        case ChunkDataEnd: {
          const byte = buffer[at++]!;
          if (byte === LF) this.#state = ChunkSize;
          else if (byte !== CR || this.#endMatch++ > 0) this.#fail('chunk data not followed by CRLF');
          break;
        }
        case Trailers: {
          const byte = buffer[at++]!;
          if (byte === LF) {
            if (this.#trailerLineLength === 0) this.#complete();
            this.#trailerLineLength = 0;
          } else if (byte !== CR) this.#trailerLineLength++;
          break;
        }
        case UntilClose:
          at = end;
          break;
        case Broken:
          throw new HttpParseError('data after a malformed response');
      }
    }
  }

  /** The connection ended: completes a response that runs until close; true if one was completed. */
  finish(): boolean {
    if (this.#state !== UntilClose) return false;
    this.#complete();
    return true;
  }

  #scanHead(buffer: Uint8Array, start: number, end: number): number {
    let match = this.#endMatch;
    let at = start;
    // Find the blank line that ends the head: "\r\n\r\n", tolerating bare "\n" line ends as Node and undici do.
    while (at < end) {
      const byte = buffer[at++]!;
      // match 1: the last byte ended a line; 2: it was a CR right after a line end. A line end then is a blank line.
      if (byte === LF) {
        if (match !== 0) {
          match = 4;
          break;
        }
        match = 1;
      } else if (byte === CR) match = match === 1 ? 2 : 0;
      else match = 0;
    }
    if (match !== 4) {
      this.#endMatch = match;
      this.#append(buffer, start, at);
      return at;
    }
    this.#endMatch = 0;
    if (this.#headLength === 0) this.#parseHead(buffer, start, at);
    else {
      this.#append(buffer, start, at);
      this.#parseHead(this.#head, 0, this.#headLength);
      this.#headLength = 0;
    }
    return at;
  }

  #append(buffer: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length === 0) return;
    if (this.#headLength + length > MAX_HEAD_BYTES) this.#fail(`response head longer than ${MAX_HEAD_BYTES} bytes`);
    if (this.#headLength + length > this.#head.length) {
      const bigger = Buffer.allocUnsafe(Math.min(MAX_HEAD_BYTES, Math.max(this.#head.length * 2, this.#headLength + length)));
      this.#head.copy(bigger, 0, 0, this.#headLength);
      this.#head = bigger;
    }
    this.#head.set(buffer.subarray(start, end), this.#headLength);
    this.#headLength += length;
  }

  /** `buffer[start, end)` is a whole head, ending with its blank line. */
  #parseHead(buffer: Uint8Array, start: number, end: number): void {
    let at = start;
    // Tolerate stray line ends before the status line (RFC 9112 2.2), e.g. a CRLF after a body.
    while (at < end && (buffer[at] === CR || buffer[at] === LF)) at++;
    if (at === end) return; // only blank lines: wait for the real head
    // "HTTP/1.x SSS"
    if (
      end - at < 12 ||
      buffer[at] !== 0x48 ||
      buffer[at + 1] !== 0x54 ||
      buffer[at + 2] !== 0x54 ||
      buffer[at + 3] !== 0x50 ||
      buffer[at + 4] !== 0x2f ||
      buffer[at + 5] !== 0x31 ||
      buffer[at + 6] !== 0x2e ||
      buffer[at + 8] !== 0x20
    ) {
      this.#fail('response does not start with an HTTP/1.x status line');
    }
    const minor = buffer[at + 7]! - 0x30;
    const s0 = buffer[at + 9]! - 0x30;
    const s1 = buffer[at + 10]! - 0x30;
    const s2 = buffer[at + 11]! - 0x30;
    if (minor < 0 || minor > 9 || s0 < 1 || s0 > 5 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) this.#fail('malformed status line');
    const status = s0 * 100 + s1 * 10 + s2;
    let keepAlive = minor >= 1;
    let contentLength = -1;
    let chunked = false;
    let serverTiming: string | undefined;
    // Skip the rest of the status line.
    while (at < end && buffer[at] !== LF) at++;
    at++;
    while (at < end) {
      const lineStart = at;
      while (at < end && buffer[at] !== LF) at++;
      let lineEnd = at; // at the LF
      at++;
      if (lineEnd > lineStart && buffer[lineEnd - 1] === CR) lineEnd--;
      if (lineEnd === lineStart) break; // the blank line
      let colon = lineStart;
      while (colon < lineEnd && buffer[colon] !== 0x3a) colon++;
      if (colon === lineEnd || colon === lineStart) this.#fail('malformed header line');
      let valueStart = colon + 1;
      while (valueStart < lineEnd && (buffer[valueStart] === 0x20 || buffer[valueStart] === 0x09)) valueStart++;
      let valueEnd = lineEnd;
      while (valueEnd > valueStart && (buffer[valueEnd - 1] === 0x20 || buffer[valueEnd - 1] === 0x09)) valueEnd--;
      const nameLength = colon - lineStart;
      if (nameLength === 14 && nameIs(buffer, lineStart, 'content-length')) {
        const n = parseDecimal(buffer, valueStart, valueEnd);
        if (n < 0 || (contentLength >= 0 && n !== contentLength)) this.#fail('malformed Content-Length');
        contentLength = n;
      } else if (nameLength === 17 && nameIs(buffer, lineStart, 'transfer-encoding')) {
        chunked = endsWithToken(buffer, valueStart, valueEnd, 'chunked');
        if (!chunked) keepAlive = false; // some other coding: the body runs until close
      } else if (nameLength === 10 && nameIs(buffer, lineStart, 'connection')) {
        if (hasToken(buffer, valueStart, valueEnd, 'close')) keepAlive = false;
        else if (hasToken(buffer, valueStart, valueEnd, 'keep-alive')) keepAlive = true;
      } else if (nameLength === 13 && nameIs(buffer, lineStart, 'server-timing')) {
        // Repeated lines are one list (RFC 9110 5.3).
        const value = latin1(buffer, valueStart, valueEnd);
        serverTiming = serverTiming === undefined ? value : `${serverTiming}, ${value}`;
      }
    }
    // 1xx: an interim response (100 Continue, 103 Early Hints); the real one follows.
    if (status < 200 && status !== 101) return;
    this.#status = status;
    this.#serverTiming = serverTiming;
    this.#keepAlive = keepAlive;
    if (this.#expectNoBody || status === 204 || status === 304 || status === 101) this.#complete();
    else if (chunked) {
      this.#state = ChunkSize;
      this.#chunkSize = 0;
      this.#chunkDigits = 0;
    } else if (contentLength >= 0) {
      if (contentLength === 0) this.#complete();
      else {
        this.#state = Body;
        this.#remaining = contentLength;
      }
    } else {
      // Neither: the body ends when the server closes the connection.
      this.#keepAlive = false;
      this.#state = UntilClose;
    }
  }

  #chunkSizeByte(byte: number, at: number): number {
    const digit = hexValue(byte);
    if (digit >= 0) {
      if (++this.#chunkDigits > 12) this.#fail('chunk size too long');
      this.#chunkSize = this.#chunkSize * 16 + digit;
    } else if (byte === LF) {
      if (this.#chunkDigits === 0) this.#fail('missing chunk size');
      this.#chunkSizeDone();
    } else if (byte === CR || byte === 0x3b || byte === 0x20 || byte === 0x09) {
      if (this.#chunkDigits === 0) this.#fail('missing chunk size');
      this.#state = ChunkExtension;
    } else this.#fail('malformed chunk size');
    return at + 1;
  }

  #chunkSizeDone(): void {
    if (this.#chunkSize === 0) {
      this.#state = Trailers;
      this.#trailerLineLength = 0;
    } else {
      this.#state = ChunkData;
      this.#remaining = this.#chunkSize;
    }
    this.#chunkSize = 0;
    this.#chunkDigits = 0;
  }

  #complete(): void {
    const serverTiming = this.#serverTiming;
    this.#serverTiming = undefined;
    this.#state = Head;
    this.#endMatch = 0;
    this.#expectNoBody = false;
    this.#listener.onParsedResponse(this.#status, serverTiming, this.#keepAlive);
  }

  #fail(reason: string): never {
    this.#state = Broken;
    throw new HttpParseError(reason);
  }
}

/** Case-insensitive match of an ASCII lower-case name. */
function nameIs(buffer: Uint8Array, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    if ((buffer[at + i]! | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function parseDecimal(buffer: Uint8Array, start: number, end: number): number {
  if (start === end || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buffer[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Whether the comma-separated list `buffer[start, end)` holds `token` (lower case), case-insensitively. */
function hasToken(buffer: Uint8Array, start: number, end: number, token: string): boolean {
  let at = start;
  while (at < end) {
    while (at < end && (buffer[at] === 0x20 || buffer[at] === 0x09 || buffer[at] === 0x2c)) at++;
    const tokenStart = at;
    while (at < end && buffer[at] !== 0x2c) at++;
    let tokenEnd = at;
    while (tokenEnd > tokenStart && (buffer[tokenEnd - 1] === 0x20 || buffer[tokenEnd - 1] === 0x09)) tokenEnd--;
    if (tokenEnd - tokenStart === token.length && nameIs(buffer, tokenStart, token)) return true;
  }
  return false;
}

function endsWithToken(buffer: Uint8Array, start: number, end: number, token: string): boolean {
  let tokenStart = end;
  while (tokenStart > start && buffer[tokenStart - 1] !== 0x2c) tokenStart--;
  while (tokenStart < end && (buffer[tokenStart] === 0x20 || buffer[tokenStart] === 0x09)) tokenStart++;
  return end - tokenStart === token.length && nameIs(buffer, tokenStart, token);
}

function latin1(buffer: Uint8Array, start: number, end: number): string {
  return Buffer.prototype.latin1Slice.call(buffer, start, end) as string;
}
