import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { chooseCpuSplit, cpuSplitFieldIssues, cpuSplitFlagIssues, flagRequest } from './cpu-split-choice.ts';

describe('flags', () => {
  it('reads --generator-cpus, "none" and --no-cpu-split; nothing given is null', () => {
    expect(flagRequest({})).toBeNull();
    expect(flagRequest({ cpuSplit: true })).toBeNull();
    expect(flagRequest({ generatorCpus: '1' })).toEqual({ generatorCpus: '1' });
    expect(flagRequest({ generatorCpus: 'none' })).toBe(false);
    expect(flagRequest({ cpuSplit: false })).toBe(false);
  });

  it('names the flag and the fix', () => {
    expect(cpuSplitFlagIssues({ generatorCpus: '7' }, [0, 1])).toEqual([
      {
        path: '--generator-cpus',
        message: 'CPU 7 does not exist or is not allowed for this process (allowed: 0-1)',
        hint: 'pick generator CPUs from 0-1',
      },
    ]);
    expect(cpuSplitFlagIssues({ generatorCpus: '1', cpuSplit: false }, [0, 1])[0]).toMatchObject({
      message: expect.stringContaining('contradict'),
    });
    expect(cpuSplitFlagIssues({ generatorCpus: 'none', cpuSplit: false }, [0, 1])).toEqual([]);
  });
});

describe('experiment field', () => {
  it('accepts false, an object with a list, and nothing', () => {
    expect(cpuSplitFieldIssues(undefined, [0, 1])).toEqual([]);
    expect(cpuSplitFieldIssues(false, [0, 1])).toEqual([]);
    expect(cpuSplitFieldIssues({ generatorCpus: '1' }, [0, 1])).toEqual([]);
  });

  it('names the file, the field and the fix for every problem', () => {
    expect(cpuSplitFieldIssues(true, [0, 1], 'x.ts')).toEqual([
      {
        file: 'x.ts',
        path: 'cpuSplit',
        message: 'must be an object or false, got true',
        hint: expect.stringContaining("generatorCpus: '1'"),
      },
    ]);
    expect(cpuSplitFieldIssues({ generatorCpu: '1' }, [0, 1]).map((i) => i.path)).toEqual([
      'cpuSplit.generatorCpu',
      'cpuSplit.generatorCpus',
    ]);
    expect(cpuSplitFieldIssues({ generatorCpus: '0-1' }, [0, 1])).toMatchObject([
      { path: 'cpuSplit.generatorCpus', message: expect.stringContaining('leaves no CPU') },
    ]);
  });
});

describe('chooseCpuSplit', () => {
  it('a flag wins over the experiment, the experiment over the default', () => {
    expect(chooseCpuSplit([0, 1, 2, 3], { generatorCpus: '0' }, { generatorCpus: '3' })).toMatchObject({ generator: [0], source: 'flag' });
    expect(chooseCpuSplit([0, 1, 2, 3], {}, { generatorCpus: '2-3' })).toMatchObject({
      generator: [2, 3],
      stack: [0, 1],
      source: 'experiment',
    });
    expect(chooseCpuSplit([0, 1, 2, 3], {}, false)).toMatchObject({ generator: [], source: 'off' });
    expect(chooseCpuSplit([0, 1, 2, 3], { cpuSplit: false }, { generatorCpus: '3' })).toMatchObject({ source: 'off' });
    expect(chooseCpuSplit([0, 1, 2, 3], {})).toMatchObject({ generator: [3], stack: [0, 1, 2], source: 'default' });
  });

  it('bad flags exit 2 before anything starts', () => {
    let error: unknown;
    try {
      chooseCpuSplit([0, 1], { generatorCpus: '2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).exitCode).toBe(2);
    expect((error as BenchError).issues[0]).toMatchObject({ path: '--generator-cpus' });
  });
});
