import { describe, expect, it } from 'vitest';
import type { AppliedFault, FaultContext, FaultSpec } from '../fault/fault.ts';
import { createActiveFaults } from './active-faults.ts';
import { startPhaseFaults } from './phase-faults.ts';

const context = {} as FaultContext;

// Real timers, short periods: the schedule is checked by order and count, not by exact times.
function recorder() {
  const log: string[] = [];
  let n = 0;
  const apply = async (spec: FaultSpec): Promise<AppliedFault> => {
    const id = `${spec.kind}#${++n}`;
    log.push(`apply ${id}`);
    if (spec.kind === 'cache-flush' && n > 2) throw new Error('flush failed');
    return { description: id, revert: async () => void log.push(`revert ${id}`) };
  };
  return { log, apply };
}

describe('startPhaseFaults', () => {
  it('applies a flapping fault at each period until the phase ends, rolling back each after its duration', async () => {
    const { log, apply } = recorder();
    const faults = createActiveFaults(() => {});
    const start = performance.now();
    const clock = { nowMs: () => performance.now() - start };
    const seen: string[] = [];
    const phase = {
      name: 'flap',
      startMs: 0,
      endMs: 480,
      faults: [{ kind: 'down', edge: 'postgres', durationMs: 30, everyMs: 150 } as FaultSpec],
    };
    const started = await startPhaseFaults({
      phase,
      context,
      faults,
      clock,
      signal: new AbortController().signal,
      onApplied: (d) => seen.push(d),
      apply,
    });
    expect(started.applied).toEqual(['down#1 (every 150 ms)']);
    expect(await started.repeats).toBeUndefined();
    // Applied at 0, 150, 300 and 450 ms; each rolled back 30 ms later, well before the next.
    expect(seen).toEqual(['down#1', 'down#2', 'down#3', 'down#4']);
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toEqual([
      'apply down#1',
      'revert down#1',
      'apply down#2',
      'revert down#2',
      'apply down#3',
      'revert down#3',
      'apply down#4',
      'revert down#4',
    ]);
    expect(faults.count).toBe(0);
  });

  it('stops repeating on abort, and reports a failed repeat after stopping the others', async () => {
    const aborted = recorder();
    const ctl = new AbortController();
    const clock = { nowMs: () => 0 };
    const phase = { name: 'flap', startMs: 0, endMs: 60_000, faults: [{ kind: 'cache-flush', everyMs: 1000 } as FaultSpec] };
    const started = await startPhaseFaults({
      phase,
      context,
      faults: createActiveFaults(() => {}),
      clock,
      signal: ctl.signal,
      onApplied: () => {},
      apply: aborted.apply,
    });
    ctl.abort();
    expect(await started.repeats).toBeUndefined();
    expect(aborted.log).toEqual(['apply cache-flush#1']);

    const failing = recorder();
    const t0 = performance.now();
    const fast = { nowMs: () => performance.now() - t0 };
    const two = {
      ...phase,
      endMs: 2_000,
      faults: [
        { kind: 'cache-flush', everyMs: 100 } as FaultSpec,
        { kind: 'down', edge: 'postgres', durationMs: 10, everyMs: 100 } as FaultSpec,
      ],
    };
    const broken = await startPhaseFaults({
      phase: two,
      context,
      faults: createActiveFaults(() => {}),
      clock: fast,
      signal: new AbortController().signal,
      onApplied: () => {},
      apply: failing.apply,
    });
    expect((await broken.repeats)?.message).toBe('flush failed');
    const settledAt = fast.nowMs();
    // The down loop stopped with the failure instead of running to the phase end.
    expect(settledAt).toBeLessThan(1_000);
    expect(failing.log.filter((l) => l.startsWith('apply down')).length).toBeLessThanOrEqual(2);
  });
});
