// Stable codes for failed requests, from what undici rejects with (its UND_ERR_* codes, Node's errno names, or the
// abort signal's own reason). Pure.

/** Failures before a connection existed: nothing was sent. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The code of `error`, looking through causes. `cutReason` is the caller's signal's reason once it aborted:
 * undici rejects with that very object, so it reads as 'cut' rather than as whatever the reason happens to carry.
 */
export function errorCode(error: unknown, cutReason?: unknown, depth = 0): string {
  if (cutReason !== undefined && error === cutReason) return 'cut';
  if (typeof error !== 'object' || error === null || depth > 4) return 'other';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (name === 'TimeoutError') return 'timeout';
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error ? errorCode(cause, cutReason, depth + 1) : 'other';
}

/** undici's header values (string, string[] or undefined) as one string each. */
export function flatHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
