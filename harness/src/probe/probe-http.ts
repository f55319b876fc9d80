// The probes' HTTP client, the only file in probe/ that imports undici: one keep-alive pool per probe, every
// request bounded by a timeout and cut by the probe's signal. Failures come back as values with a stable code.
import { Pool } from 'undici';
import { badInput } from '../errors/bench-error.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';
import { CUT_CODE } from './fixed-rate.ts';

export type ProbeResponse =
  | {
      ok: true;
      status: number;
      /** Parsed JSON, or undefined when the body was not JSON or could not be read completely. */
      body: unknown;
      /** The service's `X-Instance` header: which replica answered. */
      instance?: string;
      ms: number;
    }
  | {
      ok: false;
      /** Node's errno name, undici's UND_ERR_* code, 'timeout', 'cut' (probe stopped) or 'other'. */
      code: string;
      /** True when the request provably never left: the connection was refused or never opened. */
      notSent: boolean;
      ms: number;
    };

export interface ProbeHttp {
  post(path: string, payload: unknown, cut: AbortSignal): Promise<ProbeResponse>;
  /** A request as the experiment spells it (the write ledger's own write): the body as given. */
  send(request: { method: 'POST' | 'PUT' | 'PATCH'; path: string; headers: Record<string, string>; body: string | null }, cut: AbortSignal): Promise<ProbeResponse>;
  get(path: string, cut: AbortSignal): Promise<ProbeResponse>;
  close(): Promise<void>;
}

// Codes of failures before a connection existed: nothing was sent.
const NOT_SENT = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);

export function createProbeHttp(baseUrl: string, options: { connections: number; timeoutMs: number }): ProbeHttp {
  if (!isLoopbackUrl(baseUrl)) throw badInput(`refusing to probe ${baseUrl}: only loopback addresses are used`, 'use the topology’s entry URL (127.0.0.0/8)');
  const { timeoutMs } = options;
  const pool = new Pool(new URL(baseUrl).origin, {
    connections: options.connections,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs },
  });
  const send = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body: string | null, cut: AbortSignal, headers?: Record<string, string>): Promise<ProbeResponse> => {
    const startedMs = performance.now();
    const elapsed = (): number => performance.now() - startedMs;
    let response;
    try {
      response = await pool.request({
        path,
        method,
        headers: headers ?? (body === null ? {} : { 'content-type': 'application/json' }),
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), cut]),
      });
    } catch (error) {
      const code = errorCode(error);
      return { ok: false, code, notSent: NOT_SENT.has(code), ms: elapsed() };
    }
    const header = response.headers['x-instance'];
    const instance = typeof header === 'string' ? header : undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await response.body.text());
    } catch {
      // The status already arrived and is what counts; a cut or garbled body only loses the details.
      parsed = undefined;
    }
    return { ok: true, status: response.statusCode, body: parsed, ...(instance === undefined ? {} : { instance }), ms: elapsed() };
  };
  return {
    post: (path, payload, cut) => send('POST', path, JSON.stringify(payload), cut),
    send: (r, cut) => send(r.method, r.path, r.body, cut, r.headers),
    get: (path, cut) => send('GET', path, null, cut),
    close: () => pool.destroy().catch(() => undefined),
  };
}

/** A stable code for a failed request (undici rejects with the abort signal's reason when one fires). */
export function errorCode(error: unknown, depth = 0): string {
  if (typeof error !== 'object' || error === null || depth > 4) return 'other';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (code === CUT_CODE) return 'cut';
  if (name === 'TimeoutError') return 'timeout';
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error ? errorCode(cause, depth + 1) : 'other';
}
