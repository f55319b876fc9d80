import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { fixtureRunResult } from '../../test/fixtures/run-result.ts';
import { readRun } from './read-run.ts';
import { writeRun } from './write-run.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-write-run-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeRun', () => {
  it('writes every file and run.json into <root>/<experiment>/<runId>, leaving no temporary files', async () => {
    const result = fixtureRunResult();
    const dir = await writeRun(root, result, [
      { name: 'summary.md', content: '# hello\n' },
      { name: 'no-coalescing-flush.hgrm', content: 'Value Percentile\n' },
      { name: 'raw.bin', content: new Uint8Array([1, 2, 3]) },
    ]);
    expect(dir).toBe(join(root, 'cache-stampede', '20261123T083736Z-3f9a1c'));
    expect((await readdir(dir)).sort()).toEqual(['no-coalescing-flush.hgrm', 'raw.bin', 'run.json', 'summary.md']);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toBe('# hello\n');
    const text = await readFile(join(dir, 'run.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "experiment": "cache-stampede",\n');
    expect(JSON.parse(text)).toEqual(result);
    expect(await readRun(dir)).toEqual(result);
  });

  it('never overwrites an earlier run', async () => {
    const result = fixtureRunResult();
    const dir = await writeRun(root, result, [{ name: 'a.txt', content: 'first' }]);
    const second = writeRun(root, result, [{ name: 'a.txt', content: 'second' }]);
    await expect(second).rejects.toBeInstanceOf(BenchError);
    await expect(second).rejects.toThrow(/run directory already exists/);
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('first');
  });

  it('rejects names that would escape the run directory, before touching the disk', async () => {
    await expect(writeRun(root, { ...fixtureRunResult(), experiment: '../x' }, [])).rejects.toMatchObject({ code: 'bad-input' });
    await expect(writeRun(root, fixtureRunResult(), [{ name: '../evil', content: '' }])).rejects.toMatchObject({ code: 'internal' });
    await expect(writeRun(root, fixtureRunResult(), [{ name: 'run.json', content: '' }])).rejects.toThrow(/written by writeRun/);
    await expect(
      writeRun(root, fixtureRunResult(), [
        { name: 'a', content: '' },
        { name: 'a', content: '' },
      ]),
    ).rejects.toThrow(/twice/);
    expect(await readdir(root)).toEqual([]);
  });
});
