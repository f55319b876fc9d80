// k6's `error_code` tag (lib/netext/httpext/error_codes.go) -> an error the recorder's classify.ts understands:
// a plain object with the Node / undici `code` of the same failure (no Error: no stack trace per failed request).

export interface K6RequestError {
  name: 'K6RequestError';
  /** A code classify.ts maps (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...), else `K6_<error_code>` (-> other). */
  code: string;
  /** k6's own message (its `error` tag), prefixed with the k6 code. */
  message: string;
  k6ErrorCode: number | null;
}

const CODE_BY_K6_CODE: ReadonlyMap<number, string> = new Map([
  [1050, 'ETIMEDOUT'], // request timeout (the per-request `timeout`)
  [1201, 'EPIPE'], // broken pipe
  [1211, 'UND_ERR_CONNECT_TIMEOUT'], // dial: i/o timeout
  [1212, 'ECONNREFUSED'], // dial: connection refused
  [1220, 'ECONNRESET'], // connection reset by peer
]);

// 1000 (generic) and 1200 (other TCP errors) carry Go's message: a server closing the connection under a request
// shows up as "EOF" or "server closed idle connection", which undici calls UND_ERR_SOCKET ("other side closed").
const CLOSED_BY_SERVER = /\bEOF\b|server closed|connection reset|broken pipe/i;

export function k6RequestError(errorCode: string | undefined, errorText: string | undefined): K6RequestError {
  const parsed = errorCode === undefined ? Number.NaN : Number(errorCode);
  const k6ErrorCode = Number.isInteger(parsed) ? parsed : null;
  const text = errorText ?? 'unknown error';
  let code = k6ErrorCode === null ? undefined : CODE_BY_K6_CODE.get(k6ErrorCode);
  if (code === undefined && (k6ErrorCode === 1000 || k6ErrorCode === 1200 || k6ErrorCode === null) && CLOSED_BY_SERVER.test(text)) {
    code = 'UND_ERR_SOCKET';
  }
  return {
    name: 'K6RequestError',
    code: code ?? `K6_${k6ErrorCode ?? 'UNKNOWN'}`,
    message: `k6 error ${k6ErrorCode ?? '?'}: ${text}`,
    k6ErrorCode,
  };
}
