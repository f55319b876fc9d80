// The errors bench's HTTP/1.1 client reports. Codes are undici's where undici has one for the same event, so
// recorder/classify.ts (and anyone reading run.json) sees the same codes whichever client sent the request.

/** The response broke HTTP/1.1 framing; the connection is dropped. classify.ts: `other`. */
export const HTTP_PARSE_CODE = 'BENCH_HTTP_PARSE';

export class HttpParseError extends Error {
  readonly code = HTTP_PARSE_CODE;
  constructor(reason: string) {
    super(`malformed HTTP response: ${reason}`);
    this.name = 'HttpParseError';
  }
}

/** No complete response within the timeout (undici: headers or body timeout). classify.ts: `timeout`. */
export class ResponseTimeoutError extends Error {
  readonly code: 'UND_ERR_HEADERS_TIMEOUT' | 'UND_ERR_BODY_TIMEOUT';
  constructor(headReceived: boolean) {
    super(headReceived ? 'body not complete within the timeout' : 'no response within the timeout');
    this.name = headReceived ? 'BodyTimeoutError' : 'HeadersTimeoutError';
    this.code = headReceived ? 'UND_ERR_BODY_TIMEOUT' : 'UND_ERR_HEADERS_TIMEOUT';
  }
}

/** The server closed the connection before the response was complete (undici's SocketError). classify.ts: `reset`. */
export class SocketClosedError extends Error {
  readonly code = 'UND_ERR_SOCKET';
  constructor() {
    super('other side closed');
    this.name = 'SocketError';
  }
}
