import { describe, expect, it } from 'vitest';
import { checkCpuSplit } from './doctor-cpu-split.ts';

describe('checkCpuSplit', () => {
  it('shows the default split and where taskset is', () => {
    expect(checkCpuSplit([0, 1], '/usr/bin/taskset')).toEqual({
      name: 'cpu split',
      status: 'ok',
      detail: 'generator CPU 1, stack CPU 0 (default); allowed CPUs 0-1 (taskset: /usr/bin/taskset)',
    });
  });

  it('warns that the generator would run unpinned without taskset', () => {
    expect(checkCpuSplit([0, 1, 2, 3], undefined)).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('generator CPU 3, stack CPU 0-2'),
      fix: expect.stringContaining('util-linux'),
    });
  });

  it('says there is no split on one CPU', () => {
    expect(checkCpuSplit([0], '/usr/bin/taskset').detail).toContain('no split');
  });
});
