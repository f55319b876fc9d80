// Readiness probes. Each answers "ready yet?" once; wait-until.ts repeats them until a deadline.
import { connect } from 'node:net';
import { createHttpClient } from '../../http/undici/undici-http-client.ts';
import { isLoopbackHost, isLoopbackUrl } from '../loopback.ts';

export interface HttpObservation {
  /** null when no response came (refused, timed out, ...). */
  status: number | null;
  ms: number;
  /** Why no response came: the system error code when there is one. */
  error: string;
}

/** One GET on a loopback URL, as seen from outside: the status and how long it took, or why it failed. */
export async function httpObserve(url: string, timeoutMs = 1000): Promise<HttpObservation> {
  if (!isLoopbackUrl(url)) throw new Error(`refusing to probe ${url}: only loopback addresses are probed`);
  const started = performance.now();
  // A client per probe: a starting container is polled a few times a second, for seconds; nothing to keep alive.
  const http = createHttpClient();
  try {
    const result = await http.request({ url, timeoutMs });
    const ms = performance.now() - started;
    if (!result.ok) return { status: null, ms, error: result.code };
    // As before: a response whose body broke off is no answer.
    return result.text === null ? { status: null, ms, error: result.bodyError ?? 'other' } : { status: result.status, ms, error: '' };
  } finally {
    await http.close();
  }
}

export async function httpProbe(url: string, expectStatus = 200, timeoutMs = 1000): Promise<boolean> {
  return (await httpObserve(url, timeoutMs)).status === expectStatus;
}

export function tcpProbe(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  if (!isLoopbackHost(host)) return Promise.reject(new Error(`refusing to probe ${host}: only loopback addresses are probed`));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
