// How long the open loop waits for its last requests once the schedule is done (open-loop-engine.ts).

/** Resolves after `boundMs`, or `graceMs` after an abort, whichever comes first; `cancel` frees its timers. */
export function abortAware(boundMs: number, graceMs: number, signal: AbortSignal): { done: Promise<void>; cancel: () => void } {
  let cancel: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    const bound = setTimeout(finish, boundMs);
    let grace: NodeJS.Timeout | null = null;
    function finish(): void {
      clearTimeout(bound);
      if (grace) clearTimeout(grace);
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      grace = setTimeout(finish, graceMs);
    }
    cancel = finish;
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { done, cancel };
}
