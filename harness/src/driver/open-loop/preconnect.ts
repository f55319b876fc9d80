// Before the schedule starts, the open loop opens every connection of its pool (see open-loop-engine.ts).
import type { Pool } from 'undici';
import { expandPath } from '../driver.ts';

/**
 * One HEAD per connection, all at once so the pool opens them all; outcomes ignored, bounded by the timeout.
 * `reset: false`: undici closes a connection after a HEAD by default (for servers that send a body with it), so
 * without it the warm-up opened and closed connections one after another and left one open: a stall then had to
 * open the other 63 to the frozen server (measured: 64 sockets opened in turn, each closed after its HEAD).
 */
export async function preconnect(pool: Pool, pathTemplate: string, connections: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const path = expandPath(pathTemplate, 0);
  const warm = Array.from(
    { length: connections },
    () =>
      new Promise<void>((resolve) => {
        const done = (): void => resolve();
        pool.dispatch(
          { path, method: 'HEAD', reset: false, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
          { onRequestStart() {}, onResponseStart() {}, onResponseData() {}, onResponseEnd: done, onResponseError: done },
        );
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  let stop: () => void = () => {};
  const bounded = new Promise<void>((resolve) => {
    stop = resolve;
    timer = setTimeout(resolve, timeoutMs);
    signal.addEventListener('abort', stop, { once: true });
  });
  await Promise.race([Promise.all(warm), bounded]);
  clearTimeout(timer);
  signal.removeEventListener('abort', stop);
}
