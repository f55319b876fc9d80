import { pbkdf2Sync } from 'node:crypto';

/**
 * A CPU-heavy side effect of creating a task (think: rendering and signing a notification) as pbkdf2 rounds:
 * a fixed amount of work, so a CPU-throttled container takes longer instead of doing less. 0: none.
 */
export function runSideEffect(rounds: number, payload: string): void {
  if (rounds > 0) pbkdf2Sync(payload, 'task-created', rounds, 32, 'sha256');
}
