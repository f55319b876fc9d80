// The read-after-write probe: beside the main load, at a fixed rate, write a task then read that user's tasks
// and look for it. A replica that lags (or a cache filled from one) answers without it: a stale read. Each check
// is stamped with the harness clock so the orchestrator can split the checks by phase.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../driver/driver.ts';
import type { Issue } from '../errors/bench-error.ts';
import { sleep } from '../time/sleep.ts';
import { runFixedRate, type StopReason } from './fixed-rate.ts';
import { createProbeHttp, type ProbeResponse } from './probe-http.ts';
import {
  COMMON_DEFAULTS,
  checkCommonOptions,
  checkNumber,
  definedOnly,
  pickUserId,
  throwIfIssues,
  type UserIdRange,
} from './probe-options.ts';
import type { ReadAfterWriteCheck, ReadAfterWriteOutcome } from './read-after-write-summary.ts';

export type { ReadAfterWriteCheck, ReadAfterWriteOutcome } from './read-after-write-summary.ts';

export interface ReadAfterWriteOptions {
  /** The topology's entry URL (loopback only). */
  baseUrl: string;
  /** Checks started per second (default 20). */
  ratePerSec?: number;
  durationMs: number;
  /** Hard bound on checks (default 100,000). */
  maxChecks?: number;
  /** Users to write for (default 1..10000, the seeded ones). */
  userIds?: UserIdRange;
  /** Per request (default 5000). */
  timeoutMs?: number;
  /** Pause between the 201 and the read (default 0: read at once). */
  readDelayMs?: number;
  /** Checks in flight at most; a check due beyond it is skipped and counted (default 32). */
  maxInFlight?: number;
  /** After the signal aborts, how long checks in flight may finish (default 1000). */
  abortGraceMs?: number;
  /** Start of every title (default 'raw-probe'); a per-run token and the check number follow. */
  titlePrefix?: string;
  /** Picks the users; pass the run's seeded PRNG. */
  random: () => number;
}

export interface ReadAfterWriteRun {
  /** Completed checks, by write time. */
  checks: ReadAfterWriteCheck[];
  /** When skipped checks were due (the probe was at `maxInFlight`). */
  skippedAtMs: number[];
  /** Checks still in flight when the probe stopped and the grace ran out: not in `checks`. */
  cut: number;
  stoppedBy: StopReason;
}

const LATEST_LIMIT = 20; // the service lists a user's 20 latest tasks

export async function runReadAfterWriteProbe(
  options: ReadAfterWriteOptions,
  clock: Clock,
  signal: AbortSignal,
): Promise<ReadAfterWriteRun> {
  const o = withDefaults(options);
  const http = createProbeHttp(o.baseUrl, { connections: o.maxInFlight, timeoutMs: o.timeoutMs });
  const token = randomUUID().slice(0, 8);
  const checks: ReadAfterWriteCheck[] = [];
  let cutChecks = 0;
  try {
    const outcome = await runFixedRate(
      // A check is two requests (and the read delay): that bounds how long one may still take after the last.
      { ...o, maxCount: o.maxChecks, drainTimeoutMs: 2 * o.timeoutMs + o.readDelayMs + 500 },
      clock,
      signal,
      async ({ n, cut }) => {
        const userId = pickUserId(o.userIds, o.random);
        const atMs = clock.nowMs();
        const write = await http.post('/tasks', { userId, title: `${o.titlePrefix}-${token}-${n}` }, cut);
        if (isCut(write)) return void cutChecks++;
        const base = { n, userId, atMs, writeMs: write.ms, ...instanceOf('writeInstance', write) };
        const created = write.ok ? createdTask(write.body) : undefined;
        if (!write.ok || write.status !== 201 || created === undefined) {
          checks.push({ ...base, outcome: 'write-failed', ...failure('writeStatus', write, 'no task in the 201 response') });
          return;
        }
        await sleep(o.readDelayMs, cut);
        const read = await http.get(`/tasks/${userId}`, cut);
        if (isCut(read)) return void cutChecks++;
        const written = { ...base, writeStatus: write.status, taskId: created.id, readMs: read.ms, ...instanceOf('readInstance', read) };
        const outcome = read.ok && read.status === 200 ? judgeRead(created, read.body) : undefined;
        if (!read.ok || outcome === undefined) {
          checks.push({ ...written, outcome: 'read-failed', ...failure('readStatus', read, 'no task list in the response') });
          return;
        }
        const source = (read.body as { source?: unknown }).source;
        checks.push({ ...written, outcome, readStatus: read.status, ...(typeof source === 'string' ? { readSource: source } : {}) });
      },
    );
    checks.sort((a, b) => a.atMs - b.atMs);
    return { checks, skippedAtMs: outcome.skippedAtMs, cut: cutChecks, stoppedBy: outcome.stoppedBy };
  } finally {
    await http.close();
  }
}

export interface CreatedTask {
  id: number;
  createdAt: string;
}

/**
 * Whether a `GET /tasks/:userId` body lists the created task; undefined when the body is not a task list.
 * Tasks come newest first (created_at desc, id desc); createdAt is ISO 8601 UTC with ms, so strings compare.
 */
export function judgeRead(created: CreatedTask, body: unknown): Exclude<ReadAfterWriteOutcome, 'write-failed' | 'read-failed'> | undefined {
  const tasks = typeof body === 'object' && body !== null ? (body as { tasks?: unknown }).tasks : undefined;
  if (!Array.isArray(tasks)) return undefined;
  const listed = tasks as Array<{ id?: unknown; createdAt?: unknown }>;
  if (listed.some((t) => t.id === created.id)) return 'fresh';
  const oldest = listed.at(-1);
  if (listed.length >= LATEST_LIMIT && oldest && typeof oldest.createdAt === 'string' && typeof oldest.id === 'number') {
    const newer = oldest.createdAt > created.createdAt || (oldest.createdAt === created.createdAt && oldest.id > created.id);
    if (newer) return 'displaced';
  }
  return 'stale';
}

function createdTask(body: unknown): CreatedTask | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, createdAt } = body as { id?: unknown; createdAt?: unknown };
  return typeof id === 'number' && typeof createdAt === 'string' ? { id, createdAt } : undefined;
}

const isCut = (response: ProbeResponse): boolean => !response.ok && response.code === 'cut';

const instanceOf = <K extends string>(key: K, response: ProbeResponse): Partial<Record<K, string>> =>
  response.ok && response.instance !== undefined ? ({ [key]: response.instance } as Record<K, string>) : {};

/** The status and/or error of a failed step. */
function failure<K extends 'writeStatus' | 'readStatus'>(
  key: K,
  response: ProbeResponse,
  malformed: string,
): Partial<Record<K, number>> & { error: string } {
  if (!response.ok) return { error: response.code } as Partial<Record<K, number>> & { error: string };
  const error = response.status >= 300 ? `HTTP ${response.status}` : malformed;
  return { [key]: response.status, error } as Partial<Record<K, number>> & { error: string };
}

type ResolvedOptions = Required<ReadAfterWriteOptions>;

function withDefaults(options: ReadAfterWriteOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    ...COMMON_DEFAULTS,
    maxChecks: 100_000,
    readDelayMs: 0,
    titlePrefix: 'raw-probe',
    ...definedOnly(options),
    baseUrl: options.baseUrl,
    durationMs: options.durationMs,
    random: options.random,
  };
  const issues: Issue[] = [];
  checkCommonOptions(issues, o);
  checkNumber(issues, 'maxChecks', o.maxChecks, { min: 1, max: 1_000_000, integer: true });
  checkNumber(issues, 'readDelayMs', o.readDelayMs, { min: 0, max: 60_000 });
  if (o.titlePrefix.length === 0 || o.titlePrefix.length > 400) {
    issues.push({
      path: 'titlePrefix',
      message: `is ${o.titlePrefix.length} characters`,
      hint: 'use 1 to 400 characters (titles are at most 500)',
    });
  }
  throwIfIssues('read-after-write probe', issues);
  return o;
}
