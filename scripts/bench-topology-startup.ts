// Benchmark (not a test): time from nothing to a healthy topology, and teardown, for each topology:
// the harness (dockerode, stage by stage) side by side with docker-compose on the same plan rendered as a
// compose file (same images, same loopback ports scheme). Run: npm run bench:topology-startup -- [--runs N] [kinds...]
// With --runs N each figure is the median of N runs; `stages` is the harness's time per start-up stage (medians).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { silentLogger, type Logger } from '../harness/src/log/logger.ts';
import { median } from '../harness/src/stats/median.ts';
import { createRunId } from '../harness/src/results/run-id.ts';
import { createDockerRuntime } from '../harness/src/runtime/docker/docker-runtime.ts';
import { allocatePort } from '../harness/src/runtime/ports.ts';
import { ensureReady } from '../harness/src/setup/setup.ts';
import { renderCompose } from '../harness/src/topology/compose/render-compose.ts';
import { topologyDefinition, topologyKinds, type TopologyKind } from '../harness/src/topology/registry.ts';
import { startTopology } from '../harness/src/topology/start.ts';
import { httpProbe } from '../harness/src/runtime/wait/probes.ts';

const run = promisify(execFile);
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 1;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, e.g. --runs 3');
const kinds = (args.length ? args : topologyKinds) as TopologyKind[];
const seconds = (ms: number): string => (ms / 1000).toFixed(1).padStart(6);

async function hasCompose(): Promise<boolean> {
  return run('docker-compose', ['version']).then(
    () => true,
    () => false,
  );
}

type Images = Awaited<ReturnType<typeof ensureReady>>['images'];

/** Time to healthy, then time to gone; the stack is removed whatever happens. */
async function timed(start: () => Promise<unknown>, stop: () => Promise<unknown>): Promise<[number, number]> {
  const t0 = performance.now();
  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  const up = performance.now() - t0;
  const t1 = performance.now();
  await stop();
  return [up, performance.now() - t1];
}

/** Up, down, and each stage's time (from the harness's own debug line per stage). */
async function timeHarness(kind: TopologyKind, images: Images): Promise<[number, number, number[]]> {
  const stages: number[] = [];
  const logger: Logger = {
    ...silentLogger,
    debug: (m) => {
      const ms = /^stage \d+\/\d+ ready in (\d+) ms/.exec(m);
      if (ms) stages.push(Number(ms[1]));
    },
  };
  const runtime = createDockerRuntime({ runId: `bm-${createRunId(new Date())}`, logger });
  const [up, down] = await timed(
    () => startTopology({ kind } as never, { runtime, images, logger }),
    () => runtime.removeAll(),
  );
  return [up, down, stages];
}

async function timeCompose(kind: TopologyKind, images: Images): Promise<[number, number]> {
  const plan = await topologyDefinition(kind).plan({ kind } as never, { images, port: () => allocatePort() });
  const dir = await mkdtemp(join(tmpdir(), 'bench-compose-'));
  const file = join(dir, 'compose.yml');
  await writeFile(file, renderCompose(plan, { generatedBy: 'scripts/bench-topology-startup.ts', images }));
  const compose = (...args: string[]) => run('docker-compose', ['-p', `benchbm${kind}`, '-f', file, ...args], { maxBuffer: 16 << 20 });
  try {
    return await timed(
      async () => {
        await compose('up', '-d');
        // docker-compose 1.29 has no --wait: healthy means the entry answers, as after the harness's last stage.
        const deadline = Date.now() + 180_000;
        while (!(await httpProbe(`${plan.entryUrl}/health`))) {
          if (Date.now() > deadline) throw new Error(`${kind}: compose stack not healthy within 180 s`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
      () => compose('down', '-v', '-t', '10'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const { images } = await ensureReady(silentLogger);
const compose = await hasCompose();
console.log(
  `topology startup, ${images.flavor} images${compose ? '' : ' (docker-compose not installed: `apt-get install docker-compose` to compare)'}`,
);
console.log(
  `${runs > 1 ? `medians of ${runs} runs\n` : ''}topology    harness up  harness down  compose up  compose down  stages (harness)`,
);
for (const kind of kinds) {
  const harness: Array<[number, number, number[]]> = [];
  const composed: Array<[number, number]> = [];
  for (let i = 0; i < runs; i++) {
    harness.push(await timeHarness(kind, images));
    if (compose) composed.push(await timeCompose(kind, images));
  }
  const hu = median(harness.map((h) => h[0]));
  const hd = median(harness.map((h) => h[1]));
  const stages = harness[0]![2].map((_, i) => median(harness.map((h) => h[2][i] ?? NaN)));
  const [cu, cd] = compose ? [median(composed.map((c) => c[0])), median(composed.map((c) => c[1]))] : [NaN, NaN];
  const stageText = stages.map((ms) => (ms / 1000).toFixed(1)).join(' + ');
  console.log(
    `${kind.padEnd(10)}  ${seconds(hu)} s    ${seconds(hd)} s    ${compose ? `${seconds(cu)} s` : '     —'}    ${compose ? `${seconds(cd)} s` : '     —'}    ${stageText} s`,
  );
}
