// Per-second dependency rows as per-phase figures: the mean and the peak of each figure of each container and
// server over the seconds that ended inside the phase. Pure.
import type { DependencyRow } from './dependency-sampler.ts';

export interface MeanPeak {
  mean: number;
  peak: number;
}

/** figure -> mean and peak, per instance (container role or server role). */
export type InstanceFigures = Record<string, Record<string, MeanPeak>>;

export interface PhaseDependencies {
  containers: InstanceFigures;
  postgres: InstanceFigures;
  haproxy: InstanceFigures;
  redis: InstanceFigures;
  broker: InstanceFigures;
  service: InstanceFigures;
}

/** Rows whose second ended in (startMs, endMs], folded into mean and peak; null when no row fell in the phase. */
export function phaseDependencies(rows: readonly DependencyRow[], startMs: number, endMs: number): PhaseDependencies | null {
  const inside = rows.filter((r) => r.tMs > startMs && r.tMs <= endMs);
  if (inside.length === 0) return null;
  return {
    containers: fold(inside.map((r) => r.containers)),
    postgres: fold(inside.map((r) => r.postgres)),
    haproxy: fold(inside.map((r) => r.haproxy)),
    redis: fold(inside.map((r) => r.redis ?? {})),
    broker: fold(inside.map((r) => r.broker ?? {})),
    service: fold(inside.map((r) => r.service ?? {})),
  };
}

function fold(seconds: ReadonlyArray<Record<string, object>>): InstanceFigures {
  const values = new Map<string, Map<string, number[]>>();
  for (const second of seconds) {
    for (const [instance, figures] of Object.entries(second)) {
      const byFigure = values.get(instance) ?? new Map<string, number[]>();
      values.set(instance, byFigure);
      for (const [figure, value] of Object.entries(figures as Record<string, unknown>)) {
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        byFigure.set(figure, [...(byFigure.get(figure) ?? []), value]);
      }
    }
  }
  const out: InstanceFigures = {};
  for (const [instance, byFigure] of [...values].sort(([a], [b]) => a.localeCompare(b))) {
    out[instance] = {};
    for (const [figure, list] of byFigure) {
      out[instance][figure] = { mean: round(list.reduce((a, b) => a + b, 0) / list.length), peak: round(Math.max(...list)) };
    }
  }
  return out;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
