// After the run (faults rolled back), looks for every ledger title in the databases and compares. The reads go
// through a TitlesQuery (PostgreSQL: probe/postgres/). A database may still be recovering (restarted, replaying
// WAL), so each query is retried within one overall deadline.
import { badInput, infraError, type Issue } from '../errors/bench-error.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';
import { sleep } from '../time/sleep.ts';
import { compareLedger, ledgerLikePattern, type LedgerVerdict } from './ledger-verdict.ts';
import { queryTitlesWithPg } from './postgres/ledger-titles-query.ts';
import { checkNumber, throwIfIssues } from './probe-options.ts';
import { checkLedgerTag, type LedgerEntry } from './write-ledger.ts';

/** One read of one database: the first column of `query`'s rows, given `$1` = `pattern`. Rejects on any failure. */
export type TitlesQuery = (read: {
  url: string;
  query: string;
  pattern: string;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}) => Promise<string[]>;

export interface ReadLedgerTitlesOptions {
  /**
   * Databases holding disjoint data, directly (not through Toxiproxy): the primary, or every shard. Not the
   * replicas: they hold copies, and every row would count as a duplicate.
   */
  databaseUrls: readonly string[];
  tag: string;
  /** The service's own query: one text column of titles, given `$1`, the LIKE pattern (default: the reference's tasks). */
  query?: string;
  /** Overall deadline for all databases, retries included (default 30,000). */
  timeoutMs?: number;
  /** Per connection attempt (default 3000). */
  connectTimeoutMs?: number;
  /** Pause between attempts (default 500). */
  retryDelayMs?: number;
  signal?: AbortSignal;
  /** How a database is read (default: PostgreSQL through pg). */
  queryTitles?: TitlesQuery;
}

export type VerifyLedgerOptions = ReadLedgerTitlesOptions;

const MAX_ATTEMPTS = 200;

/** Looks the ledger's titles up and compares: what was acknowledged, lost, rejected, unknown. */
export async function verifyLedger(
  entries: readonly Pick<LedgerEntry, 'title' | 'outcome'>[],
  options: VerifyLedgerOptions,
): Promise<LedgerVerdict> {
  const foreign = entries.find((e) => !e.title.startsWith(`${options.tag}-`));
  if (foreign)
    throw badInput(
      `ledger entry ${JSON.stringify(foreign.title)} does not carry the tag ${JSON.stringify(options.tag)}`,
      'verify with the tag the ledger was written with',
    );
  return compareLedger(entries, await readLedgerTitles(options));
}

/** Every row's title under `${tag}-` in every database (one per row: duplicates show), retried until the deadline. */
export async function readLedgerTitles(options: ReadLedgerTitlesOptions): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const issues: Issue[] = [];
  if (options.databaseUrls.length === 0)
    issues.push({ path: 'databaseUrls', message: 'is empty', hint: 'pass the primary’s URL, or every shard’s' });
  options.databaseUrls.forEach((url, i) => {
    if (!isLoopbackUrl(url))
      issues.push({
        path: `databaseUrls[${i}]`,
        message: `${JSON.stringify(url)} is not a loopback URL`,
        hint: 'use the topology’s endpoints (127.0.0.1)',
      });
  });
  checkLedgerTag(issues, options.tag);
  checkNumber(issues, 'timeoutMs', timeoutMs, { min: 1, max: 600_000 });
  checkNumber(issues, 'connectTimeoutMs', connectTimeoutMs, { min: 1, max: 60_000 });
  checkNumber(issues, 'retryDelayMs', retryDelayMs, { min: 0, max: 60_000 });
  throwIfIssues('ledger verification', issues);

  const deadline = performance.now() + timeoutMs;
  const signal = options.signal ?? new AbortController().signal;
  const titles: string[] = [];
  for (const url of options.databaseUrls) {
    const read = {
      deadline,
      connectTimeoutMs,
      retryDelayMs,
      signal,
      query: options.query ?? REFERENCE_QUERY,
      queryTitles: options.queryTitles ?? queryTitlesWithPg,
    };
    titles.push(...(await titlesWithRetry(url, ledgerLikePattern(options.tag), read)));
  }
  return titles;
}

async function titlesWithRetry(
  url: string,
  pattern: string,
  o: { deadline: number; connectTimeoutMs: number; retryDelayMs: number; signal: AbortSignal; query: string; queryTitles: TitlesQuery },
): Promise<string[]> {
  let lastError: unknown;
  // Bounded in time (the deadline) and in count (MAX_ATTEMPTS).
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && !o.signal.aborted; attempt++) {
    const remainingMs = o.deadline - performance.now();
    if (remainingMs <= 0) break;
    try {
      return await o.queryTitles({
        url,
        query: o.query,
        pattern,
        connectTimeoutMs: Math.max(1, Math.min(o.connectTimeoutMs, remainingMs)),
        queryTimeoutMs: Math.max(1, remainingMs),
      });
    } catch (error) {
      lastError = error;
    }
    await sleep(Math.min(o.retryDelayMs, o.deadline - performance.now()), o.signal);
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError ?? 'aborted');
  throw infraError(
    `could not read the ledger's titles from ${redact(url)}: ${reason}`,
    'check that the database is up again after the faults (docker ps, its logs)',
    lastError,
  );
}

// The ledger's tag is letters, digits and dashes, so `<tag>-%` needs no escaping in a query that omits ESCAPE.
const REFERENCE_QUERY = "select title from tasks where title like $1 escape '!'";

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
