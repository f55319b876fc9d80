// The faults currently applied: rolled back when their time is up, at phase end, or on any exit path.
import type { AppliedFault } from '../fault/fault.ts';

export interface ActiveFaults {
  /** Tracks an applied fault; with `revertInMs` it is rolled back by itself after that long. */
  add(fault: AppliedFault, revertInMs?: number): void;
  /** Rolls back everything still applied, newest first. Errors are collected, not thrown midway. */
  revertAll(): Promise<Error[]>;
  readonly count: number;
}

export function createActiveFaults(onReverted: (fault: AppliedFault, error?: Error) => void): ActiveFaults {
  const active: AppliedFault[] = [];
  const timers = new Map<AppliedFault, NodeJS.Timeout>();

  const revert = async (fault: AppliedFault): Promise<Error | undefined> => {
    const index = active.indexOf(fault);
    if (index < 0) return undefined;
    active.splice(index, 1);
    clearTimeout(timers.get(fault));
    timers.delete(fault);
    try {
      await fault.revert();
      onReverted(fault);
      return undefined;
    } catch (cause) {
      const error = cause instanceof Error ? cause : new Error(String(cause));
      onReverted(fault, error);
      return error;
    }
  };

  return {
    add(fault, revertInMs) {
      active.push(fault);
      if (revertInMs !== undefined)
        timers.set(
          fault,
          setTimeout(() => void revert(fault), Math.max(0, revertInMs)),
        );
    },
    async revertAll() {
      const errors: Error[] = [];
      for (const fault of [...active].reverse()) {
        const error = await revert(fault);
        if (error) errors.push(error);
      }
      return errors;
    },
    get count() {
      return active.length;
    },
  };
}
