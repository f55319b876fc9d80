import { describe, expect, it } from 'vitest';
import { DbError } from '../db.ts';
import { callWithRetry, type RetryOptions } from './retry.ts';
import { RetryBudget } from './retry-budget.ts';
import { isRetryableDbError } from './retryable.ts';

const refused = (): DbError => new DbError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
const reset = (): DbError => new DbError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
const fkey = (): DbError => new DbError(Object.assign(new Error('violates foreign key constraint'), { code: '23503' }));

function options(overrides: Partial<RetryOptions> = {}) {
  const counts = { retries: 0, denied: 0 };
  const sleeps: number[] = [];
  const o: RetryOptions = {
    attempts: 3,
    backoff: { backoff: 'exponential', jitter: 'none', baseMs: 10, maxMs: 1000 },
    budget: undefined,
    isRetryable: isRetryableDbError,
    counters: { retry: () => counts.retries++, retryDenied: () => counts.denied++ },
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
  return { o, counts, sleeps };
}

function failing(errors: Array<() => Error>, value = 'ok') {
  let calls = 0;
  const op = async (): Promise<string> => {
    const make = errors[calls++];
    if (make !== undefined) throw make();
    return value;
  };
  return { op, calls: () => calls };
}

describe('callWithRetry', () => {
  it('retries retryable failures with backoff, then succeeds', async () => {
    const { o, counts, sleeps } = options();
    const f = failing([refused, refused]);
    await expect(callWithRetry(f.op, true, o)).resolves.toBe('ok');
    expect(f.calls()).toBe(3);
    expect(counts.retries).toBe(2);
    expect(sleeps).toEqual([10, 20]);
  });

  it('gives up after the configured attempts and rethrows the last error', async () => {
    const { o, counts } = options({ attempts: 2 });
    const f = failing([refused, refused, refused, refused]);
    await expect(callWithRetry(f.op, true, o)).rejects.toBeInstanceOf(DbError);
    expect(f.calls()).toBe(3);
    expect(counts.retries).toBe(2);
  });

  it('never retries constraint violations', async () => {
    const { o, counts } = options();
    const f = failing([fkey]);
    await expect(callWithRetry(f.op, false, o)).rejects.toThrow('foreign key');
    expect(f.calls()).toBe(1);
    expect(counts.retries).toBe(0);
  });

  it('retries an ambiguous failure (connection reset) for reads only', async () => {
    const read = failing([reset]);
    await expect(callWithRetry(read.op, true, options().o)).resolves.toBe('ok');
    const write = failing([reset]);
    await expect(callWithRetry(write.op, false, options().o)).rejects.toThrow('ECONNRESET');
    expect(write.calls()).toBe(1);
  });

  it('does not sleep when backoff is none', async () => {
    const { o, sleeps } = options({ backoff: { backoff: 'none', jitter: 'full', baseMs: 10, maxMs: 100 } });
    await callWithRetry(failing([refused]).op, true, o);
    expect(sleeps).toEqual([]);
  });

  it('denies retries beyond the budget and counts them', async () => {
    const budget = new RetryBudget(0.5, 1);
    const { o, counts } = options({ budget });
    // First call: deposit (capped at 1 token), one retry allowed, the second denied.
    await expect(callWithRetry(failing([refused, refused, refused]).op, true, o)).rejects.toBeInstanceOf(DbError);
    expect(counts).toEqual({ retries: 1, denied: 1 });
    // Second call: 0.5 tokens, so its retry is denied at once.
    await expect(callWithRetry(failing([refused]).op, true, o)).rejects.toBeInstanceOf(DbError);
    expect(counts).toEqual({ retries: 1, denied: 2 });
  });
});

describe('isRetryableDbError', () => {
  const db = (code: string | undefined, message = 'x'): DbError =>
    new DbError(Object.assign(new Error(message), code === undefined ? {} : { code }));
  it.each([
    [db('ECONNREFUSED'), true, true],
    [db('57P03'), true, true],
    [db('53300'), true, true],
    [db('40001'), true, true],
    [db('57014'), true, true],
    [db(undefined, 'timeout exceeded when trying to connect'), true, true],
    [db('57P01'), true, false],
    [db('08006'), true, false],
    [db('ECONNRESET'), true, false],
    [db(undefined, 'Connection terminated unexpectedly'), true, false],
    [db(undefined, 'Query read timeout'), true, false],
    [new DbError(new Error('database call timed out after 100 ms'), 'timeout'), true, false],
    [db('23503'), false, false],
    [db('23505'), false, false],
    [db('42P01'), false, false],
    [new Error('ECONNREFUSED'), false, false],
  ])('%s: read %s, write %s', (err, read, write) => {
    expect(isRetryableDbError(err, true)).toBe(read);
    expect(isRetryableDbError(err, false)).toBe(write);
  });
});
