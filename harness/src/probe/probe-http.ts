// The probes' HTTP: requests on the service's base URL through the harness's client (http/), one keep-alive pool
// per probe, every request bounded by a timeout and cut by the probe's signal. Failures come back as values.
import { badInput } from '../errors/bench-error.ts';
import type { HttpFailure, HttpMethod } from '../http/http-client.ts';
import { createHttpClient } from '../http/undici/undici-http-client.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';

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
  | (HttpFailure & { ms: number });

export interface ProbeHttp {
  post(path: string, payload: unknown, cut: AbortSignal): Promise<ProbeResponse>;
  /** A request as the experiment spells it (the write ledger's own write): the body as given. */
  send(
    request: { method: 'POST' | 'PUT' | 'PATCH'; path: string; headers: Record<string, string>; body: string | null },
    cut: AbortSignal,
  ): Promise<ProbeResponse>;
  get(path: string, cut: AbortSignal): Promise<ProbeResponse>;
  close(): Promise<void>;
}

export function createProbeHttp(baseUrl: string, options: { connections: number; timeoutMs: number }): ProbeHttp {
  if (!isLoopbackUrl(baseUrl))
    throw badInput(`refusing to probe ${baseUrl}: only loopback addresses are used`, 'use the topology’s entry URL (127.0.0.0/8)');
  const { timeoutMs } = options;
  const origin = new URL(baseUrl).origin;
  const http = createHttpClient({ connections: options.connections, timeoutMs });
  const send = async (
    method: HttpMethod,
    path: string,
    body: string | null,
    cut: AbortSignal,
    headers?: Record<string, string>,
  ): Promise<ProbeResponse> => {
    const startedMs = performance.now();
    const result = await http.request({
      method,
      url: `${origin}${path}`,
      headers: headers ?? (body === null ? {} : { 'content-type': 'application/json' }),
      body,
      timeoutMs,
      signal: cut,
    });
    if (!result.ok) return { ...result, ms: performance.now() - startedMs };
    const instance = result.headers['x-instance'];
    let parsed: unknown;
    try {
      parsed = result.text === null ? undefined : JSON.parse(result.text);
    } catch {
      // The status already arrived and is what counts; a cut or garbled body only loses the details.
      parsed = undefined;
    }
    return {
      ok: true,
      status: result.status,
      body: parsed,
      ...(instance === undefined ? {} : { instance }),
      ms: performance.now() - startedMs,
    };
  };
  return {
    post: (path, payload, cut) => send('POST', path, JSON.stringify(payload), cut),
    send: (r, cut) => send(r.method, r.path, r.body, cut, r.headers),
    get: (path, cut) => send('GET', path, null, cut),
    close: () => http.close(),
  };
}
