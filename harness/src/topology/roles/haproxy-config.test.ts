import { describe, expect, it } from 'vitest';
import { renderHaproxyConfig } from './haproxy-config.ts';

describe('renderHaproxyConfig', () => {
  const base = {
    port: 4000,
    backends: [
      { name: 'service-1', port: 4001 },
      { name: 'service-2', port: 4002 },
    ],
    healthCheck: { intervalMs: 500, rise: 2, fall: 3, path: '/health' },
  };

  it('binds to loopback only and health-checks every replica', () => {
    const cfg = renderHaproxyConfig(base);
    expect(cfg).toContain('bind 127.0.0.1:4000');
    expect(cfg).toContain('option httpchk GET /health');
    expect(cfg).toContain('default-server inter 500ms rise 2 fall 3');
    expect(cfg).toContain('server service-1 127.0.0.1:4001 check');
    expect(cfg).toContain('server service-2 127.0.0.1:4002 check');
    expect(cfg).not.toContain('redispatch');
  });

  it('adds retries with redispatch only when asked', () => {
    expect(renderHaproxyConfig({ ...base, retries: 2 })).toMatch(/retries 2\n\s+option redispatch/);
  });
});
