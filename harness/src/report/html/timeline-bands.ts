// Where the timeline charts shade phases and fault windows, in seconds since a variant's load started (the time base
// of phases, events and timeline.jsonl alike). Variants run the same plan, so one set of bands serves every variant.
import type { RunEvent, VariantResult } from '../../results/run-result.ts';

export interface TimelineBand {
  kind: 'phase' | 'fault';
  label: string;
  startSec: number;
  endSec: number;
  /** Position among bands of its kind, for alternating shades. */
  index: number;
  /** Variants the band applies to (faults may differ between variants). */
  variants: string[];
}

/** One band per phase name, spanning its earliest start to its latest end across variants, in start order. */
export function phaseBands(variants: readonly VariantResult[]): TimelineBand[] {
  const byName = new Map<string, TimelineBand>();
  for (const variant of variants) {
    for (const phase of variant.phases) {
      const band = byName.get(phase.name);
      const startSec = phase.startMs / 1000;
      const endSec = phase.endMs / 1000;
      if (!band) {
        byName.set(phase.name, { kind: 'phase', label: phase.name, startSec, endSec, index: 0, variants: [variant.name] });
        continue;
      }
      band.startSec = Math.min(band.startSec, startSec);
      band.endSec = Math.max(band.endSec, endSec);
      band.variants.push(variant.name);
    }
  }
  return [...byName.values()].sort((a, b) => a.startSec - b.startSec).map((band, index) => ({ ...band, index }));
}

const isApply = (kind: string): boolean => /appl(y|ied)|inject|start(ed)?$/i.test(kind) && /fault/i.test(kind);
const isRevert = (kind: string): boolean => /revert|rollback|remov|stop(ped)?$/i.test(kind) && /fault/i.test(kind);

/**
 * Fault windows from apply/revert event pairs (matched per variant, repeat and description, first in first out). A fault
 * never reverted (an aborted run) lasts until the end of the phase it was applied in, where the orchestrator rolls
 * faults back. The same fault in several variants becomes one band when the windows overlap.
 */
export function faultBands(events: readonly RunEvent[], variants: readonly VariantResult[]): TimelineBand[] {
  const windows: Array<{ label: string; variant: string; startSec: number; endSec: number }> = [];
  const open = new Map<string, RunEvent[]>();
  const sorted = [...events].sort((a, b) => a.atMs - b.atMs);
  for (const event of sorted) {
    // Per repeat too: repeats share a time base, and an abort in one must not pair its fault with another's revert.
    const key = `${event.variant}\u0000${event.repeat ?? ''}\u0000${event.detail}`;
    if (isApply(event.kind)) {
      open.set(key, [...(open.get(key) ?? []), event]);
    } else if (isRevert(event.kind)) {
      const started = open.get(key)?.shift();
      if (started)
        windows.push({ label: started.detail, variant: started.variant, startSec: started.atMs / 1000, endSec: event.atMs / 1000 });
    }
  }
  for (const pending of open.values()) {
    for (const started of pending) {
      const endMs = phaseEndMs(variants, started) ?? started.atMs;
      windows.push({
        label: started.detail,
        variant: started.variant,
        startSec: started.atMs / 1000,
        endSec: Math.max(endMs, started.atMs) / 1000,
      });
    }
  }
  return mergeWindows(windows);
}

function phaseEndMs(variants: readonly VariantResult[], event: RunEvent): number | undefined {
  const variant = variants.find((v) => v.name === event.variant);
  const phase = variant?.phases.find((p) => p.name === event.phase) ?? variant?.phases.at(-1);
  return phase?.endMs;
}

function mergeWindows(windows: ReadonlyArray<{ label: string; variant: string; startSec: number; endSec: number }>): TimelineBand[] {
  const bands: TimelineBand[] = [];
  for (const w of [...windows].sort((a, b) => a.startSec - b.startSec || a.label.localeCompare(b.label))) {
    const same = bands.find((b) => b.label === w.label && w.startSec <= b.endSec && w.endSec >= b.startSec);
    if (same) {
      same.startSec = Math.min(same.startSec, w.startSec);
      same.endSec = Math.max(same.endSec, w.endSec);
      if (!same.variants.includes(w.variant)) same.variants.push(w.variant);
    } else {
      bands.push({ kind: 'fault', label: w.label, startSec: w.startSec, endSec: w.endSec, index: bands.length, variants: [w.variant] });
    }
  }
  return bands;
}
