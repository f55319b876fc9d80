import { describe, expect, it } from 'vitest';
import { checkBridge, checkMmdebstrap, checkNodeVersion, diskCheck } from './doctor.ts';

describe('doctor checks (pure parts)', () => {
  it('needs the Node package.json names (>= 22.19)', () => {
    expect(checkNodeVersion('24.21.0').status).toBe('ok');
    expect(checkNodeVersion('22.19.0').status).toBe('ok');
    expect(checkNodeVersion('22.18.0')).toMatchObject({ status: 'missing', detail: 'v22.18.0; bench needs >= 22.19 (type stripping)' });
    expect(checkNodeVersion('20.20.0')).toMatchObject({ status: 'missing', fix: expect.stringContaining('npm ci') });
  });

  it('warns about a docker0 bridge', () => {
    expect(checkBridge(true).status).toBe('warn');
    expect(checkBridge(false).status).toBe('ok');
  });

  it('only requires mmdebstrap when the stack image must be built and cannot be installed', () => {
    expect(checkMmdebstrap('/usr/bin/mmdebstrap', false, false).status).toBe('ok');
    expect(checkMmdebstrap(undefined, true, false).status).toBe('warn');
    expect(checkMmdebstrap(undefined, false, true).status).toBe('warn');
    expect(checkMmdebstrap(undefined, false, false).status).toBe('missing');
  });

  it('grades free disk space', () => {
    const gib = 1024 ** 3;
    expect(diskCheck('/var/lib/docker', 80 * gib)).toMatchObject({ status: 'ok', detail: '80.0 GiB free under /var/lib/docker' });
    expect(diskCheck('/var/lib/docker', 3 * gib).status).toBe('warn');
    expect(diskCheck('/var/lib/docker', 0.5 * gib).status).toBe('missing');
  });
});
