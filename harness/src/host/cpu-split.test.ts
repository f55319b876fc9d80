import { describe, expect, it } from 'vitest';
import { defaultGeneratorCpus, describeCpuSplit, planCpuSplit } from './cpu-split.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('defaultGeneratorCpus', () => {
  it('gives the generator ceil(n/4) CPUs from the end, none below two CPUs', () => {
    expect(defaultGeneratorCpus([0])).toEqual([]);
    expect(defaultGeneratorCpus(range(2))).toEqual([1]);
    expect(defaultGeneratorCpus(range(4))).toEqual([3]);
    expect(defaultGeneratorCpus(range(5))).toEqual([3, 4]);
    expect(defaultGeneratorCpus(range(8))).toEqual([6, 7]);
    // Only the CPUs this process may use count: a container or taskset may allow a subset.
    expect(defaultGeneratorCpus([2, 5, 6])).toEqual([6]);
  });
});

describe('planCpuSplit', () => {
  it('defaults to the split above, the stack on the rest', () => {
    expect(planCpuSplit([0, 1], undefined)).toMatchObject({ ok: true, plan: { generator: [1], stack: [0], source: 'default' } });
    expect(planCpuSplit([0], undefined)).toMatchObject({ ok: true, plan: { generator: [], stack: [], source: 'default' } });
  });

  it('takes a requested list, and false turns the split off', () => {
    expect(planCpuSplit(range(4), { generatorCpus: '2-3' }, 'experiment')).toMatchObject({
      ok: true,
      plan: { generator: [2, 3], stack: [0, 1], source: 'experiment' },
    });
    expect(planCpuSplit(range(2), false)).toMatchObject({ ok: true, plan: { generator: [], source: 'off' } });
  });

  it('names every problem with its fix: CPUs not allowed, no CPU left for the stack, bad syntax', () => {
    const notAllowed = planCpuSplit([0, 1], { generatorCpus: '1-3' });
    expect(notAllowed).toMatchObject({
      ok: false,
      problems: [
        { message: 'CPU 2-3 do not exist or are not allowed for this process (allowed: 0-1)', hint: 'pick generator CPUs from 0-1' },
      ],
    });
    const everything = planCpuSplit([0, 1], { generatorCpus: '0-1' });
    expect(everything).toMatchObject({
      ok: false,
      problems: [
        { message: expect.stringContaining('leaves no CPU for the system under test'), hint: expect.stringContaining('e.g. "1"') },
      ],
    });
    const both = planCpuSplit([0], { generatorCpus: '0,4' });
    expect(both.ok === false && both.problems.map((p) => p.message)).toEqual([
      'CPU 4 does not exist or is not allowed for this process (allowed: 0)',
      'leaves no CPU for the system under test (allowed: 0)',
    ]);
    expect(planCpuSplit([0, 1], { generatorCpus: 'one' })).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('is not a CPU list'), hint: expect.stringContaining('"none"') }],
    });
  });
});

describe('describeCpuSplit', () => {
  it('says which side got what, and when the generator could not be pinned', () => {
    expect(describeCpuSplit({ generator: '1', stack: '0', source: 'default', pinned: true })).toBe(
      'generator CPU 1, stack CPU 0 (default)',
    );
    expect(describeCpuSplit({ generator: '1', stack: '0', source: 'flag', pinned: false })).toContain('NOT pinned');
    expect(describeCpuSplit({ generator: '', stack: '', source: 'off', pinned: false })).toContain('turned off');
  });
});
