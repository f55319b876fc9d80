// Ctrl-C and SIGTERM abort the run; the orchestrator then rolls back faults, writes what it measured and tears down.
import type { Logger } from '../log/logger.ts';

export function abortOnSignals(controller: AbortController, logger: Logger): () => void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      logger.warn(`${signal} received: stopping load, rolling back faults, writing results and removing containers`);
      controller.abort(new Error(`interrupted by ${signal}`));
    } else {
      logger.warn('still tearing down; containers would be left behind if this process were killed now');
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
