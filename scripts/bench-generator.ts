// Benchmark (not a test): how much load can bench's generators send, and at what CPU cost per request, next to
// wrk on the same nginx (`return 200`, one worker, on a free loopback port, with the same connections).
//   - wrk -t1                                    the reference (C, one thread)
//   - closed: the harness's autocannon driver    as fast as it goes, recorded by the harness (runLoad)
//   - open: the harness's undici open model       at a ladder of arrival rates, load loop on a worker thread and
//                                                on the main thread (the choice this benchmark informs)
// CPU per request: process.cpuUsage() (every thread of this process: loop, recorder, GC) for in-process drivers;
// for wrk, the shell's cutime+cstime after waiting for it (/proc/<sh pid>/stat), i.e. wrk's own CPU.
// Bounded: 5 s per run (BENCH_SECONDS), ~1 minute in all. Ratios are to the first wrk run. Needs wrk and nginx: apt-get install -y wrk nginx-light.
// Run: npm run bench:generator   (or: node scripts/bench-generator.ts [rates...])
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { autocannonDriver } from '../harness/src/driver/closed-loop/autocannon-driver.ts';
import { createOpenLoopDriver } from '../harness/src/driver/open-loop/open-loop-driver.ts';
import type { Driver } from '../harness/src/driver/driver.ts';
import { findExecutable, systemDirs } from '../harness/src/host/which.ts';
import { runLoad } from '../harness/src/load/load-run.ts';
import { allocatePort } from '../harness/src/runtime/ports.ts';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const RATES = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [5_000, 10_000, 20_000, 40_000];

interface Row {
  tool: string;
  targetPerSec: number | null;
  rps: number;
  cpuUsPerRequest: number;
  p50Ms?: number;
  p99Ms?: number;
  dropped?: number;
  saturated?: string;
}

async function startNginx(): Promise<{ url: string; stop: () => Promise<void> }> {
  const nginx = findExecutable('nginx', systemDirs);
  if (!nginx) throw new Error('nginx not found: apt-get install -y nginx-light');
  const dir = await mkdtemp(join(tmpdir(), 'bench-nginx-'));
  const port = await allocatePort();
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
      `events { worker_connections 4096; }\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n` +
      `  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n` +
      `  keepalive_requests 1000000;\n  server {\n    listen 127.0.0.1:${port};\n    location / { return 200 'ok'; }\n  }\n}\n`,
  );
  const child: ChildProcess = spawn(nginx, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i++) {
    const up = await fetch(url).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function benchWrk(url: string): Promise<Row> {
  const wrk = findExecutable('wrk', systemDirs);
  if (!wrk) throw new Error('wrk not found: apt-get install -y wrk');
  // The shell waits for wrk, then reads its own cutime/cstime (fields 16, 17): wrk's CPU, in clock ticks.
  const script = `"${wrk}" -t1 -c${CONNECTIONS} -d${SECONDS}s "${url}"; cat /proc/$$/stat`;
  const { stdout } = await run('sh', ['-c', script], { maxBuffer: 1 << 20 });
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? Number.NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const stat = stdout.trim().split('\n').at(-1)!;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = (await run('getconf', ['CLK_TCK'])).stdout.trim();
  const cpuUs = ((Number(fields[13]) + Number(fields[14])) / Number(ticks)) * 1e6; // cutime, cstime
  return { tool: 'wrk -t1', targetPerSec: null, rps, cpuUsPerRequest: cpuUs / requests };
}

async function benchHarness(tool: string, url: string, driver: Driver, ratePerSec?: number): Promise<Row> {
  const before = process.cpuUsage();
  const { summary } = await runLoad({
    url,
    driver,
    method: 'GET',
    connections: CONNECTIONS,
    ...(ratePerSec ? { ratePerSec } : {}),
    durationMs: SECONDS * 1000,
    timeoutMs: 10_000,
  });
  const cpu = process.cpuUsage(before);
  return {
    tool,
    targetPerSec: ratePerSec ?? null,
    rps: summary.rps,
    cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, summary.requests + summary.dropped),
    p50Ms: summary.latencyMs.p50,
    p99Ms: summary.latencyMs.p99,
    dropped: summary.dropped,
    saturated: summary.generatorSaturated ? summary.generator.reasons.join('; ') : '',
  };
}

function render(rows: Row[]): string {
  const wrk = rows.find((r) => r.tool.startsWith('wrk'));
  const head = ['tool', 'target/s', 'achieved/s', 'CPU us/req', 'rps/wrk', 'CPU/wrk', 'p50 ms', 'p99 ms', 'dropped', 'generator'];
  const body = rows.map((r) => [
    r.tool,
    r.targetPerSec === null ? 'max' : String(r.targetPerSec),
    r.rps.toFixed(0),
    r.cpuUsPerRequest.toFixed(1),
    wrk ? (r.rps / wrk.rps).toFixed(2) : '-',
    wrk ? (r.cpuUsPerRequest / wrk.cpuUsPerRequest).toFixed(1) : '-',
    r.p50Ms === undefined ? '-' : r.p50Ms.toFixed(2),
    r.p99Ms === undefined ? '-' : r.p99Ms.toFixed(2),
    r.dropped === undefined ? '-' : String(r.dropped),
    r.saturated === undefined ? '-' : r.saturated === '' ? 'ok' : `SATURATED (${r.saturated})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

const nginx = await startNginx();
const rows: Row[] = [];
try {
  process.stderr.write(`nginx on ${nginx.url}; ${CONNECTIONS} connections, ${SECONDS} s per run\n`);
  const step = async (label: string, make: () => Promise<Row>): Promise<void> => {
    process.stderr.write(`  ${label}...\n`);
    rows.push(await make());
    await new Promise((r) => setTimeout(r, 500));
  };
  await step('wrk', () => benchWrk(nginx.url));
  await step('closed (autocannon)', () => benchHarness('closed (autocannon)', nginx.url, autocannonDriver));
  for (const rate of RATES) {
    await step(`open main @ ${rate}`, () => benchHarness('open (main thread)', nginx.url, createOpenLoopDriver({ thread: 'main' }), rate));
    await step(`open worker @ ${rate}`, () => benchHarness('open (worker thread)', nginx.url, createOpenLoopDriver({ thread: 'worker' }), rate));
  }
  // wrk again: on a shared host the conditions drift during the minute; the two wrk rows show by how much.
  await step('wrk (again)', () => benchWrk(nginx.url));
} finally {
  await nginx.stop();
}
const kept = (tool: string): Row | undefined =>
  rows.filter((r) => r.tool === tool && r.dropped === 0 && r.saturated === '').sort((a, b) => b.rps - a.rps)[0];
const wrkRps = Math.max(...rows.filter((r) => r.tool.startsWith('wrk')).map((r) => r.rps));
const lines = [render(rows), '', `load average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`];
for (const tool of ['open (main thread)', 'open (worker thread)']) {
  const best = kept(tool);
  lines.push(`${tool}: highest rate held (no drops, generator ok): ${best ? `${best.rps.toFixed(0)} req/s = ${(best.rps / wrkRps).toFixed(2)} x wrk` : 'none'}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
