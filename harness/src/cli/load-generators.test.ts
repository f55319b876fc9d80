// `bench load --generators` / `bench segment` / `bench merge`: what is refused (exit 2, nothing sent) and the plan
// file --save-plan writes. Running segments against a server is in harness/test/segments.int.test.ts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchError } from '../errors/bench-error.ts';
import { validatePlan } from '../segment/segment-plan.ts';
import { loadCommand } from './load-command.ts';
import { mergeCommand } from './merge-command.ts';
import { segmentCommand } from './segment-command.ts';
import type { Command } from 'commander';

async function errorOf(command: Command, args: string[]): Promise<BenchError> {
  try {
    await command.exitOverride().parseAsync(args, { from: 'user' });
  } catch (error) {
    return error as BenchError;
  }
  throw new Error('did not fail');
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-generators-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bench load --generators: refusals', () => {
  it('refuses the closed loop and k6 (not segmented yet), and --find-capacity', async () => {
    for (const driver of ['closed', 'k6']) {
      const e = await errorOf(loadCommand(), ['http://127.0.0.1:1/', '--driver', driver, '--rate', '10', '--generators', '2']);
      expect(e.exitCode).toBe(2);
      expect(e.message).toContain('cannot be split into generators yet');
      expect(e.hint).toContain('--driver open');
    }
    const capacity = await errorOf(loadCommand(), ['http://127.0.0.1:1/', '--find-capacity', '--slo', 'p99<10ms', '--generators', '2']);
    expect(capacity.message).toContain('--find-capacity');
  });

  it('names bad counts, bad sequences and too few connections together', async () => {
    const e = await errorOf(loadCommand(), ['http://127.0.0.1:1/', '--rate', '10', '--generators', '3', '--segments', '0,1/2,1']);
    expect(e.message).toContain('--segments has 2 segments');
    const seq = await errorOf(loadCommand(), ['http://127.0.0.1:1/', '--rate', '10', '--segments', '0,2/3,1/2,1']);
    expect(seq.message).toContain('points must increase');
    const few = await errorOf(loadCommand(), ['http://127.0.0.1:1/', '--rate', '10', '--generators', '4', '--connections', '3']);
    expect(few.hint).toContain('--connections 4');
    const n = await errorOf(loadCommand(), ['http://127.0.0.1:1/', '--rate', '10', '--generators', '0']);
    expect(n.message).toContain('whole number from 1 to 64');
  });

  it('--save-plan writes a plan that bench segment accepts, and sends nothing', async () => {
    const file = join(dir, 'plan.json');
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(chunk), true)) as typeof process.stdout.write;
    try {
      await loadCommand()
        .exitOverride()
        .parseAsync(['http://127.0.0.1:1/t/{key}', '--rate', '900', '--segments', '0,1/3,1', '--connections', '30', '--save-plan', file], {
          from: 'user',
        });
    } finally {
      process.stdout.write = write;
    }
    const plan = validatePlan(JSON.parse(await readFile(file, 'utf8')), file);
    expect(plan).toMatchObject({
      url: 'http://127.0.0.1:1/t/{key}',
      ratePerSec: 900,
      connections: 30,
      sequence: '0,1/3,1',
      driver: 'open',
    });
    expect(out.join('')).toContain(`bench segment --plan ${file} --segment 1/3:1 --out <dir> --start-at <time>`);
  });
});

describe('bench segment and bench merge: refusals', () => {
  it('refuses a segment that is not in the plan, a past start, and --start-at barrier without a parent', async () => {
    const file = join(dir, 'plan2.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'bench-segment-plan/1',
        driver: 'open',
        url: 'http://127.0.0.1:1/',
        method: 'GET',
        headers: {},
        ratePerSec: 10,
        durationMs: 1000,
        timeoutMs: 1000,
        connections: 2,
        sequence: '0,1/2,1',
        allowRemote: false,
      }),
    );
    const wrong = await errorOf(segmentCommand(), ['--plan', file, '--segment', '0:1/3', '--out', dir]);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.message).toContain('not a segment of the plan');
    const past = await errorOf(segmentCommand(), [
      '--plan',
      file,
      '--segment',
      '0:1/2',
      '--out',
      dir,
      '--start-at',
      '2020-01-01T00:00:00Z',
    ]);
    expect(past.message).toContain('passed');
    const barrier = await errorOf(segmentCommand(), ['--plan', file, '--segment', '1/2:1', '--out', dir, '--start-at', 'barrier']);
    expect(barrier.message).toContain('needs a parent');
  });

  it('refuses a plan file with problems, naming the file and fields', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'bench-segment-plan/1',
        driver: 'open',
        url: 'http://127.0.0.1:1/',
        method: 'GET',
        headers: {},
        ratePerSec: 0,
        durationMs: 1000,
        timeoutMs: 1000,
        connections: 2,
        sequence: '0,1',
        allowRemote: 'no',
      }),
    );
    const e = await errorOf(segmentCommand(), ['--plan', file, '--segment', '0:1', '--out', dir]);
    expect(e.exitCode).toBe(2);
    expect(e.issues.map((i) => i.path)).toEqual(['ratePerSec', 'allowRemote']);
    expect(e.issues[0]!.file).toBe(file);
  });

  it('merge refuses a directory without results', async () => {
    const e = await errorOf(mergeCommand(), [dir]);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('holds no segment result');
  });
});
