import { describe, expect, it } from 'vitest';
import type { PhaseResult, RunEvent, VariantResult } from '../../results/run-result.ts';
import { faultBands, phaseBands } from './timeline-bands.ts';

const phase = (name: string, startMs: number, endMs: number): PhaseResult => ({ name, startMs, endMs }) as PhaseResult;
const variant = (name: string, phases: PhaseResult[]): VariantResult => ({ name, phases });
const event = (variant: string, phase: string, atMs: number, kind: string, detail: string): RunEvent => ({
  atMs,
  wallTime: '',
  variant,
  phase,
  kind,
  detail,
});

const variants = [
  variant('a', [phase('warm', 0, 10_000), phase('flush', 10_000, 25_000), phase('after', 25_000, 40_000)]),
  // The second variant ended a little later (phases end when the orchestrator gets to them).
  variant('b', [phase('warm', 0, 10_000), phase('flush', 10_000, 25_004), phase('after', 25_004, 40_012)]),
];

describe('timeline bands', () => {
  it('draws one band per phase in seconds, spanning every variant, alternating by index', () => {
    expect(phaseBands(variants)).toEqual([
      { kind: 'phase', label: 'warm', startSec: 0, endSec: 10, index: 0, variants: ['a', 'b'] },
      { kind: 'phase', label: 'flush', startSec: 10, endSec: 25.004, index: 1, variants: ['a', 'b'] },
      { kind: 'phase', label: 'after', startSec: 25, endSec: 40.012, index: 2, variants: ['a', 'b'] },
    ]);
    expect(phaseBands([])).toEqual([]);
  });

  it('pairs fault applied/reverted events and merges the same window across variants', () => {
    const events = [
      event('a', 'warm', 0, 'load-start', 'autocannon'),
      event('a', 'flush', 10_003, 'fault-applied', 'cache flush'),
      event('a', 'flush', 25_001, 'fault-reverted', 'cache flush'),
      event('b', 'flush', 10_010, 'fault-applied', 'cache flush'),
      event('b', 'flush', 25_006, 'fault-reverted', 'cache flush'),
    ];
    expect(faultBands(events, variants)).toEqual([
      { kind: 'fault', label: 'cache flush', startSec: 10.003, endSec: 25.006, index: 0, variants: ['a', 'b'] },
    ]);
  });

  it('ends a fault that was never reverted at the end of its phase, and keeps different faults apart', () => {
    const events = [
      event('a', 'flush', 12_000, 'fault.apply', 'pause redis'),
      event('a', 'flush', 12_000, 'fault-applied', 'latency 100ms'),
      event('a', 'flush', 20_000, 'fault-reverted', 'latency 100ms'),
      event('a', 'after', 30_000, 'fault-applied', 'latency 100ms'),
    ];
    expect(faultBands(events, variants)).toEqual([
      { kind: 'fault', label: 'latency 100ms', startSec: 12, endSec: 20, index: 0, variants: ['a'] },
      { kind: 'fault', label: 'pause redis', startSec: 12, endSec: 25, index: 1, variants: ['a'] },
      { kind: 'fault', label: 'latency 100ms', startSec: 30, endSec: 40, index: 2, variants: ['a'] },
    ]);
  });

  it("pairs events within a repeat: one repeat's unreverted fault does not take another repeat's revert", () => {
    const inRepeat = (repeat: number, phase: string, atMs: number, kind: string): RunEvent => ({
      ...event('a', phase, atMs, kind, 'cache flush'),
      repeat,
    });
    const events = [
      inRepeat(1, 'flush', 10_000, 'fault-applied'),
      inRepeat(2, 'after', 30_000, 'fault-applied'),
      inRepeat(2, 'after', 32_000, 'fault-reverted'),
    ];
    // Repeat 1 was aborted: its fault lasts to its phase's end. Pairing across repeats would have drawn 10-40 s.
    expect(faultBands(events, variants)).toEqual([
      { kind: 'fault', label: 'cache flush', startSec: 10, endSec: 25, index: 0, variants: ['a'] },
      { kind: 'fault', label: 'cache flush', startSec: 30, endSec: 32, index: 1, variants: ['a'] },
    ]);
  });

  it('ignores events that are not faults', () => {
    expect(faultBands([event('a', 'warm', 0, 'load-start', 'x'), event('a', 'after', 40_000, 'load-stop', 'completed')], variants)).toEqual(
      [],
    );
  });
});
