import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleTaskApi } from './bundle.ts';

const run = promisify(execFile);
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('bundleTaskApi', () => {
  it('writes one file that node accepts and that runs without node_modules', async () => {
    // A directory outside the repo, so the bundle cannot fall back on the root node_modules.
    const dir = await mkdtemp(join(tmpdir(), 'task-api-bundle-'));
    dirs.push(dir);
    const outFile = join(dir, 'server.js');
    await bundleTaskApi(outFile);
    expect((await stat(outFile)).size).toBeGreaterThan(10_000);
    await run(process.execPath, ['--check', outFile]);
    // With no configuration it must load every bundled module, then exit 2 naming the missing variables.
    const failed = await run(process.execPath, [outFile], { cwd: dir, env: { PATH: process.env.PATH ?? '' } }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('PORT is required');
    expect(failed?.stderr).toContain('DATABASE_URL is required');
  }, 30_000);
});
