import { describe, expect, it } from 'vitest';
import { LABEL, containerLabels, containerName, isOrphan } from './labels.ts';

describe('labels', () => {
  it('labels every container with project, run, role, pid and host', () => {
    const labels = containerLabels('20261123T083736Z-abc123', 'redis');
    expect(labels[LABEL.project]).toBe('bench');
    expect(labels[LABEL.run]).toBe('20261123T083736Z-abc123');
    expect(labels[LABEL.role]).toBe('redis');
    expect(labels[LABEL.pid]).toBe(String(process.pid));
  });

  it('names containers readably and validly for Docker', () => {
    expect(containerName('20261123T083736Z-abc123', 'service-1')).toBe('bench-20261123t083736z-abc123-service-1');
    // Scoped (one variant of a run): two variants' containers of the same role can exist at once.
    expect(containerName('20261123T083736Z-abc123', 'postgres', 'v2')).toBe('bench-20261123t083736z-abc123-v2-postgres');
  });

  it('treats a container as orphaned only when its process on this host is gone and it is not kept', () => {
    const labels = { ...containerLabels('r', 'x'), [LABEL.host]: 'h', [LABEL.pid]: '42' };
    expect(isOrphan(labels, () => false, 'h')).toBe(true);
    expect(isOrphan(labels, () => true, 'h')).toBe(false);
    expect(isOrphan(labels, () => false, 'other-host')).toBe(false);
    expect(isOrphan({ ...labels, [LABEL.keep]: 'true' }, () => false, 'h')).toBe(false);
    expect(isOrphan({ 'some.other': 'label' }, () => false, 'h')).toBe(false);
  });
});
