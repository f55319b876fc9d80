// Run ids: `20261123T083736Z-3f9a1c`. The UTC timestamp first, so names sort by start time in `ls` and in code;
// the random suffix keeps two runs started in the same second apart.
import { randomBytes } from 'node:crypto';

const RUN_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-([0-9a-f]{6})$/;

/** `now` is passed in (no hidden clock); `randomHex` only for tests that need a fixed id. */
export function createRunId(now: Date, randomHex: string = randomBytes(3).toString('hex')): string {
  if (!/^[0-9a-f]{6}$/.test(randomHex)) throw new RangeError(`randomHex must be 6 lowercase hex digits, got "${randomHex}"`);
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${stamp}-${randomHex}`;
}

export function isRunId(value: string): boolean {
  return RUN_ID_PATTERN.test(value);
}

/** When the run started (to the second), or null for a string that is not a run id. */
export function runIdTime(runId: string): Date | null {
  const m = RUN_ID_PATTERN.exec(runId);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}
