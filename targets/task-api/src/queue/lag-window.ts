import type { LagSummary } from '../metrics.ts';

/** Collects end-to-end lag samples and summarises one interval at a time (p50 and max, nearest rank). */
export class LagWindow {
  #samples: number[] = [];

  add(lagMs: number): void {
    this.#samples.push(lagMs);
  }

  /** Summary of the samples since the previous call, then starts a new interval. */
  roll(): LagSummary {
    const samples = this.#samples;
    this.#samples = [];
    if (samples.length === 0) return { p50: null, max: null, count: 0 };
    samples.sort((a, b) => a - b);
    const p50 = samples[Math.ceil(samples.length * 0.5) - 1]!;
    return { p50, max: samples[samples.length - 1]!, count: samples.length };
  }
}
