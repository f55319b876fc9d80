// Starts a topology through the harness itself for a test, and always removes it.
import { silentLogger } from '../src/log/logger.ts';
import { createRunId } from '../src/results/run-id.ts';
import { createDockerRuntime } from '../src/runtime/docker/docker-runtime.ts';
import { ensureReady } from '../src/setup/setup.ts';
import type { TopologyConfig } from '../src/topology/registry.ts';
import { startTopology } from '../src/topology/start.ts';
import type { StartedTopology } from '../src/topology/topology.ts';

export async function withTopology<T>(config: TopologyConfig, body: (topology: StartedTopology) => Promise<T>): Promise<T> {
  const { images } = await ensureReady(silentLogger);
  const runtime = createDockerRuntime({ runId: `test-${createRunId(new Date())}`, logger: silentLogger });
  try {
    const topology = await startTopology(config, { runtime, images, logger: silentLogger });
    return await body(topology);
  } finally {
    await runtime.removeAll();
  }
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as T;
  return { status: response.status, body, ms: performance.now() - started };
}

export async function postJson<T = unknown>(url: string, payload: unknown): Promise<{ status: number; body: T; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as T;
  return { status: response.status, body, ms: performance.now() - started };
}

/** Polls until `check` returns a value, or fails after `timeoutMs` with the last error. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
