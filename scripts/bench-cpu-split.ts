// Benchmark (not a test): what the CPU split buys. One topology, started on the stack's CPUs; then, alternating,
// `bench load --json` with the default split (generator pinned to its CPUs, containers on the rest) and with
// --no-cpu-split (the containers' cpuset widened to every allowed CPU with `docker update`, the generator
// unpinned), at the same fixed rate. Per run: p50/p99, achieved rate, drops, generator saturation, the generator's
// CPU (user+sys of the `bench load` process, start-up included), the containers' CPU (cgroup cpuacct) and how
// busy the stack's CPUs were (/proc/stat). Medians of the runs per mode.
// Run: node scripts/bench-cpu-split.ts [kind=lb] [ratePerSec=1500] [runs=3] [durationSec=10]
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { readAllowedCpus } from '../harness/src/host/allowed-cpus.ts';
import { formatCpuList } from '../harness/src/host/cpu-list.ts';
import { planCpuSplit } from '../harness/src/host/cpu-split.ts';
import { busyPercent, readProcStat } from '../harness/src/generator/proc-stat.ts';
import { createConsoleLogger } from '../harness/src/log/logger.ts';
import { createRunId } from '../harness/src/results/run-id.ts';
import { createDockerClient } from '../harness/src/runtime/docker/client.ts';
import { createDockerRuntime } from '../harness/src/runtime/docker/docker-runtime.ts';
import { ensureReady } from '../harness/src/setup/setup.ts';
import { startTopology } from '../harness/src/topology/start.ts';
import { median } from '../harness/src/stats/median.ts';

const run = promisify(execFile);
const [kind = 'lb', rateText = '1500', runsText = '3', durationText = '10'] = process.argv.slice(2);
const rate = Number(rateText);
const runs = Number(runsText);
const durationSec = Number(durationText);
const allowed = readAllowedCpus();
const planned = planCpuSplit(allowed, undefined);
if (!planned.ok || planned.plan.generator.length === 0) throw new Error(`no default split on CPUs ${formatCpuList(allowed)}`);
const { stack } = planned.plan;
const stackList = formatCpuList(stack);
const logger = createConsoleLogger({ verbose: false });

interface Figures {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  dropped: number;
  saturated: boolean;
  generatorCpuPercent: number;
  containersCpuPercent: number;
  stackCpusBusyPercent: number;
  allCpusBusyPercent: number;
}

async function containersCpuNs(ids: readonly string[]): Promise<number> {
  let total = 0;
  for (const id of ids) {
    // cgroup v1 (cgroupfs driver) first, then v2.
    const text = await readFile(`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, 'utf8').catch(async () => {
      const stat = await readFile(`/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`, 'utf8');
      return String(Number(/usage_usec (\d+)/.exec(stat)![1]) * 1000);
    });
    total += Number(text.trim());
  }
  return total;
}

async function loadOnce(url: string, ids: readonly string[], split: boolean): Promise<Figures> {
  const docker = createDockerClient();
  for (const id of ids) await docker.getContainer(id).update({ CpusetCpus: split ? stackList : formatCpuList(allowed) });
  const ticks0 = readProcStat()!;
  const cpu0 = await containersCpuNs(ids);
  const t0 = performance.now();
  const args = [
    '-f',
    '%U %S',
    process.execPath,
    'harness/src/cli/main.ts',
    'load',
    url,
    '--rate',
    String(rate),
    '--duration',
    `${durationSec}s`,
    '--json',
    ...(split ? [] : ['--no-cpu-split']),
  ];
  const { stdout, stderr } = await run('/usr/bin/time', args, { maxBuffer: 16 << 20 });
  const wallMs = performance.now() - t0;
  const cpu1 = await containersCpuNs(ids);
  const ticks1 = readProcStat()!;
  const [user, sys] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const s = JSON.parse(stdout) as { latencyMs: { p50: number; p99: number }; rps: number; dropped: number; generatorSaturated: boolean };
  return {
    p50Ms: s.latencyMs.p50,
    p99Ms: s.latencyMs.p99,
    rps: s.rps,
    dropped: s.dropped,
    saturated: s.generatorSaturated,
    generatorCpuPercent: ((user! + sys!) * 1000 * 100) / wallMs,
    containersCpuPercent: ((cpu1 - cpu0) / 1e6 / wallMs) * 100,
    stackCpusBusyPercent: busyPercent(ticks0, ticks1, stack) ?? NaN,
    allCpusBusyPercent: busyPercent(ticks0, ticks1, allowed) ?? NaN,
  };
}

const { images } = await ensureReady(logger);
const runtime = createDockerRuntime({ runId: `bm-${createRunId(new Date())}`, logger, cpusetCpus: stackList });
const results: Record<'split' | 'shared', Figures[]> = { split: [], shared: [] };
try {
  const topology = await startTopology({ kind } as never, { runtime, images, logger });
  const listed = await createDockerClient().listContainers({ filters: { label: [`bench.run=${runtime.runId}`] } });
  const ids = listed.map((c) => c.Id);
  const url = `${topology.entryUrl}/tasks/{key}`;
  logger.step(
    `${kind}: ${ids.length} containers, ${url} at ${rate} req/s for ${durationSec} s, ${runs} runs per mode, stack CPUs ${stackList}`,
  );
  await loadOnce(url, ids, true); // warm-up (JIT, caches, connection pools), not counted
  for (let i = 0; i < runs; i++) {
    // Alternate which mode goes first, so a drift in the shared machine's load does not favour one.
    for (const mode of i % 2 === 0 ? (['split', 'shared'] as const) : (['shared', 'split'] as const)) {
      const f = await loadOnce(url, ids, mode === 'split');
      results[mode].push(f);
      logger.info(`${mode} #${i + 1}: ${JSON.stringify(f, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
    }
  }
} finally {
  await runtime.removeAll();
}
const med = (mode: 'split' | 'shared', key: keyof Omit<Figures, 'saturated'>): string =>
  median(results[mode].map((f) => f[key])).toFixed(1);
const rows: Array<[string, keyof Omit<Figures, 'saturated'>]> = [
  ['p50 ms', 'p50Ms'],
  ['p99 ms', 'p99Ms'],
  ['achieved req/s', 'rps'],
  ['dropped', 'dropped'],
  ['generator CPU % of a core', 'generatorCpuPercent'],
  ['containers CPU % of a core', 'containersCpuPercent'],
  [`CPU ${stackList} busy %`, 'stackCpusBusyPercent'],
  [`all CPUs busy %`, 'allCpusBusyPercent'],
];
process.stdout.write(
  `\n${kind} at ${rate} req/s, ${durationSec} s x ${runs} per mode (medians)\n| | split (default) | --no-cpu-split |\n|---|---|---|\n`,
);
for (const [label, key] of rows) process.stdout.write(`| ${label} | ${med('split', key)} | ${med('shared', key)} |\n`);
process.stdout.write(
  `| generator saturated (runs) | ${results.split.filter((f) => f.saturated).length}/${runs} | ${results.shared.filter((f) => f.saturated).length}/${runs} |\n`,
);
