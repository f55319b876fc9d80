import { describe, expect, it } from 'vitest';
import { buildHeadBytes, buildRequestBytes } from './request-bytes.ts';

describe('buildRequestBytes', () => {
  it('a fixed path is one constant request', () => {
    const bytes = buildRequestBytes('127.0.0.1:8080', { method: 'GET', path: '/health' });
    expect(bytes.keyed).toBe(false);
    expect(bytes.forKey(1)).toBe('GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n');
    expect(bytes.forKey(2)).toBe(bytes.forKey(1));
    expect(bytes.encoding).toBe('latin1');
  });

  it('puts the key wherever {key} is, every time it is', () => {
    const one = buildRequestBytes('h', { method: 'GET', path: '/tasks/{key}?x=1' });
    expect(one.forKey(42)).toBe('GET /tasks/42?x=1 HTTP/1.1\r\nHost: h\r\n\r\n');
    const two = buildRequestBytes('h', { method: 'GET', path: '/a/{key}/b/{key}' });
    expect(two.forKey(7)).toBe('GET /a/7/b/7 HTTP/1.1\r\nHost: h\r\n\r\n');
  });

  it('a body gets its Content-Length in bytes (UTF-8 when not ASCII); user headers win over ours', () => {
    const bytes = buildRequestBytes('h', {
      method: 'POST',
      path: '/t',
      headers: { 'content-type': 'text/plain', HOST: 'mine' },
      body: 'héllo',
    });
    expect(bytes.encoding).toBe('utf8');
    expect(bytes.forKey(0)).toBe('POST /t HTTP/1.1\r\ncontent-type: text/plain\r\nHOST: mine\r\nContent-Length: 6\r\n\r\nhéllo');
  });

  it('the preconnect HEAD', () => {
    expect(buildHeadBytes('h:1', '/x/0')).toBe('HEAD /x/0 HTTP/1.1\r\nHost: h:1\r\n\r\n');
  });
});
