// The goals of issue #11 checked against the medians, each PASS / FAIL / SKIP with the figures it was decided on. Pure.
import type { ToolSummary } from './measure.ts';
import { num } from './table.ts';

export interface OpenRate {
  ratePerSec: number;
  bench?: ToolSummary;
  /** bench open recorded only over wrk2's window (after its calibration): the like-for-like p99. */
  benchWrk2Window?: ToolSummary;
  wrk2?: ToolSummary;
}

export interface GoalInput {
  open: OpenRate[];
  /** The rate the "held" goal is about (30,000 req/s). */
  heldRatePerSec: number;
  wrk?: ToolSummary;
  closed: ToolSummary[];
}

export interface Goal {
  verdict: 'PASS' | 'FAIL' | 'SKIP';
  goal: string;
  figures: string;
}

const us = (v: number): string => `${num(v, 1)} us`;
const judge = (ok: boolean): 'PASS' | 'FAIL' => (ok ? 'PASS' : 'FAIL');

export function checkGoals(input: GoalInput): Goal[] {
  const goals: Goal[] = [];
  for (const { ratePerSec, bench, wrk2 } of input.open) {
    const goal = `open CPU/request <= 1.5x wrk2's at ${num(ratePerSec)} req/s`;
    if (!bench || !wrk2 || !Number.isFinite(bench.cpuUs.median) || !Number.isFinite(wrk2.cpuUs.median)) {
      goals.push({ verdict: 'SKIP', goal, figures: 'bench or wrk2 not measured' });
      continue;
    }
    const x = bench.cpuUs.median / wrk2.cpuUs.median;
    const stretch = x <= 1 ? 'stretch (<= wrk2) met' : 'stretch (<= wrk2) not met';
    goals.push({
      verdict: judge(x <= 1.5),
      goal,
      figures: `bench ${us(bench.cpuUs.median)} vs wrk2 ${us(wrk2.cpuUs.median)} = ${x.toFixed(2)}x (limit ${us(1.5 * wrk2.cpuUs.median)}); ${stretch}`,
    });
  }
  const held = input.open.find((o) => o.ratePerSec === input.heldRatePerSec);
  const at = `at ${num(input.heldRatePerSec)} req/s`;
  if (!held?.bench || held.bench.rounds === 0) {
    for (const g of ['nothing dropped', 'generator not saturated', "p99 <= 2x wrk2's"])
      goals.push({ verdict: 'SKIP', goal: `${at}: ${g}`, figures: 'bench not measured at this rate' });
  } else {
    const b = held.bench;
    // Worst round, not median: "nothing dropped" has to hold every time. Expired requests (errors) count as lost too.
    const dropped = b.dropped?.max ?? 0;
    const errors = b.errors.max;
    goals.push({
      verdict: judge(dropped === 0 && errors === 0),
      goal: `${at}: nothing dropped (nor failed)`,
      figures: `worst of ${b.rounds} rounds: ${num(dropped)} dropped, ${num(errors)} failed; served ${num(b.reqPerSec.median)} req/s (median)`,
    });
    const g = b.generator;
    goals.push({
      verdict: g === null ? 'SKIP' : judge(g.flagged === 0),
      goal: `${at}: generator not saturated (harness generator check)`,
      figures:
        g === null
          ? 'no generator check'
          : g.flagged === 0
            ? `ok in ${b.rounds}/${b.rounds} rounds`
            : `saturated in ${g.flagged}/${b.rounds} rounds: ${g.reasons.join(' | ')}`,
    });
    const w = held.wrk2;
    const windows = [
      { what: "same window as wrk2's (after its calibration)", bench: held.benchWrk2Window },
      { what: "bench's whole 12 s run (start-up included, bench's default)", bench: b },
    ];
    for (const { what, bench } of windows) {
      const goal = `${at}: p99 <= 2x wrk2's, ${what}`;
      if (!w || !bench || !Number.isFinite(w.p99Ms.median) || !Number.isFinite(bench.p99Ms.median))
        goals.push({ verdict: 'SKIP', goal, figures: 'not measured' });
      else {
        const x = bench.p99Ms.median / w.p99Ms.median;
        goals.push({
          verdict: judge(x <= 2),
          goal,
          figures: `bench ${num(bench.p99Ms.median, 2)} ms vs wrk2 ${num(w.p99Ms.median, 2)} ms = ${x.toFixed(2)}x (medians)`,
        });
      }
    }
  }
  for (const c of input.closed) {
    const goal = `closed loop (${c.tool}) >= 0.8x wrk's req/s, same connections`;
    if (!input.wrk || !Number.isFinite(input.wrk.reqPerSec.median) || !Number.isFinite(c.reqPerSec.median))
      goals.push({ verdict: 'SKIP', goal, figures: 'wrk or the driver not measured' });
    else {
      const x = c.reqPerSec.median / input.wrk.reqPerSec.median;
      goals.push({
        verdict: judge(x >= 0.8),
        goal,
        figures: `${num(c.reqPerSec.median)} vs wrk ${num(input.wrk.reqPerSec.median)} req/s = ${x.toFixed(2)}x`,
      });
    }
  }
  return goals;
}

export function renderGoals(goals: readonly Goal[]): string {
  return ['goals (issue #11)', ...goals.map((g) => `  ${g.verdict.padEnd(4)}  ${g.goal}: ${g.figures}`)].join('\n');
}
