import { TaskCancelledError, TimeoutStrategy, timeout } from 'cockatiel';
import type pg from 'pg';
import { CircuitOpenError, DbError, createPool } from '../db.ts';
import type { DbTargetStats, Metrics } from '../metrics.ts';
import { createBreaker, isBreakerRejection, type BreakerOptions } from '../resilience/breaker.ts';
import type { BackoffOptions } from '../resilience/backoff.ts';
import { callWithRetry, type RetryOptions } from '../resilience/retry.ts';
import type { RetryBudget } from '../resilience/retry-budget.ts';
import { isRetryableDbError } from '../resilience/retryable.ts';

export interface ResilienceSettings {
  // Whole-call limit including the wait for a pool connection; undefined: only the pg timeouts apply.
  callTimeoutMs: number | undefined;
  retryAttempts: number;
  backoff: BackoffOptions;
  // Shared by every target of the instance; undefined: retries are not budgeted.
  retryBudget: RetryBudget | undefined;
  // undefined: no circuit breaker.
  breaker: BreakerOptions | undefined;
}

export interface DbTargetOptions {
  name: string;
  url: string;
  isReplica: boolean;
  poolMax: number;
  idleMs?: number;
  statementTimeoutMs: number;
  applicationName: string;
  synchronousCommit?: 'on' | 'off';
}

export type DbCall = (name: string, text: string, values: unknown[], idempotent: boolean) => Promise<pg.QueryResult>;

export interface DbTarget {
  readonly name: string;
  readonly url: string;
  readonly pool: pg.Pool;
  readonly stats: DbTargetStats;
  readonly call: DbCall;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Constraint violations are answers about the request, not signs of an unhealthy database.
const countsAsFailure = (err: unknown): boolean => err instanceof DbError && !err.code?.startsWith('23');

/**
 * One database with its pool and its policies, applied outside-in as breaker -> retry -> timeout -> query
 * (the bulkhead is MAX_IN_FLIGHT, in front of the request handler). Only the layers that are switched on
 * are composed, so the default configuration adds no wrapper to the hot path.
 */
export function createDbTarget(options: DbTargetOptions, resilience: ResilienceSettings, metrics: Metrics): DbTarget {
  const pool = createPool({
    url: options.url,
    poolMax: options.poolMax,
    ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
    statementTimeoutMs: options.statementTimeoutMs,
    applicationName: options.applicationName,
    ...(options.synchronousCommit ? { synchronousCommit: options.synchronousCommit } : {}),
  });
  const stats = metrics.addDbTarget(options.name, options.isReplica);

  const send = (name: string, text: string, values: unknown[]): Promise<pg.QueryResult> => {
    metrics.dbQueries++;
    stats.queries++;
    // Named statements are prepared once per connection, saving a parse and plan per request.
    return pool.query({ name, text, values });
  };

  let bounded = send;
  const callTimeoutMs = resilience.callTimeoutMs;
  if (callTimeoutMs !== undefined) {
    // Aggressive: the caller gets its answer at the deadline; the abandoned query stays bounded by
    // query_timeout, and its late outcome is ignored (so a timed-out attempt counts as one error, not two).
    const policy = timeout(callTimeoutMs, TimeoutStrategy.Aggressive);
    const timedOut = new Error(`database call timed out after ${callTimeoutMs} ms (DB_CALL_TIMEOUT_MS)`);
    bounded = async (name, text, values) => {
      try {
        return await policy.execute(() => send(name, text, values));
      } catch (err) {
        throw err instanceof TaskCancelledError ? new DbError(timedOut, 'timeout') : err;
      }
    };
  }

  // One attempt: every failure becomes a DbError and is counted once.
  const attempt = async (name: string, text: string, values: unknown[]): Promise<pg.QueryResult> => {
    try {
      return await bounded(name, text, values);
    } catch (err) {
      const error = err instanceof DbError ? err : new DbError(err);
      // Integrity violations (SQLSTATE class 23, e.g. an unknown user) are the client's fault, not database trouble.
      if (!error.code?.startsWith('23')) metrics.dbErrors++;
      throw error;
    }
  };

  let retried: DbCall = (name, text, values) => attempt(name, text, values);
  if (resilience.retryAttempts > 0) {
    const retryOptions: RetryOptions = {
      attempts: resilience.retryAttempts,
      backoff: resilience.backoff,
      budget: resilience.retryBudget,
      isRetryable: isRetryableDbError,
      counters: metrics,
      random: Math.random,
      sleep,
    };
    retried = (name, text, values, idempotent) => callWithRetry(() => attempt(name, text, values), idempotent, retryOptions);
  }

  let guarded = retried;
  if (resilience.breaker !== undefined) {
    const breaker = createBreaker(resilience.breaker, countsAsFailure, (to) => {
      stats.breakerState = to;
      metrics.breakerTransition(to);
    });
    guarded = async (name, text, values, idempotent) => {
      try {
        return await breaker.execute(() => retried(name, text, values, idempotent));
      } catch (err) {
        if (!isBreakerRejection(err)) throw err;
        metrics.breakerRejected++;
        throw new CircuitOpenError(options.name);
      }
    };
  }

  return {
    name: options.name,
    url: options.url,
    pool,
    stats,
    call: (name, text, values, idempotent) => {
      metrics.dbCalls++;
      return guarded(name, text, values, idempotent);
    },
  };
}
