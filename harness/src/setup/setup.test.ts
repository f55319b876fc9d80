import { describe, expect, it } from 'vitest';
import { needsListUpdate } from '../host/apt.ts';
import { goVersionIsSupported } from '../runtime/docker/images/toxiproxy-image.ts';
import { parseExtras } from './setup.ts';

describe('parseExtras', () => {
  it('accepts known tools, comma-separated or repeated', () => {
    expect(parseExtras(['k6'])).toEqual(['k6']);
    expect(parseExtras(['k6,'])).toEqual(['k6']);
    expect(parseExtras([])).toEqual([]);
  });
  it('rejects unknown tools as bad input', () => {
    expect(() => parseExtras(['wrk'])).toThrow(/unknown tool/);
  });
});

describe('goVersionIsSupported', () => {
  it('needs Go >= 1.22', () => {
    expect(goVersionIsSupported('go1.26.8')).toBe(true);
    expect(goVersionIsSupported('go1.22')).toBe(true);
    expect(goVersionIsSupported('go1.21.13')).toBe(false);
    expect(goVersionIsSupported('devel')).toBe(false);
  });
});

describe('needsListUpdate', () => {
  it('recognises apt-get failures that apt-get update fixes', () => {
    expect(needsListUpdate('E: Unable to locate package mmdebstrap')).toBe(true);
    expect(needsListUpdate('E: Package docker.io has no installation candidate')).toBe(true);
    expect(needsListUpdate('E: Failed to fetch http://deb.debian.org/... 404  Not Found')).toBe(true);
    expect(needsListUpdate('E: Could not get lock /var/lib/dpkg/lock-frontend')).toBe(false);
  });
});
