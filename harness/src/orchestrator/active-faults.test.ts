import { describe, expect, it } from 'vitest';
import { createActiveFaults } from './active-faults.ts';

const fault = (log: string[], name: string, fail = false) => ({
  description: name,
  revert: async () => {
    if (fail) throw new Error(`${name} failed`);
    log.push(name);
  },
});

describe('active faults', () => {
  it('rolls back newest first and reports each rollback', async () => {
    const log: string[] = [];
    const reported: string[] = [];
    const faults = createActiveFaults((f) => reported.push(f.description));
    faults.add(fault(log, 'a'));
    faults.add(fault(log, 'b'));
    expect(await faults.revertAll()).toEqual([]);
    expect(log).toEqual(['b', 'a']);
    expect(reported).toEqual(['b', 'a']);
    expect(faults.count).toBe(0);
  });

  it('rolls back a timed fault by itself, once', async () => {
    const log: string[] = [];
    const faults = createActiveFaults(() => {});
    faults.add(fault(log, 'timed'), 20);
    await new Promise((r) => setTimeout(r, 60));
    expect(log).toEqual(['timed']);
    await faults.revertAll();
    expect(log).toEqual(['timed']);
  });

  it('keeps rolling back the others when one rollback fails', async () => {
    const log: string[] = [];
    const faults = createActiveFaults(() => {});
    faults.add(fault(log, 'a'));
    faults.add(fault(log, 'broken', true));
    const errors = await faults.revertAll();
    expect(errors.map((e) => e.message)).toEqual(['broken failed']);
    expect(log).toEqual(['a']);
  });
});
