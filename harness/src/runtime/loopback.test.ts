import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackUrl } from './loopback.ts';

describe('loopback guard', () => {
  it('accepts 127.0.0.0/8, ::1 and localhost only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['10.0.0.1', '172.17.0.1', '192.168.1.1', '8.8.8.8', 'example.com', '0.0.0.0'])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it('checks URLs', () => {
    expect(isLoopbackUrl('http://127.0.0.1:8080/x')).toBe(true);
    expect(isLoopbackUrl('http://192.168.0.10/')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });
});
