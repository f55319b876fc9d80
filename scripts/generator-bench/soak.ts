// --soak: bench's open driver at 10k req/s for 10 minutes (BENCH_SOAK_SECONDS), its resident memory read from
// /proc/<pid>/status every 10 s from outside the generator process. The verdict compares two medians: the
// samples of the first window after the warm-up and those of the last window (warm-up and window are 60 s for a
// 10-minute run, scaled down for shorter ones: see soakWindows).
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { LoadSummary } from '../../harness/src/load/load-summary.ts';
import type { ChildArgs } from './bench-child.ts';
import { CHILD } from './bench-tool.ts';
import { spread } from './measure.ts';
import { startTracked, stopTracked } from './processes.ts';
import { num } from './table.ts';

export const SOAK_SAMPLE_S = 10;

export interface RssSample {
  atS: number;
  rssMb: number;
}

/** Warm-up: 60 s, at most a quarter of the run; each compared window: 60 s, at most half of what is left. */
export function soakWindows(seconds: number): { warmupS: number; windowS: number } {
  const warmupS = Math.min(60, Math.floor(seconds / 4));
  return { warmupS, windowS: Math.min(60, Math.floor((seconds - warmupS) / 2)) };
}

export interface SoakVerdict {
  pass: boolean;
  text: string;
}

export function judgeSoak(samples: readonly RssSample[], seconds: number): SoakVerdict {
  const { warmupS, windowS } = soakWindows(seconds);
  const first = samples.filter((s) => s.atS > warmupS && s.atS <= warmupS + windowS).map((s) => s.rssMb);
  const lastFrom = Math.max(...samples.map((s) => s.atS)) - windowS;
  const last = samples.filter((s) => s.atS > lastFrom).map((s) => s.rssMb);
  if (first.length === 0 || last.length === 0) return { pass: false, text: 'too few samples to compare' };
  const [a, b] = [spread(first).median, spread(last).median];
  const change = (b - a) / a;
  const what =
    `median RSS of the ${first.length} samples in (${warmupS} s, ${warmupS + windowS} s] = ${num(a, 1)} MB vs ` +
    `median of the last ${last.length} samples (${lastFrom} s, end] = ${num(b, 1)} MB: ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}% (limit +-10%)`;
  return { pass: Math.abs(change) <= 0.1, text: what };
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? Number.NaN : Number(kb) / 1024;
}

export async function runSoak(url: string, ratePerSec: number, seconds: number, connections: number): Promise<string> {
  const args: ChildArgs = { driver: 'open', url, connections, ratePerSec, seconds };
  const child = startTracked(process.execPath, [CHILD, JSON.stringify(args)], { stdout: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const samples: RssSample[] = [];
  const t0 = performance.now();
  let done = false;
  void exited.then(() => (done = true));
  const hardStop = setTimeout(() => void stopTracked(child, 'SIGKILL'), (seconds + 60) * 1000);
  for (let i = 1; !done && i <= Math.ceil(seconds / SOAK_SAMPLE_S) + 6; i++) {
    await Promise.race([delay(t0 + i * SOAK_SAMPLE_S * 1000 - performance.now()), exited]);
    if (done || child.pid === undefined) break;
    try {
      const atS = Math.round((performance.now() - t0) / 1000);
      samples.push({ atS, rssMb: rssMb(child.pid) });
      process.stderr.write(`  soak ${atS} s: RSS ${num(samples.at(-1)!.rssMb, 1)} MB\n`);
    } catch {
      break; // exited between the check and the read
    }
  }
  const code = await exited;
  clearTimeout(hardStop);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`the soak's generator exited with ${code}: ${stderr.trim()}`);
  const { summary } = JSON.parse(line) as { summary: LoadSummary };
  const inRun = samples.filter((s) => s.atS <= seconds);
  const verdict = judgeSoak(inRun, seconds);
  const after = spread(inRun.filter((s) => s.atS > soakWindows(seconds).warmupS).map((s) => s.rssMb));
  return [
    `soak: bench open at ${num(ratePerSec)} req/s, ${connections} connections, ${seconds} s; RSS of the generator process every ${SOAK_SAMPLE_S} s`,
    `  run: ${num(summary.requests)} requests (${num(summary.rps)} req/s), ${num(summary.dropped)} dropped, p50 ${num(summary.latencyMs.p50, 2)} ms, ` +
      `p99 ${num(summary.latencyMs.p99, 2)} ms, generator ${summary.generatorSaturated ? `SATURATED in ${summary.generator.saturatedSeconds} of ${summary.generator.seconds} s (${summary.generator.reasons.join('; ')})` : 'ok'}`,
    `  RSS MB: ${inRun.map((s) => `${s.atS}s ${num(s.rssMb, 1)}`).join(', ')}`,
    // The medians can miss a sawtooth (GC cycles longer than a window): the range after the warm-up shows it.
    `  after the warm-up: min ${num(after.min, 1)} MB, max ${num(after.max, 1)} MB`,
    `  ${verdict.pass ? 'PASS' : 'FAIL'}  resident memory flat within 10%: ${verdict.text}`,
  ].join('\n');
}
