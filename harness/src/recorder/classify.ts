// Maps a failed request to one of the shared error classes, whatever driver saw it (autocannon, undici, node:http).
import type { ErrorClass } from '../results/run-result.ts';

// `dropped` is never the class of an error or a status: the recorder counts a request the driver never sent
// (recordDropped) under it.

/** An HTTP status is a failure from 400 up; anything below is a success (null). */
export function classifyStatus(status: number): ErrorClass | null {
  if (status >= 500) return 'http5xx';
  if (status >= 400) return 'http4xx';
  return null;
}

// Stable codes: Node's errno names and undici's `UND_ERR_*` (undici lib/core/errors.js).
const CLASS_BY_CODE: ReadonlyMap<string, ErrorClass> = new Map([
  ['ECONNREFUSED', 'connrefused'],
  ['ECONNRESET', 'reset'],
  ['EPIPE', 'reset'],
  ['ECONNABORTED', 'reset'],
  ['UND_ERR_SOCKET', 'reset'],
  ['ETIMEDOUT', 'timeout'],
  ['ESOCKETTIMEDOUT', 'timeout'],
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
  ['UND_ERR_BODY_TIMEOUT', 'timeout'],
  // The open driver's own: waited in its line past the timeout, never sent (open-loop-engine.ts QUEUE_TIMEOUT_CODE).
  ['BENCH_QUEUE_TIMEOUT', 'timeout'],
]);

// Errors that carry no code, recognised by their message:
// - autocannon (lib/run.js onTimeout) reports a timeout as `new Error('request timed out')`, no code;
// - undici's SocketError says 'other side closed' when the server drops the connection (code UND_ERR_SOCKET, but
//   wrappers sometimes copy only the message).
const CLASS_BY_MESSAGE: ReadonlyArray<readonly [RegExp, ErrorClass]> = [
  [/request timed out/i, 'timeout'],
  [/other side closed/i, 'reset'],
  [/socket hang up/i, 'reset'],
];

/** How deep to follow `cause` / AggregateError chains (fetch wraps its socket error in `cause`). */
const MAX_DEPTH = 4;

/**
 * Classifies a transport error. Looks at the error, then at its `cause` and, for an AggregateError (Node's
 * happy-eyeballs connect tries IPv6 and IPv4), at its inner errors: codes first, messages second. Anything
 * unrecognised is 'other'.
 */
export function classifyError(error: unknown): ErrorClass {
  const chain = flatten(error, 0);
  for (const item of chain) {
    const code = stringField(item, 'code');
    const byCode = code === undefined ? undefined : CLASS_BY_CODE.get(code);
    if (byCode) return byCode;
    // AbortSignal.timeout() rejects with a DOMException named TimeoutError (its numeric code is not an errno).
    if (stringField(item, 'name') === 'TimeoutError') return 'timeout';
  }
  for (const item of chain) {
    const message = typeof item === 'string' ? item : stringField(item, 'message');
    if (message === undefined) continue;
    for (const [pattern, errorClass] of CLASS_BY_MESSAGE) {
      if (pattern.test(message)) return errorClass;
    }
  }
  return 'other';
}

function flatten(error: unknown, depth: number): unknown[] {
  if (error === null || error === undefined || depth > MAX_DEPTH) return [];
  const items: unknown[] = [error];
  if (typeof error !== 'object') return items;
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner)) for (const e of inner) items.push(...flatten(e, depth + 1));
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error) items.push(...flatten(cause, depth + 1));
  return items;
}

function stringField(value: unknown, field: 'code' | 'name' | 'message'): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === 'string' ? found : undefined;
}
