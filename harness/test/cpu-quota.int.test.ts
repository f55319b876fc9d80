// CPU limits reach the kernel as a quota over a 10 ms period (runtime/cpu-quota.ts), and the `cpu` fault changes
// and restores them, including back to "no limit" for a container that had none.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuFault } from '../src/fault/docker/container-faults.ts';
import { silentLogger } from '../src/log/logger.ts';
import { createRunId } from '../src/results/run-id.ts';
import { createDockerRuntime } from '../src/runtime/docker/docker-runtime.ts';
import type { Runtime } from '../src/runtime/runtime.ts';
import { ensureReady } from '../src/setup/setup.ts';
import { startTopology } from '../src/topology/start.ts';
import type { StartedTopology } from '../src/topology/topology.ts';

let runtime: Runtime;
let topology: StartedTopology;

beforeAll(async () => {
  const { images } = await ensureReady(silentLogger);
  runtime = createDockerRuntime({ runId: `test-${createRunId(new Date())}`, logger: silentLogger });
  topology = await startTopology(
    { kind: 'single', seedUsers: 100, seedTasks: 200, serviceCpus: 0.15 },
    { runtime, images, logger: silentLogger },
  );
}, 120_000);
afterAll(async () => {
  await runtime?.removeAll();
});

/** period and quota in µs as the kernel holds them (cgroup v1 cpu controller, or v2's cpu.max). */
function kernelQuota(role: string): { periodUs: number; quotaUs: number } {
  const id = topology.containers.get(role)!.id;
  for (const dir of [
    `/sys/fs/cgroup/cpu/docker/${id}`,
    `/sys/fs/cgroup/cpu,cpuacct/docker/${id}`,
    `/sys/fs/cgroup/cpu/system.slice/docker-${id}.scope`,
  ]) {
    try {
      const quotaUs = Number(readFileSync(`${dir}/cpu.cfs_quota_us`, 'utf8'));
      return { periodUs: Number(readFileSync(`${dir}/cpu.cfs_period_us`, 'utf8')), quotaUs };
    } catch {
      // not this layout
    }
  }
  for (const file of [`/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.max`, `/sys/fs/cgroup/docker/${id}/cpu.max`]) {
    try {
      const [quota, period] = readFileSync(file, 'utf8').trim().split(/\s+/);
      return { periodUs: Number(period), quotaUs: quota === 'max' ? -1 : Number(quota) };
    } catch {
      // not this layout
    }
  }
  throw new Error(`no cgroup CPU files found for ${role} (${id})`);
}

const ctx = () => ({ topology, random: () => 0 });

describe('CPU limits', () => {
  it('a limited container runs on a 10 ms period, and reads back the limit it was given', async () => {
    expect(kernelQuota('service-1')).toEqual({ periodUs: 10_000, quotaUs: 1500 });
    expect(await topology.containers.get('service-1')!.cpus()).toBeCloseTo(0.15, 6);
  });

  it('the cpu fault squeezes a limited container and restores its limit', async () => {
    const applied = await cpuFault.apply({ kind: 'cpu', target: 'service-1', cpus: 0.5 }, ctx());
    expect(kernelQuota('service-1')).toEqual({ periodUs: 10_000, quotaUs: 5000 });
    await applied.revert();
    expect(kernelQuota('service-1')).toEqual({ periodUs: 10_000, quotaUs: 1500 });
  });

  it('the cpu fault on an unlimited container lifts the limit again on rollback', async () => {
    expect(kernelQuota('postgres').quotaUs).toBe(-1);
    const applied = await cpuFault.apply({ kind: 'cpu', target: 'postgres', cpus: 0.3 }, ctx());
    expect(kernelQuota('postgres')).toEqual({ periodUs: 10_000, quotaUs: 3000 });
    await applied.revert();
    expect(kernelQuota('postgres').quotaUs).toBe(-1);
  });
});
