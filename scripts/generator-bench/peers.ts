// The peers, each run as a child under /usr/bin/time (their own CPU, every thread): wrk (closed loop), wrk2 -R (open
// model, the reference) and k6 constant-arrival-rate (a script of our own: no JSON sample output to pay for, which
// the project's k6 driver needs to record every request). Parsers are pure and exported for the unit test.
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, systemDirs } from '../../harness/src/host/which.ts';
import { findK6 } from '../../harness/src/setup/k6.ts';
import { removeTempDir, runTimed, tempDir } from './processes.ts';
import type { ToolRun } from './measure.ts';

export interface Peers {
  wrk?: string;
  wrk2?: string;
  k6?: string;
  /** One line per missing peer: what is skipped and the fix. */
  missing: string[];
}

export function findPeers(): Peers {
  const peers: Peers = { missing: [] };
  const wrk = findExecutable('wrk', systemDirs);
  if (wrk) peers.wrk = wrk;
  else peers.missing.push('wrk not found (its closed-loop row is skipped): apt-get install -y wrk');
  const wrk2 = process.env.WRK2 ?? '/tmp/peers/wrk2/wrk';
  if (existsSync(wrk2)) peers.wrk2 = wrk2;
  else peers.missing.push(`wrk2 not found at ${wrk2} (its rows are skipped): /work/shared/peers/build-wrk2.sh, or WRK2=<path>`);
  const k6 = findK6();
  if (k6) peers.k6 = k6;
  else peers.missing.push('k6 not found (its rows are skipped): ./bench setup --with k6');
  return peers;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** wrk / wrk2 `--latency`: "  50.000%    1.23ms" (wrk2) or "     50%    1.23ms" (wrk); the first block only (wrk2: recorded, not uncorrected). */
export function parseWrkPercentileMs(stdout: string, percentile: number): number {
  for (const m of stdout.matchAll(/^\s*([\d.]+)%\s+([\d.]+)(us|ms|s|m|h)\s*$/gm)) {
    if (Number(m[1]) === percentile) return Number(m[2]) * UNIT_MS[m[3]!]!;
  }
  return Number.NaN;
}

/** Socket errors and non-2xx responses wrk / wrk2 report (0 when the lines are absent). */
export function parseWrkErrors(stdout: string): number {
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const status = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  return (socket ? socket.slice(1).reduce((s, v) => s + Number(v), 0) : 0) + (status ? Number(status[1]) : 0);
}

function wrkRun(stdout: string, cpuUs: number): ToolRun {
  if (!/requests in/.test(stdout)) throw new Error(`no result in the output:\n${stdout.slice(-2000)}`);
  return {
    cpuUs,
    dropped: null,
    errors: parseWrkErrors(stdout),
    p50Ms: parseWrkPercentileMs(stdout, 50),
    p99Ms: parseWrkPercentileMs(stdout, 99),
    generator: null,
  };
}

export async function runWrk2(wrk2: string, url: string, ratePerSec: number, seconds: number, connections: number): Promise<ToolRun> {
  const r = await runTimed(wrk2, ['-t1', `-c${connections}`, `-d${seconds}s`, `-R${ratePerSec}`, '--latency', url], {
    timeoutMs: (seconds + 30) * 1000,
  });
  if (r.exitCode !== 0) throw new Error(`wrk2 exited with ${r.exitCode}: ${r.stderr.trim()}`);
  return wrkRun(r.stdout, r.cpuUs);
}

export async function runWrk(wrk: string, url: string, seconds: number, connections: number): Promise<ToolRun> {
  const r = await runTimed(wrk, ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], { timeoutMs: (seconds + 30) * 1000 });
  if (r.exitCode !== 0) throw new Error(`wrk exited with ${r.exitCode}: ${r.stderr.trim()}`);
  return wrkRun(r.stdout, r.cpuUs);
}

export function k6Script(url: string, ratePerSec: number, seconds: number, vus: number, summaryFile: string): string {
  const options = {
    discardResponseBodies: true,
    summaryTrendStats: ['p(50)', 'p(99)'],
    scenarios: {
      load: {
        executor: 'constant-arrival-rate',
        rate: ratePerSec,
        timeUnit: '1s',
        duration: `${seconds}s`,
        preAllocatedVUs: vus,
        maxVUs: vus,
        gracefulStop: '10s',
      },
    },
  };
  return (
    `import http from 'k6/http';\nexport const options = ${JSON.stringify(options)};\n` +
    `export default function () { http.get(${JSON.stringify(url)}); }\n` +
    `export function handleSummary(data) { return { ${JSON.stringify(summaryFile)}: JSON.stringify(data) }; }\n`
  );
}

interface K6Summary {
  metrics: Record<string, { values: Record<string, number> } | undefined>;
}

/** k6's handleSummary data: requests, drops (dropped_iterations), failures, p50/p99 of http_req_duration (from the actual send). */
export function parseK6Summary(summary: K6Summary): { requests: number; dropped: number; errors: number; p50Ms: number; p99Ms: number } {
  const value = (metric: string, field: string): number => summary.metrics[metric]?.values[field] ?? 0;
  return {
    requests: value('http_reqs', 'count'),
    dropped: value('dropped_iterations', 'count'),
    errors: value('http_req_failed', 'passes'),
    p50Ms: summary.metrics.http_req_duration?.values['p(50)'] ?? Number.NaN,
    p99Ms: summary.metrics.http_req_duration?.values['p(99)'] ?? Number.NaN,
  };
}

export async function runK6(k6: string, url: string, ratePerSec: number, seconds: number, vus: number): Promise<ToolRun> {
  const dir = tempDir('bench-gen-k6-');
  try {
    const summaryFile = join(dir, 'summary.json');
    writeFileSync(join(dir, 'script.js'), k6Script(url, ratePerSec, seconds, vus, summaryFile));
    writeFileSync(join(dir, 'config.json'), '{}');
    // The user's K6_* settings would change the run; no usage report (loopback only), no REST API port.
    const env: NodeJS.ProcessEnv = { K6_NO_USAGE_REPORT: 'true' };
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('K6_')) env[k] = v;
    const args = [
      'run',
      '--quiet',
      '--no-color',
      '--no-usage-report',
      '--address=',
      `--config=${join(dir, 'config.json')}`,
      join(dir, 'script.js'),
    ];
    const r = await runTimed(k6, args, { timeoutMs: (seconds + 60) * 1000, env, cwd: dir });
    if (r.exitCode !== 0) throw new Error(`k6 exited with ${r.exitCode}: ${r.stderr.trim().slice(-1000)}`);
    const s = parseK6Summary(JSON.parse(readFileSync(summaryFile, 'utf8')) as K6Summary);
    return { cpuUs: r.cpuUs, dropped: s.dropped, errors: s.errors, p50Ms: s.p50Ms, p99Ms: s.p99Ms, generator: null };
  } finally {
    removeTempDir(dir);
  }
}
