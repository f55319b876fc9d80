import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { fixtureRunResult } from '../../test/fixtures/run-result.ts';
import { readRun } from './read-run.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-read-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const save = (data: unknown) => writeFile(join(dir, 'run.json'), typeof data === 'string' ? data : JSON.stringify(data));

async function rejection(promise: Promise<unknown>): Promise<BenchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BenchError);
  return error as BenchError;
}

describe('readRun', () => {
  it('reads a run directory or its run.json', async () => {
    await save(fixtureRunResult());
    expect(await readRun(dir)).toEqual(fixtureRunResult());
    expect((await readRun(join(dir, 'run.json'))).runId).toBe('20261123T083736Z-3f9a1c');
  });

  it('names the file and the fix for another schema version', async () => {
    await save({ ...fixtureRunResult(), schemaVersion: 2 });
    const newer = await rejection(readRun(dir));
    expect(newer.code).toBe('bad-input');
    expect(newer.message).toContain(join(dir, 'run.json'));
    expect(newer.message).toContain('schemaVersion 2');
    expect(newer.hint).toMatch(/upgrade bench/);

    await save({ ...fixtureRunResult(), schemaVersion: 0 });
    expect((await rejection(readRun(dir))).hint).toMatch(/older bench/);

    await save({ hello: 'world' });
    expect((await rejection(readRun(dir))).message).toMatch(/no schemaVersion/);
  });

  it('explains a missing run.json, bad JSON and missing fields', async () => {
    const empty = join(dir, 'interrupted');
    await mkdir(empty);
    const missing = await rejection(readRun(empty));
    expect(missing.message).toContain(join(empty, 'run.json'));
    expect(missing.hint).toMatch(/interrupted/);

    await save('{ not json');
    expect((await rejection(readRun(dir))).message).toMatch(/not valid JSON/);

    const { variants: _variants, runId: _runId, ...partial } = fixtureRunResult();
    await save(partial);
    const incomplete = await rejection(readRun(dir));
    expect(incomplete.issues.map((i) => i.path)).toEqual(['runId', 'variants']);
  });
});
