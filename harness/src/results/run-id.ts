// Run ids: `20261123T083736Z-3f9a1c`. The UTC timestamp first, so names sort by start time in `ls` and in code;
// the random suffix keeps two runs started in the same second apart.
import { randomBytes } from 'node:crypto';

/** `now` is passed in (no hidden clock); `randomHex` only for tests that need a fixed id. */
export function createRunId(now: Date, randomHex: string = randomBytes(3).toString('hex')): string {
  if (!/^[0-9a-f]{6}$/.test(randomHex)) throw new RangeError(`randomHex must be 6 lowercase hex digits, got "${randomHex}"`);
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${stamp}-${randomHex}`;
}
