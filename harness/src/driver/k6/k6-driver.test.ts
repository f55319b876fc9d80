// The k6 driver's process handling with stand-in k6 binaries (shell scripts): samples streamed while "k6" runs and
// flushed when it exits, exit codes, abort (SIGINT, then SIGKILL), the temp dir removed. The real k6 is exercised
// in harness/test/k6-driver.int.test.ts.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '../../errors/bench-error.ts';
import type { Clock, LoadPlan, ResponseSink } from '../driver.ts';
import { createK6Driver } from './k6-driver.ts';

let dir: string;
let work: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k6-driver-test-'));
  work = join(dir, 'work');
  await mkdir(work);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in k6: finds its --out=json= file and runs `body` (sh) with $out set; `sample` prints one request line. */
async function fakeK6(body: string): Promise<string> {
  const path = join(dir, 'k6');
  await writeFile(
    path,
    [
      '#!/bin/sh',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion in a fake k6 script
      'for a in "$@"; do case "$a" in --out=json=*) out="${a#--out=json=}";; esac; done',
      // One http_req_duration line ending now, 2 ms long, with the given status.
      'sample() { printf \'{"metric":"http_req_duration","type":"Point","data":{"time":"%s","value":2,"tags":{"status":"%s"}}}\\n\' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$1" >> "$out"; }',
      body,
    ].join('\n'),
  );
  await chmod(path, 0o755);
  return path;
}

const plan = (extra: Partial<LoadPlan> = {}): LoadPlan => ({
  baseUrl: 'http://127.0.0.1:1',
  request: { method: 'GET', path: '/x/{key}' },
  nextKey: () => 1,
  connections: 2,
  ratePerSec: 10,
  durationMs: 1000,
  timeoutMs: 1000,
  ...extra,
});

const t0 = performance.now();
const clock: Clock = { nowMs: () => performance.now() - t0 };

function recording(): { sink: ResponseSink; arrivals: Array<{ atMs: number; status: number; sentAtMs: number }> } {
  const arrivals: Array<{ atMs: number; status: number; sentAtMs: number }> = [];
  return {
    arrivals,
    sink: {
      response: (s) => arrivals.push({ atMs: clock.nowMs(), status: s.status, sentAtMs: s.sentAtMs }),
      error: () => {},
      dropped: () => {},
    },
  };
}

describe('k6 driver process handling (stand-in k6)', () => {
  it('streams samples into the sink while k6 runs, flushes the rest at exit, and removes its temp dir', async () => {
    const k6Path = await fakeK6('sample 200; sleep 0.8; sample 503; printf \'{"metric":"http_req_duration"\' >> "$out"; exit 0');
    const { sink, arrivals } = recording();
    const started: number[] = [];
    const before = clock.nowMs();
    const summary = await createK6Driver({ k6Path, tmpDir: work, pollIntervalMs: 20 }).run(
      plan({ telemetry: { started: ({ atMs }) => started.push(atMs) } }),
      sink,
      clock,
      new AbortController().signal,
    );
    const resolvedAt = clock.nowMs();
    expect(arrivals.map((a) => a.status)).toEqual([200, 503]);
    // The first sample reached the sink while "k6" was still sleeping, not at the end.
    expect(resolvedAt - arrivals[0]!.atMs).toBeGreaterThan(500);
    // Its time is on the run clock: between the run's start and its end, 2 ms before it was written.
    expect(arrivals[0]!.sentAtMs).toBeGreaterThan(before - 50);
    expect(arrivals[0]!.sentAtMs).toBeLessThan(arrivals[0]!.atMs);
    expect(started).toEqual([arrivals[0]!.sentAtMs]);
    // 10 scheduled, 2 answered: 8 unfinished (k6 wrote nothing for them); the cut last line is not a request.
    expect(summary).toEqual({ driver: 'k6', sent: 10, dropped: 0, unfinished: 8 });
    expect(await readdir(work)).toEqual([]);
  });

  it('a failing k6 is an infrastructure error carrying its last lines', async () => {
    const k6Path = await fakeK6('echo "level=error msg=\\"SyntaxError: Unexpected token\\"" >&2; exit 107');
    const error = await createK6Driver({ k6Path, tmpDir: work })
      .run(plan(), recording().sink, clock, new AbortController().signal)
      .catch((e: unknown) => e as BenchError);
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).exitCode).toBe(3);
    expect((error as BenchError).message).toContain('k6 exited with code 107');
    expect((error as BenchError).message).toContain('SyntaxError: Unexpected token');
    expect(await readdir(work)).toEqual([]);
  });

  it('on abort sends SIGINT: k6 flushes its last samples and exits 105, which is a normal end', async () => {
    const k6Path = await fakeK6("trap 'sample 200; exit 105' INT; sample 200; while true; do sleep 0.05; done");
    const { sink, arrivals } = recording();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const summary = await createK6Driver({ k6Path, tmpDir: work, pollIntervalMs: 20 }).run(
      plan({ durationMs: 60_000 }),
      sink,
      clock,
      controller.signal,
    );
    expect(arrivals).toHaveLength(2);
    // After an abort the number of requests that were due is unknown: no unfinished estimate.
    expect(summary).toEqual({ driver: 'k6', sent: 2, dropped: 0 });
  });

  it('a k6 that ignores SIGINT is killed after the grace period', async () => {
    const k6Path = await fakeK6("trap '' INT; sample 200; while true; do sleep 0.05; done");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const startedAt = performance.now();
    const summary = await createK6Driver({ k6Path, tmpDir: work, abortGraceMs: 300, pollIntervalMs: 20 }).run(
      plan({ durationMs: 60_000 }),
      recording().sink,
      clock,
      controller.signal,
    );
    expect(performance.now() - startedAt).toBeLessThan(5000);
    expect(summary.sent).toBe(1);
  });

  it('refuses the closed model before starting anything', async () => {
    const error = await createK6Driver({ k6Path: '/nonexistent', tmpDir: work })
      .run(plan({ ratePerSec: undefined }), recording().sink, clock, new AbortController().signal)
      .catch((e: unknown) => e as BenchError);
    expect((error as BenchError).code).toBe('bad-input');
    expect(await readdir(work)).toEqual([]);
  });
});
