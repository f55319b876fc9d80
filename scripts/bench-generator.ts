// Benchmark (not a test) of issue #11: how much CPU bench's load generator spends per request, next to the peers a
// user would otherwise pick, on the same target in one run on this host:
//   - open model at each rate (default 2k, 10k, 30k req/s; 64 connections): bench's open driver (createDriver('open')
//     through runLoad, recorder and generator check included), wrk2 -t1 -c64 -R<rate> --latency, and k6
//     constant-arrival-rate with 64 pre-allocated VUs (= maxVUs);
//   - the closed-loop ceiling (50 connections): wrk -t1 -c50 and every closed-loop driver createDriver knows.
// Per tool and rate: a 3 s and a 12 s run; CPU per request is marginal, (CPU 12 s - CPU 3 s) / (requests 12 s -
// requests 3 s), so start-up is not counted. CPU: user + sys of the tool's process, every thread, from
// /usr/bin/time (wait4). Requests: nginx's own counter (stub_status), the same for every tool. Latency, drops and
// failures: the 12 s run, as each tool reports them (wrk2: after its 10 s calibration; k6: from the actual send).
// --runs N rounds (default 3), tools alternating within each; tables show medians and min-max; a goals block says
// PASS/FAIL per goal. --soak: the memory goal instead (scripts/generator-bench/soak.ts). Target: nginx, one worker,
// `return 200`, on a free loopback port; nothing leaves 127.0.0.1; every child is killed on every exit path.
// A second bench open row per rate records only what follows wrk2's calibration (its percentiles' window), so
// the p99 goal is judged both on the same window as wrk2's and on bench's whole run (what a user gets).
// Time: about (rates x 4 + closed drivers + 1) x 17 s per round: ~4.5 minutes a round, ~13 minutes with --runs 3.
// Run: npm run bench:generator [-- --runs N] [--rates 2000,10000,30000] [--soak]
// Env: BENCH_LONG_SECONDS (12), BENCH_SHORT_SECONDS (3), BENCH_SOAK_SECONDS (600), WRK2 (/tmp/peers/wrk2/wrk).
import { existsSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { closedDriverNames, runBench } from './generator-bench/bench-tool.ts';
import { checkGoals, renderGoals } from './generator-bench/goals.ts';
import { summarise, roundFigures, type ServedRun, type ToolResult, type ToolRun, type ToolSummary } from './generator-bench/measure.ts';
import { findNginx, startNginx, type Nginx } from './generator-bench/nginx.ts';
import { findPeers, runK6, runWrk, runWrk2 } from './generator-bench/peers.ts';
import { installCleanup } from './generator-bench/processes.ts';
import { runSoak } from './generator-bench/soak.ts';
import { num, renderTable } from './generator-bench/table.ts';

const OPEN_CONNECTIONS = 64;
const CLOSED_CONNECTIONS = 50;
const HELD_RATE = 30_000;
const SOAK_RATE = 10_000;
/** wrk2 resets its histogram after CALIBRATE_DELAY_MS (10 s) + 5 ms per connection (wrk2 src/wrk.c). */
const WRK2_CALIBRATION_MS = 10_000 + 5 * OPEN_CONNECTIONS;
const WRK2_WINDOW_LABEL = `bench open, after ${WRK2_CALIBRATION_MS / 1000} s`;

interface Settings {
  runs: number;
  rates: number[];
  soak: boolean;
  longS: number;
  shortS: number;
  soakS: number;
}

function settings(): Settings {
  const problems: string[] = [];
  let values: { runs?: string; rates?: string; soak?: boolean } = {};
  try {
    values = parseArgs({
      options: { runs: { type: 'string' }, rates: { type: 'string' }, soak: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    problems.push(`${(error as Error).message} (options: --runs N, --rates 2000,10000,30000, --soak)`);
  }
  const int = (what: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
    const v = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(v) || v < min || v > max) problems.push(`${what} = ${raw}: want a whole number from ${min} to ${max}`);
    return v;
  };
  const runs = int('--runs', values.runs, 3, 1, 9);
  const rates = (values.rates ?? '2000,10000,30000').split(',').map((r) => int('--rates entry', r, 0, 1, 200_000));
  const longS = int('BENCH_LONG_SECONDS', process.env.BENCH_LONG_SECONDS, 12, 2, 120);
  const shortS = int('BENCH_SHORT_SECONDS', process.env.BENCH_SHORT_SECONDS, 3, 1, 60);
  if (shortS >= longS)
    problems.push(`BENCH_SHORT_SECONDS (${shortS}) must be below BENCH_LONG_SECONDS (${longS}): the CPU is their difference`);
  const soakS = int('BENCH_SOAK_SECONDS', process.env.BENCH_SOAK_SECONDS, 600, 40, 3600);
  if (problems.length > 0) {
    process.stderr.write(`bench-generator: bad input, nothing started:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  return { runs, rates, soak: values.soak ?? false, longS, shortS, soakS };
}

const cfg = settings();
installCleanup();
const nginxPath = findNginx();
const fixes: string[] = [];
if (!nginxPath) fixes.push('nginx not found: apt-get install -y nginx-light');
if (!existsSync('/usr/bin/time')) fixes.push('/usr/bin/time not found (CPU of each tool comes from it): apt-get install -y time');
if (fixes.length > 0) {
  process.stderr.write(`bench-generator: cannot start:\n${fixes.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exit(3);
}
const nginx = await startNginx(nginxPath!);
const host = `host: ${cpus().length} CPUs, load average at the start ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')}; nginx ${nginx.url} (1 worker)`;

if (cfg.soak) {
  process.stderr.write(`${host}\nsoak: ${cfg.soakS} s at ${num(SOAK_RATE)} req/s\n`);
  try {
    process.stdout.write(`${host}\n${await runSoak(nginx.url, SOAK_RATE, cfg.soakS, OPEN_CONNECTIONS)}\n`);
  } finally {
    await nginx.stop();
  }
  process.exit(0);
}

const peers = findPeers();
for (const note of peers.missing) process.stderr.write(`note: ${note}\n`);
const closedNames = closedDriverNames();

interface Tool {
  label: string;
  run: (seconds: number) => Promise<ToolRun>;
}

function openTools(rate: number): Tool[] {
  const tools: Tool[] = [{ label: 'bench open', run: (s) => runBench('open', nginx.url, rate, s, OPEN_CONNECTIONS) }];
  // wrk2's percentiles cover only what follows its calibration: this row's cover the same window of bench's run.
  // (A long run shorter than the calibration: wrk2's cover the whole run, like the plain row's.)
  if (cfg.longS * 1000 > WRK2_CALIBRATION_MS) {
    tools.push({
      label: WRK2_WINDOW_LABEL,
      run: (s) => runBench('open', nginx.url, rate, s, OPEN_CONNECTIONS, s === cfg.longS ? WRK2_CALIBRATION_MS : undefined),
    });
  }
  if (peers.wrk2) tools.push({ label: `wrk2 -R${rate}`, run: (s) => runWrk2(peers.wrk2!, nginx.url, rate, s, OPEN_CONNECTIONS) });
  if (peers.k6) tools.push({ label: 'k6 arrival-rate', run: (s) => runK6(peers.k6!, nginx.url, rate, s, OPEN_CONNECTIONS) });
  return tools;
}

function closedTools(): Tool[] {
  const tools: Tool[] = peers.wrk ? [{ label: 'wrk -t1', run: (s) => runWrk(peers.wrk!, nginx.url, s, CLOSED_CONNECTIONS) }] : [];
  for (const name of closedNames)
    tools.push({ label: `bench ${name}`, run: (s) => runBench(name, nginx.url, null, s, CLOSED_CONNECTIONS) });
  return tools;
}

async function served(n: Nginx, tool: Tool, seconds: number): Promise<ServedRun> {
  const before = await n.served();
  const run = await tool.run(seconds);
  const after = await n.served();
  return { ...run, served: after - before, seconds };
}

/** One round of one tool: the short run, then the long one; a failure is noted and the round skipped. */
async function measure(results: Map<string, ToolResult>, key: string, tool: Tool, round: number): Promise<void> {
  const result = results.get(key) ?? { tool: tool.label, rounds: [], failures: [] };
  results.set(key, result);
  process.stderr.write(`  round ${round}: ${key} ...`);
  try {
    const short = await served(nginx, tool, cfg.shortS);
    await delay(500);
    const long = await served(nginx, tool, cfg.longS);
    const f = roundFigures(short, long);
    result.rounds.push(f);
    process.stderr.write(` ${num(f.reqPerSec)} req/s, ${num(f.marginalCpuUsPerRequest, 1)} us/req, p99 ${num(f.p99Ms, 2)} ms\n`);
  } catch (error) {
    result.failures.push(`round ${round}: ${(error as Error).message.split('\n')[0]}`);
    process.stderr.write(` failed: ${(error as Error).message}\n`);
  }
  await delay(1000);
}

const rotate = <T>(list: readonly T[], by: number): T[] => list.map((_, i) => list[(i + by) % list.length]!);
const results = new Map<string, ToolResult>();
const startedAt = performance.now();
process.stderr.write(
  `${host}\n${cfg.runs} rounds; rates ${cfg.rates.join(', ')}; closed-loop drivers: ${closedNames.join(', ') || 'none'}\n`,
);
try {
  for (let round = 1; round <= cfg.runs; round++) {
    for (const rate of cfg.rates)
      for (const tool of rotate(openTools(rate), round - 1)) await measure(results, `${rate} ${tool.label}`, tool, round);
    for (const tool of rotate(closedTools(), round - 1)) await measure(results, `closed ${tool.label}`, tool, round);
  }
} finally {
  await nginx.stop();
}

const get = (key: string): ToolSummary | undefined => {
  const r = results.get(key);
  return r ? summarise(r) : undefined;
};
const out: string[] = [
  host,
  `${cfg.runs} rounds of ${cfg.shortS} s + ${cfg.longS} s per tool and rate, tools alternating; medians (min-max)`,
  '',
];
const open = cfg.rates.map((rate) => {
  const rows = openTools(rate)
    .map((t) => get(`${rate} ${t.label}`))
    .filter((s): s is ToolSummary => s !== undefined);
  const wrk2 = rows.find((r) => r.tool.startsWith('wrk2'));
  const title = `open model at ${num(rate)} req/s, ${OPEN_CONNECTIONS} connections`;
  out.push(renderTable({ title, rows, ...(wrk2 ? { reference: wrk2 } : {}), referenceLabel: 'wrk2', closed: false }), '');
  const bench = rows.find((r) => r.tool === 'bench open');
  return {
    ratePerSec: rate,
    bench,
    benchWrk2Window: rows.find((r) => r.tool === WRK2_WINDOW_LABEL) ?? (cfg.longS * 1000 > WRK2_CALIBRATION_MS ? undefined : bench),
    wrk2,
  };
});
const closedRows = closedTools()
  .map((t) => get(`closed ${t.label}`))
  .filter((s): s is ToolSummary => s !== undefined);
const wrk = closedRows.find((r) => r.tool.startsWith('wrk'));
out.push(
  renderTable({
    title: `closed-loop ceiling, ${CLOSED_CONNECTIONS} connections`,
    rows: closedRows,
    ...(wrk ? { reference: wrk } : {}),
    referenceLabel: 'wrk',
    closed: true,
  }),
  '',
);
const goals = checkGoals({
  open: open.map((o) => ({
    ratePerSec: o.ratePerSec,
    ...(o.bench ? { bench: o.bench } : {}),
    ...(o.benchWrk2Window ? { benchWrk2Window: o.benchWrk2Window } : {}),
    ...(o.wrk2 ? { wrk2: o.wrk2 } : {}),
  })),
  heldRatePerSec: HELD_RATE,
  ...(wrk ? { wrk } : {}),
  closed: closedRows.filter((r) => r !== wrk),
});
out.push(renderGoals(goals), `  SKIP  resident memory flat within 10% over 10 min at 10k req/s: run with --soak`);
out.push(
  '',
  `took ${Math.round((performance.now() - startedAt) / 1000)} s; load average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const note of peers.missing) out.push(`missing: ${note}`);
process.stdout.write(`${out.join('\n')}\n`);
process.exit(peers.missing.length > 0 ? 3 : 0);
