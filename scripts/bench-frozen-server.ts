// Benchmark (not a test): the frozen-server table of issue #10. One nginx worker (`return 200`, access log off) on a
// free loopback port is frozen (SIGSTOP) for 1 s in the middle of a 10 s run at 2000 req/s, once per tool, in one
// run on the same host. Analytic figures (instant server, no drain): p95 = S - 0.05 D = 500 ms, p99 = S - 0.01 D =
// 900 ms, 20,000 requests sent. Rows: bench load with its defaults, with the old default line (--max-queue 640 =
// 10 x 64) and with 4096 connections; wrk2 -c64 (the reference open model); k6 through bench (64 VUs, and 2100).
// Needs nginx (apt-get install -y nginx-light), wrk2 (../shared/peers/build-wrk2.sh; WRK2=path to override) and
// k6 (./bench setup --with k6); a missing peer's rows are skipped. Bounded: ~15 s per row, under 2 minutes.
// Run: node scripts/bench-frozen-server.ts [row name filter]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { findExecutable, systemDirs } from '../harness/src/host/which.ts';
import { allocatePort } from '../harness/src/runtime/ports.ts';
import { findK6 } from '../harness/src/setup/k6.ts';

const RATE = 2000;
const DURATION_S = 10;
const STALL_MS = 1000;
const MAIN = fileURLToPath(new URL('../harness/src/cli/main.ts', import.meta.url));

interface Figures {
  requests: number;
  dropped: number | null;
  p95: number;
  p99: number;
}

interface Row {
  name: string;
  cmd: string[];
  /** From the first connection nginx saw to the schedule's start (k6's 1 s warm-up). */
  leadMs: number;
  parse: (stdout: string) => Figures;
}

interface Nginx {
  url: string;
  /** Connections nginx has handled so far (stub_status on a second port). */
  handled: () => Promise<number>;
  workerPid: () => Promise<number>;
  stop: () => Promise<void>;
}

async function startNginx(): Promise<Nginx> {
  const nginx = findExecutable('nginx', systemDirs);
  if (!nginx) throw new Error('nginx not found: apt-get install -y nginx-light');
  const dir = await mkdtemp(join(tmpdir(), 'bench-frozen-'));
  const [port, statusPort] = [await allocatePort(), await allocatePort()];
  const conf = join(dir, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};\n`).join('');
  await writeFile(
    conf,
    `daemon off;\nworker_processes 1;\nworker_rlimit_nofile 20000;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
      `events { worker_connections 10000; }\nhttp {\n  access_log off;\n${temp}` +
      `  server {\n    listen 127.0.0.1:${port};\n    location / { return 200 'ok'; }\n  }\n` +
      `  server {\n    listen 127.0.0.1:${statusPort};\n    location / { stub_status; }\n  }\n}\n`,
  );
  const child: ChildProcess = spawn(nginx, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  for (
    let i = 0;
    i < 50 &&
    !(await fetch(url).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await delay(100);
  return {
    url,
    // "Active connections: 1 \n server accepts handled requests\n 12 12 40 \n...": the third line's second field.
    handled: async () => Number((await (await fetch(`http://127.0.0.1:${statusPort}/`)).text()).split('\n')[2]!.trim().split(/\s+/)[1]),
    workerPid: async () => {
      const master = (await readFile(join(dir, 'nginx.pid'), 'utf8')).trim();
      const children = (await readFile(`/proc/${master}/task/${master}/children`, 'utf8')).trim().split(/\s+/);
      return Number(children[0]);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const benchRow = (name: string, url: string, extra: string[], leadMs = 0): Row => ({
  name,
  cmd: [process.execPath, MAIN, 'load', url, '--rate', String(RATE), '--duration', `${DURATION_S}s`, '--json', ...extra],
  leadMs,
  parse: (stdout) => {
    const d = JSON.parse(stdout.trim().split('\n').pop()!) as {
      requests: number;
      dropped: number;
      latencyMs: { p95: number; p99: number };
    };
    return { requests: d.requests, dropped: d.dropped, p95: d.latencyMs.p95, p99: d.latencyMs.p99 };
  },
});

/** wrk2 --latency prints the HdrHistogram spectrum: "value percentile count 1/(1-percentile)" rows. */
function parseWrk2(stdout: string): Figures {
  const rows = [...stdout.matchAll(/^\s+([\d.]+)\s+([\d.]+)\s+\d+\s+[\d.inf]+\s*$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const at = (p: number): number => rows.find(([, q]) => q >= p)?.[0] ?? Number.NaN;
  return { requests: Number(/(\d+) requests in/.exec(stdout)?.[1]), dropped: null, p95: at(0.95), p99: at(0.99) };
}

function rows(url: string): Row[] {
  const wrk2 = process.env.WRK2 ?? join(homedir(), '.cache/bench-peers/wrk2/wrk');
  const out: Row[] = [
    benchRow('bench load (defaults)', url, []),
    benchRow('bench load --max-queue 640 (old default)', url, ['--max-queue', '640']),
    benchRow('bench load --connections 4096', url, ['--connections', '4096']),
  ];
  if (existsSync(wrk2))
    out.push({
      name: 'wrk2 -t1 -c64 -R2000',
      cmd: [wrk2, '-t1', '-c64', `-d${DURATION_S}s`, `-R${RATE}`, '--latency', url],
      leadMs: 0,
      parse: parseWrk2,
    });
  else console.error(`wrk2 not found at ${wrk2}: its row is skipped (../shared/peers/build-wrk2.sh builds it)`);
  if (findK6()) {
    out.push(benchRow('bench load --driver k6 (64 VUs)', url, ['--driver', 'k6'], 1000));
    out.push(benchRow('bench load --driver k6 --connections 2100', url, ['--driver', 'k6', '--connections', '2100'], 1000));
  } else console.error('k6 not found: its rows are skipped (./bench setup --with k6)');
  return out;
}

/** Runs one row; the freeze starts halfway through the schedule, timed from the tool's first connection. */
async function measure(nginx: Nginx, row: Row): Promise<Figures & { stallMs: number }> {
  const baseline = await nginx.handled();
  const worker = await nginx.workerPid();
  const child = spawn(row.cmd[0]!, row.cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const killer = setTimeout(() => child.kill('SIGTERM'), (DURATION_S + 60) * 1000);
  let first = Number.NaN;
  for (let i = 0; i < 3000 && Number.isNaN(first); i++) {
    if ((await nginx.handled()) > baseline) first = performance.now();
    else await delay(2);
  }
  if (Number.isNaN(first)) throw new Error(`${row.name}: no connection reached nginx in ~10 s`);
  await delay(first + row.leadMs + (DURATION_S * 1000 - STALL_MS) / 2 - performance.now());
  const frozeAt = performance.now();
  process.kill(worker, 'SIGSTOP');
  await delay(STALL_MS);
  process.kill(worker, 'SIGCONT');
  const stallMs = performance.now() - frozeAt;
  const code = await exited;
  clearTimeout(killer);
  if (code !== 0) throw new Error(`${row.name} exited with code ${code}`);
  return { ...row.parse(stdout), stallMs };
}

const nginx = await startNginx();
const filter = process.argv[2];
const lines = [
  `one nginx worker frozen for ${STALL_MS} ms in ${DURATION_S} s at ${RATE} req/s (analytic: ${RATE * DURATION_S} sent, p95 500 ms, p99 900 ms)`,
];
try {
  for (const row of rows(nginx.url).filter((r) => !filter || r.name.includes(filter))) {
    const f = await measure(nginx, row);
    const line = `${row.name.padEnd(44)} ${String(f.requests).padStart(6)} sent  ${(f.dropped === null ? '-' : String(f.dropped)).padStart(5)} dropped  p95 ${f.p95.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  (freeze ${Math.round(f.stallMs)} ms)`;
    console.log(line);
    lines.push(line);
    await delay(1500);
  }
} finally {
  await nginx.stop();
}
console.log(`\n${lines.join('\n')}`);
