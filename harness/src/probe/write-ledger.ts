// The write ledger: beside the main load, at a fixed rate, create tasks titled `${tag}-${n}` and note what the
// client was told about each. After the run, verify-ledger.ts looks for every title in the databases: an
// acknowledged write that is missing was lost (the durability bug); a rejected one that is present was not
// really rejected; an unknown one may go either way.
import type { Clock } from '../driver/driver.ts';
import type { Issue } from '../errors/bench-error.ts';
import type { LedgerWrite } from '../experiment/types.ts';
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

/**
 * - acknowledged: a 2xx answer; the service says the task is committed.
 * - rejected: an answer proving nothing was written (4xx), or a request that never left (connection refused,
 *   connect timeout).
 * - unknown: a timeout, a reset, a 5xx, or the probe stopped waiting: it may or may not have committed.
 */
export type LedgerOutcome = 'acknowledged' | 'rejected' | 'unknown';

export interface LedgerEntry {
  /** 1-based write number; the title is `${tag}-${n}`. */
  n: number;
  title: string;
  userId: number;
  /** When the write was sent, on the harness clock (ms since load start). */
  atMs: number;
  outcome: LedgerOutcome;
  latencyMs: number;
  status?: number;
  /** Transport failure code ('ECONNREFUSED', 'timeout', 'UND_ERR_SOCKET', 'cut', ...). */
  error?: string;
  /** The created task's id, when acknowledged with a readable body. */
  taskId?: number;
}

export interface WriteLedgerOptions {
  /** The topology's entry URL (loopback only). */
  baseUrl: string;
  /** Unique per run and variant, e.g. `ledger-<runId>-<variant>`: titles are `${tag}-${n}`. */
  tag: string;
  /** Writes started per second (default 20). */
  ratePerSec?: number;
  durationMs: number;
  /** Hard bound on writes (default 100,000). */
  maxWrites?: number;
  /** Users to write for (default 1..10000). */
  userIds?: UserIdRange;
  /** Per request (default 5000). */
  timeoutMs?: number;
  /** Writes in flight at most; a write due beyond it is skipped and counted (default 32). */
  maxInFlight?: number;
  /** After the signal aborts, how long writes in flight may finish before they are cut (and noted unknown). */
  abortGraceMs?: number;
  /** The service's own write (default: the reference service's `POST /tasks`). */
  write?: LedgerWrite;
  random: () => number;
}

export interface WriteLedger {
  tag: string;
  /** Every write sent, by send time (cut ones included, as unknown). */
  entries: LedgerEntry[];
  /** When skipped writes were due (never sent, so not in `entries`). */
  skippedAtMs: number[];
  stoppedBy: StopReason;
}

export async function runWriteLedger(options: WriteLedgerOptions, clock: Clock, signal: AbortSignal): Promise<WriteLedger> {
  const o = withDefaults(options);
  const http = createProbeHttp(o.baseUrl, { connections: o.maxInFlight, timeoutMs: o.timeoutMs });
  const entries: LedgerEntry[] = [];
  try {
    const outcome = await runFixedRate(
      { ...o, maxCount: o.maxWrites, drainTimeoutMs: o.timeoutMs + 500 },
      clock,
      signal,
      async ({ n, cut }) => {
        const userId = pickUserId(o.userIds, o.random);
        const title = `${o.tag}-${n}`;
        const atMs = clock.nowMs();
        const response = o.write
          ? await http.send(fillWrite(o.write, title, userId), cut)
          : await http.post('/tasks', { userId, title }, cut);
        entries.push({ n, title, userId, atMs, latencyMs: response.ms, ...classifyWrite(response) });
      },
    );
    entries.sort((a, b) => a.atMs - b.atMs);
    return { tag: o.tag, entries, skippedAtMs: outcome.skippedAtMs, stoppedBy: outcome.stoppedBy };
  } finally {
    await http.close();
  }
}

/** The experiment's write with `{title}` and `{user}` filled in. Pure. */
export function fillWrite(
  write: LedgerWrite,
  title: string,
  userId: number,
): { method: 'POST' | 'PUT' | 'PATCH'; path: string; headers: Record<string, string>; body: string | null } {
  const fill = (text: string): string => text.replaceAll('{title}', title).replaceAll('{user}', String(userId));
  const headers = write.headers ?? (write.body !== undefined ? { 'content-type': 'application/json' } : {});
  return { method: write.method ?? 'POST', path: fill(write.path), headers, body: write.body === undefined ? null : fill(write.body) };
}

/** What one answer (or failure) says about whether the write committed. */
export function classifyWrite(response: ProbeResponse): Pick<LedgerEntry, 'outcome' | 'status' | 'error' | 'taskId'> {
  if (!response.ok) return { outcome: response.notSent ? 'rejected' : 'unknown', error: response.code };
  const { status } = response;
  if (status >= 200 && status < 300) {
    const id = typeof response.body === 'object' && response.body !== null ? (response.body as { id?: unknown }).id : undefined;
    return { outcome: 'acknowledged', status, ...(typeof id === 'number' ? { taskId: id } : {}) };
  }
  // 4xx: the service refused the request (bad input, unknown user) and wrote nothing. 5xx and anything else:
  // the write may have committed before the failure (e.g. a timeout after the INSERT).
  return { outcome: status >= 400 && status < 500 ? 'rejected' : 'unknown', status };
}

type ResolvedOptions = Required<Omit<WriteLedgerOptions, 'write'>> & Pick<WriteLedgerOptions, 'write'>;

function withDefaults(options: WriteLedgerOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    ...COMMON_DEFAULTS,
    maxWrites: 100_000,
    ...definedOnly(options),
    baseUrl: options.baseUrl,
    tag: options.tag,
    durationMs: options.durationMs,
    random: options.random,
  };
  const issues: Issue[] = [];
  checkCommonOptions(issues, o);
  checkLedgerTag(issues, o.tag);
  checkNumber(issues, 'maxWrites', o.maxWrites, { min: 1, max: 1_000_000, integer: true });
  throwIfIssues('write ledger', issues);
  return o;
}

/** Titles are at most 500 characters; leave room for `-<n>`. */
export function checkLedgerTag(issues: Issue[], tag: string): void {
  if (tag.trim().length === 0 || tag.length > 400) {
    issues.push({
      path: 'tag',
      message: `is ${JSON.stringify(tag.slice(0, 40))} (${tag.length} characters)`,
      hint: 'use 1 to 400 characters, unique per run and variant',
    });
  }
}
