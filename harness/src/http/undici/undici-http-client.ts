// The HttpClient on undici, the only file that imports it (the load drivers have their own clients). One Agent per
// client, so a client's connections are its own (a probe's pool) and close with it.
import { Agent } from 'undici';
import { isLoopbackUrl } from '../../runtime/loopback.ts';
import type { HttpClient, HttpResult } from '../http-client.ts';
import { NOT_SENT_CODES, errorCode, flatHeaders } from './undici-error-code.ts';

export interface HttpClientOptions {
  /** Connections per origin at most (default: undici's, unbounded). */
  connections?: number;
  /**
   * Connect, headers and body timeouts of every request, besides each request's own overall bound (default:
   * undici's). A connect timeout then fails as UND_ERR_CONNECT_TIMEOUT, i.e. provably not sent.
   */
  timeoutMs?: number;
}

// Node's timers take whole milliseconds only (AbortSignal.timeout(4999.7) throws); a deadline's remainder is not.
const wholeMs = (ms: number): number => Math.max(1, Math.ceil(ms));

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const { connections } = options;
  const timeoutMs = options.timeoutMs === undefined ? undefined : wholeMs(options.timeoutMs);
  const agent = new Agent({
    ...(connections !== undefined ? { connections } : {}),
    ...(timeoutMs !== undefined ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs } } : {}),
  });
  return {
    async request(r): Promise<HttpResult> {
      if (!isLoopbackUrl(r.url)) throw new Error(`refusing to request ${r.url}: only loopback addresses are used`);
      const url = new URL(r.url);
      const timeout = AbortSignal.timeout(wholeMs(r.timeoutMs));
      const cutReason = (): unknown => (r.signal?.aborted ? r.signal.reason : undefined);
      let response: Awaited<ReturnType<Agent['request']>>;
      try {
        response = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: r.method ?? 'GET',
          headers: { ...r.headers },
          body: r.body ?? null,
          signal: r.signal ? AbortSignal.any([timeout, r.signal]) : timeout,
        });
      } catch (error) {
        const code = errorCode(error, cutReason());
        return { ok: false, code, notSent: NOT_SENT_CODES.has(code) };
      }
      const headers = flatHeaders(response.headers);
      try {
        return { ok: true, status: response.statusCode, headers, text: await response.body.text() };
      } catch (error) {
        // The status already arrived; only the body is lost.
        return { ok: true, status: response.statusCode, headers, text: null, bodyError: errorCode(error, cutReason()) };
      }
    },
    close: () => agent.destroy().catch(() => undefined),
  };
}
