// Benchmark (not a test): the highest clean rate of one open-model generator process and of `--generators 2`
// against nginx on a free loopback port (`return 200`, worker_processes 2, so the target is not the limit).
// Clean: every request answered, nothing dropped, no errors, and the generator(s) not saturated (bench's own check).
// Each rate is one `bench load` run as a user would start it (a child process, --json); the ladder goes up by
// STEP until a rate is not clean. Bounded: 5 s per step (BENCH_SECONDS), at most ~12 steps per mode.
// Needs nginx: apt-get install -y nginx-light. Run: node scripts/bench-segments.ts [startRate]
// BENCH_CORES_PER_GENERATOR=0.5 runs each `bench load` in a CPU cgroup of its own with that many cores per
// generator process (0.5 for one, 1.0 for two): on a two-core host shared with nginx, that is how "two generators
// where the generator, not the target or the host, is the limit" can be measured at all (docs/segments.md). Root.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, systemDirs } from '../harness/src/host/which.ts';
import { cpuQuotaFor } from '../harness/src/runtime/cpu-quota.ts';
import { allocatePort } from '../harness/src/runtime/ports.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const START = Number(process.argv[2] ?? 4000);
const STEP = 1.2;
const MAX_STEPS = Number(process.env.BENCH_STEPS ?? 12);
const CONNECTIONS = 64;
const MAIN = new URL('../harness/src/cli/main.ts', import.meta.url).pathname;
const CORES_PER_GENERATOR = process.env.BENCH_CORES_PER_GENERATOR ? Number(process.env.BENCH_CORES_PER_GENERATOR) : undefined;
if (CORES_PER_GENERATOR !== undefined && !(CORES_PER_GENERATOR > 0 && CORES_PER_GENERATOR <= 64)) {
  throw new Error(`BENCH_CORES_PER_GENERATOR must be a number of cores in (0, 64], got ${process.env.BENCH_CORES_PER_GENERATOR}`);
}

interface CpuBudget {
  procsFile: string;
  remove: () => Promise<void>;
}

/** A CPU cgroup allowing `cores` (v1 cpu controller, else v2 cpu.max); everything started in it shares the quota. */
async function cpuBudget(name: string, cores: number): Promise<CpuBudget> {
  // The same quota over a 10 ms period that bench gives containers.
  const { periodUs, quotaUs } = cpuQuotaFor(cores);
  const v1 = '/sys/fs/cgroup/cpu';
  if (existsSync(`${v1}/cpu.cfs_quota_us`)) {
    const dir = `${v1}/${name}`;
    await mkdir(dir, { recursive: true });
    await writeFile(`${dir}/cpu.cfs_period_us`, String(periodUs));
    await writeFile(`${dir}/cpu.cfs_quota_us`, String(quotaUs));
    return { procsFile: `${dir}/cgroup.procs`, remove: () => rmdir(dir).catch(() => undefined) };
  }
  const dir = `/sys/fs/cgroup/${name}`;
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/cpu.max`, `${quotaUs} ${periodUs}`);
  return { procsFile: `${dir}/cgroup.procs`, remove: () => rmdir(dir).catch(() => undefined) };
}

interface Step {
  rate: number;
  requests: number;
  dropped: number;
  errorRate: number;
  p50: number;
  p99: number;
  saturated: boolean;
  clean: boolean;
}

async function startNginx(workers: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const nginx = findExecutable('nginx', systemDirs);
  if (!nginx) throw new Error('nginx not found: apt-get install -y nginx-light');
  const dir = await mkdtemp(join(tmpdir(), 'bench-nginx-'));
  const port = await allocatePort();
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `daemon off;\nworker_processes ${workers};\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
      `events { worker_connections 4096; }\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n` +
      `  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n` +
      `  keepalive_requests 1000000;\n  server {\n    listen 127.0.0.1:${port};\n    location / { return 200 'ok'; }\n  }\n}\n`,
  );
  const child: ChildProcess = spawn(nginx, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
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

function load(url: string, rate: number, generators: number, budget?: CpuBudget): Promise<Step> {
  const args = [MAIN, 'load', url, '--rate', String(rate), '--duration', `${SECONDS}s`, '--connections', String(CONNECTIONS), '--json'];
  if (generators > 1) args.push('--generators', String(generators));
  return new Promise((resolve, reject) => {
    // In a budget, the shell joins the cgroup before it becomes bench, so bench and its children start inside it.
    const child = budget
      ? spawn('/bin/sh', ['-c', 'echo $$ > "$BENCH_CGROUP_PROCS" && exec "$@"', 'sh', process.execPath, ...args], {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, BENCH_CGROUP_PROCS: budget.procsFile },
        })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), SECONDS * 1000 + 60_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`bench load exited ${code}`));
      const f = JSON.parse(out) as {
        requests: number;
        dropped: number;
        errorRate: number;
        latencyMs: { p50: number; p99: number };
        generatorSaturated: boolean;
      };
      const expected = Math.ceil(rate * SECONDS);
      const clean = f.dropped === 0 && f.errorRate === 0 && !f.generatorSaturated && f.requests === expected;
      resolve({
        rate,
        requests: f.requests,
        dropped: f.dropped,
        errorRate: f.errorRate,
        p50: f.latencyMs.p50,
        p99: f.latencyMs.p99,
        saturated: f.generatorSaturated,
        clean,
      });
    });
  });
}

async function ladder(url: string, generators: number): Promise<Step[]> {
  const steps: Step[] = [];
  let rate = START;
  const budget = CORES_PER_GENERATOR
    ? await cpuBudget(`bench-segments-${process.pid}-${generators}`, CORES_PER_GENERATOR * generators)
    : undefined;
  try {
    for (let i = 0; i < MAX_STEPS; i++) {
      const step = await load(url, rate, generators, budget);
      steps.push(step);
      console.log(
        `  ${generators} gen  ${String(rate).padStart(6)}/s: ${step.requests} req, dropped ${step.dropped}, errors ${(step.errorRate * 100).toFixed(2)}%, ` +
          `p50 ${step.p50} ms, p99 ${step.p99} ms${step.saturated ? ', SATURATED' : ''} -> ${step.clean ? 'clean' : 'not clean'}`,
      );
      if (!step.clean) break;
      rate = Math.round((rate * STEP) / 100) * 100;
    }
  } finally {
    await budget?.remove();
  }
  return steps;
}

const nginx = await startNginx(2);
try {
  const budgetText = CORES_PER_GENERATOR ? `; each generator process has ${CORES_PER_GENERATOR} cores (a CPU cgroup per ladder)` : '';
  console.log(`nginx (2 workers) at ${nginx.url}; ${SECONDS} s per step, ${CONNECTIONS} connections in all${budgetText}`);
  const one = await ladder(nginx.url, 1);
  const two = await ladder(nginx.url, 2);
  const best = (steps: Step[]): string => {
    const clean = Math.max(0, ...steps.filter((s) => s.clean).map((s) => s.rate));
    // A ladder that ended on a clean step did not find the limit: the rate is a lower bound.
    return steps.at(-1)?.clean ? `>= ${clean}/s (the ladder ended clean)` : `${clean}/s`;
  };
  const top = (steps: Step[]): number => Math.max(0, ...steps.filter((s) => s.clean).map((s) => s.rate));
  const ratio = top(one) > 0 ? ` = ${(top(two) / top(one)).toFixed(2)}x` : '';
  console.log(`highest clean rate: 1 generator ${best(one)}, 2 generators ${best(two)}${ratio}`);
} finally {
  await nginx.stop();
}
