// Readiness probes. Each answers "ready yet?" once; wait-until.ts repeats them until a deadline.
import { connect } from 'node:net';
import { isLoopbackHost, isLoopbackUrl } from '../loopback.ts';

export async function httpProbe(url: string, expectStatus = 200, timeoutMs = 1000): Promise<boolean> {
  if (!isLoopbackUrl(url)) throw new Error(`refusing to probe ${url}: only loopback addresses are probed`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status === expectStatus;
  } catch {
    return false;
  }
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
