// The one abortable pause the harness uses: resolves after `ms`, or at once when the signal aborts; never rejects.
import { setTimeout as delay } from 'node:timers/promises';

export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  delay(Math.max(0, ms), undefined, { signal }).catch(() => undefined);
