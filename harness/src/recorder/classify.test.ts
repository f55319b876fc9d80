import { describe, expect, it } from 'vitest';
import { classifyError, classifyStatus } from './classify.ts';

const withCode = (code: string, message = 'boom'): Error => Object.assign(new Error(message), { code });

describe('classifyStatus', () => {
  it.each([
    [200, null],
    [204, null],
    [302, null],
    [399, null],
    [400, 'http4xx'],
    [404, 'http4xx'],
    [429, 'http4xx'],
    [499, 'http4xx'],
    [500, 'http5xx'],
    [503, 'http5xx'],
    [599, 'http5xx'],
  ] as const)('%i -> %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
});

describe('classifyError', () => {
  it.each([
    ['ECONNREFUSED', 'connrefused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['ETIMEDOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['BENCH_QUEUE_TIMEOUT', 'timeout'], // the open driver's: waited past the timeout for a connection
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ENOTFOUND', 'other'],
    ['UND_ERR_ABORTED', 'other'],
  ] as const)('code %s -> %s', (code, expected) => {
    expect(classifyError(withCode(code))).toBe(expected);
  });

  it("recognises autocannon's timeout, which has no code", () => {
    // autocannon lib/run.js: `const error = new Error('request timed out')`
    expect(classifyError(new Error('request timed out'))).toBe('timeout');
  });

  it("recognises undici's 'other side closed' by message", () => {
    expect(classifyError(new Error('other side closed'))).toBe('reset');
  });

  it('follows fetch-style causes and AggregateErrors', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1') });
    expect(classifyError(fetchFailed)).toBe('connrefused');
    const aggregate = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(classifyError(aggregate)).toBe('connrefused');
  });

  it('treats AbortSignal.timeout() as a timeout', () => {
    expect(classifyError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('timeout');
  });

  it('prefers a code to a misleading message', () => {
    expect(classifyError(withCode('ECONNREFUSED', 'request timed out'))).toBe('connrefused');
  });

  it('falls back to other for anything unknown', () => {
    expect(classifyError(new Error('something odd'))).toBe('other');
    expect(classifyError(undefined)).toBe('other');
    expect(classifyError('ECONNREFUSED')).toBe('other');
    expect(classifyError({ code: 42 })).toBe('other');
    expect(classifyError(withCode('constructor'))).toBe('other');
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyError(a)).toBe('other');
  });
});
