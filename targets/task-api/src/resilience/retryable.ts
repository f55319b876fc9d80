import { DbError } from '../db.ts';

// The statement surely did not run, or was rolled back: safe to retry, even a write.
const NOT_EXECUTED_CODES = new Set([
  '57P03', // cannot_connect_now (server starting or shutting down)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57014', // query_canceled (statement_timeout): the statement was rolled back
  '55P03', // lock_not_available
  'ECONNREFUSED',
]);
// pg-pool's "timeout exceeded when trying to connect" and pg's connect timeout: no statement was sent.
const NOT_EXECUTED_MESSAGE = /timeout exceeded when trying to connect|terminated due to connection timeout/i;

// Transient, but a write may have committed before the connection dropped: retried for reads only.
const TRANSIENT_CODES = new Set(['57P01', '57P02', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const TRANSIENT_MESSAGE = /connection terminated|query read timeout|not queryable|timed out|timeout/i;

/**
 * Whether a failed DB call is worth another attempt: connection errors, timeouts, "server busy" (the
 * 503 class). Never constraint violations (SQLSTATE class 23), syntax errors or other bugs.
 * `idempotent` false (an INSERT) narrows it to failures where the statement cannot have taken effect.
 */
export function isRetryableDbError(err: unknown, idempotent: boolean): boolean {
  if (!(err instanceof DbError)) return false;
  const code = err.code;
  if (code !== undefined) {
    if (NOT_EXECUTED_CODES.has(code)) return true;
    if (code.startsWith('08')) return idempotent || code === '08001' || code === '08004'; // connection exception
    if (TRANSIENT_CODES.has(code)) return idempotent;
    // Any other SQLSTATE (23xxx constraint, 42xxx syntax, ...) is an answer, not a transient failure.
    if (/^[0-9A-Z]{5}$/.test(code)) return false;
  }
  if (NOT_EXECUTED_MESSAGE.test(err.message)) return true;
  return idempotent && TRANSIENT_MESSAGE.test(err.message);
}
