// Bad input: exit 2, a message naming the file, the field and the fix, and nothing started.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../test/cli.ts';

describe('bench run with bad input', () => {
  it('exits 2 naming every bad field, before any setup or container', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-bad-'));
    const file = join(dir, 'bad.ts');
    await writeFile(
      file,
      `export default {
        name: 'bad one',
        topology: { kind: 'cahce' },
        load: { driver: 'closed', connections: 0, request: { method: 'GET', path: '/x' }, keys: { distribution: 'uniform', count: 10 } },
        phases: [{ name: 'a', durationMs: 5 }],
      };\n`,
    );
    const run = await runCli(['run', file]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}: name`);
    expect(run.stderr).toContain(`${file}: topology.kind`);
    expect(run.stderr).toContain(`${file}: load.connections`);
    expect(run.stderr).toContain(`${file}: phases[0].durationMs`);
    expect(run.stderr).toContain('fix:');
    expect(run.stderr).toContain('nothing was started');
    expect(run.stderr).not.toContain('==> ');
  });

  it('exits 2 for a missing file and for an unparsable one', async () => {
    expect((await runCli(['run', 'experiments/does-not-exist.ts'])).exitCode).toBe(2);
    const dir = await mkdtemp(join(tmpdir(), 'bench-bad-'));
    await writeFile(join(dir, 'broken.ts'), 'export default {{{');
    const run = await runCli(['run', join(dir, 'broken.ts')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('could not be loaded');
  });

  it('prints the plan for --dry-run without starting anything', async () => {
    const run = await runCli(['run', join(ROOT, 'experiments/cache-stampede.ts'), '--dry-run', '--duration-scale', '0.5']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('flush');
    expect(run.stdout).toContain('faults at start: cache-flush');
    expect(run.stderr).not.toContain('==> ');
  });
});
