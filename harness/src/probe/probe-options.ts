// Checks a probe's options before anything is sent: every problem at once, each with its fix (exit code 2).
import { badInput, type Issue } from '../errors/bench-error.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';

/** A user id range, both ends included. */
export interface UserIdRange {
  min: number;
  max: number;
}

/** Users 1..10000 exist once the reference service has seeded its database. */
export const DEFAULT_USER_IDS: UserIdRange = { min: 1, max: 10_000 };

/** Options both probes take. */
export interface CommonProbeOptions {
  baseUrl: string;
  ratePerSec: number;
  durationMs: number;
  userIds: UserIdRange;
  timeoutMs: number;
  maxInFlight: number;
  abortGraceMs: number;
}

export const COMMON_DEFAULTS = { ratePerSec: 20, userIds: DEFAULT_USER_IDS, timeoutMs: 5000, maxInFlight: 32, abortGraceMs: 1000 } as const;

export function checkCommonOptions(issues: Issue[], o: CommonProbeOptions): void {
  checkLoopbackUrl(issues, 'baseUrl', o.baseUrl);
  checkNumber(issues, 'ratePerSec', o.ratePerSec, { min: 0.01, max: 1000 });
  checkNumber(issues, 'durationMs', o.durationMs, { min: 1, max: 86_400_000 });
  checkUserIds(issues, 'userIds', o.userIds);
  checkNumber(issues, 'timeoutMs', o.timeoutMs, { min: 1, max: 120_000 });
  checkNumber(issues, 'maxInFlight', o.maxInFlight, { min: 1, max: 1000, integer: true });
  checkNumber(issues, 'abortGraceMs', o.abortGraceMs, { min: 0, max: 60_000 });
}

/** The network rule: probes talk to 127.0.0.0/8 (or ::1) only. */
export function checkLoopbackUrl(issues: Issue[], path: string, url: string): void {
  if (!isLoopbackUrl(url)) {
    issues.push({
      path,
      message: `${JSON.stringify(url)} is not a loopback URL`,
      hint: 'use the topology’s entry URL, e.g. http://127.0.0.1:21000',
    });
  }
}

export function checkNumber(issues: Issue[], path: string, value: number, range: { min: number; max: number; integer?: boolean }): void {
  const ok = Number.isFinite(value) && value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value));
  if (!ok) {
    issues.push({
      path,
      message: `is ${value}`,
      hint: `use ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}`,
    });
  }
}

export function checkUserIds(issues: Issue[], path: string, range: UserIdRange): void {
  checkNumber(issues, `${path}.min`, range.min, { min: 1, max: 2_147_483_647, integer: true });
  checkNumber(issues, `${path}.max`, range.max, { min: 1, max: 2_147_483_647, integer: true });
  if (range.max < range.min) issues.push({ path, message: `max ${range.max} is below min ${range.min}`, hint: 'set max >= min' });
}

export function throwIfIssues(what: string, issues: readonly Issue[]): void {
  if (issues.length > 0) throw badInput(`invalid ${what} options`, undefined, issues);
}

/** A user id in the range, uniformly, from the injected PRNG (so a seeded run picks the same users). */
export const pickUserId = (range: UserIdRange, random: () => number): number =>
  range.min + Math.min(range.max - range.min, Math.floor(random() * (range.max - range.min + 1)));

/** The options actually given: an explicit `undefined` must not override a default when spread over it. */
export const definedOnly = <T extends object>(options: T): Partial<T> =>
  Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
