// `bench compare` reads saved runs only: fixture runs written with writeRun into a temp directory.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coalescingVariant, fixtureRun, noCoalescingVariant } from '../../test/fixtures/compare-variants.ts';
import { writeRun } from '../results/write-run.ts';
import { ROOT, type CliRun } from '../../test/cli.ts';

// The real CLI (main.ts) in a child process, with `compare` added to its command list when commands.ts does not list
// it yet, so the test does not depend on that wiring. Once it is listed, this runs plain `bench compare`.
const ENTRY = `
const { commands } = await import(${JSON.stringify(new URL('./commands.ts', import.meta.url).href)});
const { compareCommand } = await import(${JSON.stringify(new URL('./compare-command.ts', import.meta.url).href)});
if (!commands.some((build) => build().name() === 'compare')) commands.push(compareCommand);
const { main } = await import(${JSON.stringify(new URL('./main.ts', import.meta.url).href)});
process.exitCode = await main(process.argv.slice(1));
`;

function runCompare(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', ENTRY, '--', 'compare', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

// Each child loads the whole CLI (a few seconds on a busy host).
describe('bench compare', { timeout: 60_000 }, () => {
  let out = '';
  let single = '';
  let multi = '';
  let other = '';

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'bench-compare-'));
    single = await writeRun(out, fixtureRun('20261123T083736Z-aaaaaa', [noCoalescingVariant()]), []);
    multi = await writeRun(out, fixtureRun('20261124T083736Z-bbbbbb', [noCoalescingVariant(), coalescingVariant()]), []);
    other = await writeRun(out, fixtureRun('20261125T083736Z-cccccc', [noCoalescingVariant()], { experiment: 'retry-storm' }), []);
  });

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('prints a side-by-side table per phase (text by default)', async () => {
    const run = await runCompare([single, multi]);
    expect(run.exitCode, run.stderr).toBe(0);
    // Runs of one experiment are repeats: a column per variant, the runs that measured it pooled.
    expect(run.stdout).toContain('cache-stampede: no-coalescing (2 runs) vs coalescing (1 run)');
    expect(run.stdout).toContain('repeats 2/1: too few in some column to test');
    expect(run.stdout).toContain('phase flush');
    const requests = run.stdout.split('\n').filter((l) => l.trimStart().startsWith('requests'));
    expect(requests[1]?.trim().split(/\s{2,}/)).toEqual(['requests', '43512', '87024 (×2.00)']);
  });

  it('writes Markdown and JSON on request', async () => {
    const [md, json] = await Promise.all([runCompare([multi, '--format', 'md']), runCompare(['--format=json', multi])]);
    expect(md.exitCode, md.stderr).toBe(0);
    expect(md.stdout).toContain('| p99 ms | 873 | 412 (×0.47) |');
    expect(json.exitCode, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { labels: string[] }).labels).toEqual(
      ['no-coalescing', 'coalescing'].map((v) => `20261124T083736Z-bbbbbb/${v}`),
    );
  });

  it('exits 2 for runs of different experiments, naming both', async () => {
    const run = await runCompare([single, other]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'the runs are of different experiments (20261123T083736Z-aaaaaa: cache-stampede, 20261125T083736Z-cccccc: retry-storm)',
    );
    expect(run.stderr).toContain('fix:');
    expect(run.stdout).toBe('');
  });

  it('exits 2 for a directory without a run, an unknown format, or no run at all', async () => {
    const [missing, format, none] = await Promise.all([
      runCompare([single, out]),
      runCompare([single, '--format', 'html']),
      runCompare([]),
    ]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('run.json');
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toMatch(/html/);
    expect(none.exitCode).toBe(2);
  });
});
