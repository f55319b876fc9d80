// Benchmark (not a test): time from nothing to a healthy topology, and teardown, for each topology:
// the harness (dockerode, stage by stage) side by side with docker-compose on the same plan rendered as a
// compose file (same images, same loopback ports scheme). Run: ./bench-scripts topology-startup [kinds...]
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { silentLogger } from '../harness/src/log/logger.ts';
import { createRunId } from '../harness/src/results/run-id.ts';
import { createDockerRuntime } from '../harness/src/runtime/docker/docker-runtime.ts';
import { allocatePort } from '../harness/src/runtime/ports.ts';
import { ensureReady } from '../harness/src/setup/setup.ts';
import { renderCompose } from '../harness/src/topology/compose/render-compose.ts';
import { topologyDefinition, topologyKinds, type TopologyKind } from '../harness/src/topology/registry.ts';
import { startTopology } from '../harness/src/topology/start.ts';
import { httpProbe } from '../harness/src/runtime/wait/probes.ts';

const run = promisify(execFile);
const kinds = (process.argv.slice(2).length ? process.argv.slice(2) : topologyKinds) as TopologyKind[];
const seconds = (ms: number): string => (ms / 1000).toFixed(1).padStart(6);

async function hasCompose(): Promise<boolean> {
  return run('docker-compose', ['version']).then(() => true, () => false);
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

function timeHarness(kind: TopologyKind, images: Images): Promise<[number, number]> {
  const runtime = createDockerRuntime({ runId: `bm-${createRunId(new Date())}`, logger: silentLogger });
  return timed(() => startTopology({ kind } as never, { runtime, images, logger: silentLogger }), () => runtime.removeAll());
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
console.log(`topology startup, ${images.flavor} images${compose ? '' : ' (docker-compose not installed: `apt-get install docker-compose` to compare)'}`);
console.log('topology    harness up  harness down  compose up  compose down');
for (const kind of kinds) {
  const [hu, hd] = await timeHarness(kind, images);
  const [cu, cd] = compose ? await timeCompose(kind, images) : [NaN, NaN];
  console.log(`${kind.padEnd(10)}  ${seconds(hu)} s    ${seconds(hd)} s    ${compose ? `${seconds(cu)} s` : '     —'}    ${compose ? `${seconds(cd)} s` : '     —'}`);
}
