// Before the schedule starts, the open loop opens every connection with one HEAD request each, all at once, not
// recorded (open-loop-engine.ts). This waits for them, bounded by the timeout and by an abort: a server that does
// not answer a HEAD must not hold the run back (those connections join when they answer or time out).
export async function boundedWait(done: Promise<void>, timeoutMs: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let stop: () => void = () => {};
  const bounded = new Promise<void>((resolve) => {
    stop = resolve;
    timer = setTimeout(resolve, timeoutMs);
    signal.addEventListener('abort', stop, { once: true });
  });
  await Promise.race([done, bounded]);
  clearTimeout(timer);
  signal.removeEventListener('abort', stop);
}
