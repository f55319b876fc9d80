import { describe, expect, it } from 'vitest';
import { errorCode, flatHeaders, NOT_SENT_CODES } from './undici-error-code.ts';

const withCode = (code: string): Error => Object.assign(new Error(code), { code });

describe('errorCode', () => {
  it('names a failure by its errno or undici code, looking through causes', () => {
    expect(errorCode(withCode('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(errorCode(new TypeError('fetch failed', { cause: withCode('UND_ERR_SOCKET') }))).toBe('UND_ERR_SOCKET');
    expect(errorCode(new AggregateError([withCode('ECONNREFUSED')], 'connect failed'))).toBe('other');
    expect(errorCode(Object.assign(new AggregateError([], 'x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
  });

  it('calls the timeout signal "timeout" and the caller\'s own reason "cut"', () => {
    expect(errorCode(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('timeout');
    const reason = Object.assign(new Error('probe stopped'), { code: 'PROBE_CUT' });
    expect(errorCode(reason, reason)).toBe('cut');
    expect(errorCode(new Error('wrapped', { cause: reason }), reason)).toBe('cut');
    expect(errorCode('stop', 'stop')).toBe('cut');
    // Without the reason it is just another code.
    expect(errorCode(reason)).toBe('PROBE_CUT');
  });

  it('says "other" for what it cannot read, and stops on cycles', () => {
    expect(errorCode(undefined)).toBe('other');
    expect(errorCode('boom')).toBe('other');
    const looped: { cause?: unknown } = {};
    looped.cause = { cause: looped };
    expect(errorCode(looped)).toBe('other');
  });

  it('takes only failures before any connection as not sent', () => {
    expect([...NOT_SENT_CODES].sort()).toEqual(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);
  });
});

describe('flatHeaders', () => {
  it('lower-cases names, joins repeated values and drops absent ones', () => {
    expect(flatHeaders({ 'X-Instance': 'service-2', 'set-cookie': ['a=1', 'b=2'], gone: undefined })).toEqual({
      'x-instance': 'service-2',
      'set-cookie': 'a=1, b=2',
    });
  });
});
